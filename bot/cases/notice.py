"""The statement of reasons a sanctioned member receives (DSA art. 17).

A timeout, kick or ban tells the member what was decided, why, under which rule,
until when, and how to appeal (appeals stay open 180 days). The text rides on the
action itself (`notice`) because only the adapter knows when its platform still
lets the bot reach the member: Discord cannot write to someone who shares no
server with the bot any more, so it tells just before a kick or ban, once its own
checks (permissions, role order) have passed; Telegram and the console tell right
after the sanction succeeded. Telling never fails the sanction, and is never done
to a raid's newcomers (the lockdown speaks for them), to a re-applied timeout
(already told), to liftings, nor to a sanction already carried out by hand.

`COMMUNITY` stands in the text for the community's name, which the adapter knows
and fills (the core only has its id).
"""

from __future__ import annotations

from dataclasses import replace

from bot.cases.kinds import CaseKind
from bot.casetext import shown_reason, stamp
from bot.config_models import APPEAL_WINDOW
from catalogue import supported, t
from rules.actions import Action, Ban, Kick, Timeout
from rules.ruleset import Ruleset
from storage.models import Case

COMMUNITY = "\u2063community\u2063"   # invisible separators: never in a reason as typed
TOLD = frozenset({CaseKind.RULE, CaseKind.ESCALATION, CaseKind.MANUAL,
                  CaseKind.VERIFICATION})
NOTICE_LIMIT = 1900


def statement(ruleset: Ruleset, case: Case) -> str:
    """The member's copy of the decision, in the community's language."""
    locale = supported(ruleset.locale)
    until = stamp(case.expires_at) if case.expires_at is not None else "—"
    values = {"community": COMMUNITY, "number": case.number, "until": until}
    head = case.action
    if case.action == "ban" and case.expires_at is not None:
        head = "ban_until"
    lines = [t(locale, "notice." + head, **values),
             t(locale, "notice.reason", reason=shown_reason(locale, case.reason))]
    rule = next((r for r in ruleset.rules if r.id == case.rule), None)
    if rule is not None and rule.description:
        lines.append(t(locale, "notice.rule", rule=rule.description))
    lines.append(t(locale, "notice.by" if case.moderator else "notice.automatic"))
    lines.append(t(locale, "notice.appeal", days=APPEAL_WINDOW.days, number=case.number))
    return "\n".join(lines)[:NOTICE_LIMIT]


def with_notices(ruleset: Ruleset, case: Case, calls: tuple[Action, ...]
                 ) -> tuple[Action, ...]:
    """The calls, the sanction among them carrying the member's statement when one is due."""
    if CaseKind.of(case.rule) not in TOLD or not case.user:
        return calls
    told: list[Action] = []
    for action in calls:
        if isinstance(action, Timeout | Kick | Ban) and action.kind == case.action:
            action = replace(action, notice=statement(ruleset, case))
        told.append(action)
    return tuple(told)


def fill_community(notice: str, name: str) -> str:
    """The statement as sent: the community's name where the core left its place."""
    return notice.replace(COMMUNITY, name)
