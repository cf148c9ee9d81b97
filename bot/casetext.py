"""How cases and people read in texts: one format for the mod log and `case N`.

Pure functions of a case and a locale, shared by the mod log (a core service)
and the moderators' commands, so both always show a case the same way.
"""

from __future__ import annotations

from datetime import datetime

from catalogue import supported, t
from rules.durations import format_duration
from storage.models import Case

MAX_POST = 1900          # under Discord's 2000 and Telegram's 4096
EXCERPT = 200
ACTIONS = ("warn", "timeout", "untimeout", "kick", "ban", "unban", "purge")   # worded ones


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def who(name: str, user: str) -> str:
    """How people are named in texts: `name (id)`, or the id alone."""
    return f"{name} ({user})" if name and name != user else user


def shown_reason(locale: str, reason: str) -> str:
    """A case's reason as people read it: the case stores "" when the moderator gave none
    (the data stays what was typed), and every text says so in the community's words."""
    return reason or t(supported(locale), "case.no_reason")


def action_name(locale: str, action: str) -> str:
    """An action as the catalogue words it (kinds without a word stay as they are)."""
    return t(locale, "action." + action) if action in ACTIONS else action


def format_case(locale: str, case: Case, *, member: str = "", moderator: str = "",
                link: str | None = None) -> str:
    """The one readable format of a case, for the mod log and `case N`."""
    locale = supported(locale)
    lines = [t(locale, "modlog.head", number=case.number, action=action_name(locale, case.action),
               member=who(member, case.user) if case.user else "—")]
    if case.moderator:
        lines.append(t(locale, "modlog.moderator", moderator=who(moderator, case.moderator)))
    else:
        lines.append(t(locale, "modlog.rule", rule=case.rule))
    lines.append(t(locale, "modlog.reason",
                   reason=shown_reason(locale, excerpt(case.reason, 300))))
    if case.points:
        lines.append(t(locale, "modlog.points", points=case.points))
    if case.expires_at is not None:
        lines.append(t(locale, "modlog.duration",
                       duration=format_duration(case.expires_at - case.created_at),
                       until=stamp(case.expires_at)))
    if case.evidence:
        lines.append(t(locale, "modlog.evidence", evidence=excerpt(case.evidence)))
    if link:
        lines.append(t(locale, "modlog.link", link=link))
    if case.status == "failed":
        lines.append(t(locale, "modlog.failed", error=case.error or ""))
    elif case.status == "pending":
        lines.append(t(locale, "modlog.pending"))
    return "\n".join(lines)[:MAX_POST]
