"""The readable summary of a report: what `gardien report` prints without `--json`, and
what the `stats` command answers in chat, in the rule file's language.

It reads the figures of a `Report` only, so it says exactly what `--json` says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from bot.insight.compute import COMMUNICATOR_MESSAGES
from bot.insight.model import Engagement, Report, Watch
from catalogue import supported, t

SHOWN_CHANNELS = 5   # the busiest channels named; the rest are counted
SHOWN_RULES = 5


def summary_text(report: Report, locale: str | None = None) -> str:
    """Several lines, one figure or group of figures each (no trailing newline)."""
    lang = supported(locale or report.get("locale"))

    def n(value: int) -> str:
        return f"{value:,}".replace(",", t(lang, "insight.thousands"))

    first = report["from_"]
    last = (date.fromisoformat(report["to"]) - timedelta(days=1)).isoformat()
    head = "insight.head_day" if first == last else "insight.head"
    lines = [t(lang, head, community=report["community"], first=first, last=last,
               timezone=report["timezone"])]
    if report["messages"]:
        lines.append(t(lang, "insight.messages", messages=n(report["messages"]),
                       active=n(report["active_members"]),
                       communicators=n(report["communicators"]),
                       threshold=COMMUNICATOR_MESSAGES))
        busiest = max(report["daily"], key=lambda d: (d["messages"], -_ordinal(d["day"])))
        lines.append(t(lang, "insight.busiest_day", day=busiest["day"],
                       messages=n(busiest["messages"]),
                       average=n(round(report["messages"] / len(report["daily"])))))
        hours = report["hours"]
        hour = max(range(24), key=lambda h: (hours[h], -h))
        lines.append(t(lang, "insight.busiest_hour", hour=f"{hour:02d}",
                       next=f"{(hour + 1) % 24:02d}", messages=n(hours[hour])))
        named = [f"{c['channel']} ({n(c['messages'])})"
                 for c in report["channels"][:SHOWN_CHANNELS]]
        hidden = len(report["channels"]) - SHOWN_CHANNELS
        if hidden > 0:
            named.append(t(lang, "insight.more", count=n(hidden)))
        lines.append(t(lang, "insight.channels", channels=", ".join(named)))
    else:
        lines.append(t(lang, "insight.no_messages"))
    lines.append(t(lang, "insight.members", joins=n(report["joins"]),
                   leaves=n(report["leaves"])))
    newcomers = report["newcomers"]
    lines.append(t(lang, "insight.newcomers", joined=n(newcomers["joined"]),
                   posted=n(newcomers["posted"]), stayed=n(newcomers["stayed"])))
    moderation = report.get("moderation")
    if moderation is not None:
        lines.append(t(lang, "insight.moderation", cases=n(moderation["cases"]),
                       messages=n(moderation["moderated_messages"])))
        if moderation["by_action"]:
            lines.append(t(lang, "insight.by_action", actions=", ".join(
                f"{t(lang, 'action.' + action)} ({n(count)})"
                for action, count in moderation["by_action"].items())))
        if moderation["by_rule"]:
            rules = [f"{rule} ({n(count)})" for rule, count in
                     list(moderation["by_rule"].items())[:SHOWN_RULES]]
            hidden = len(moderation["by_rule"]) - SHOWN_RULES
            if hidden > 0:
                rules.append(t(lang, "insight.more", count=n(hidden)))
            lines.append(t(lang, "insight.by_rule", rules=", ".join(rules)))
        if moderation["reports"]:
            median = moderation["report_response_median_s"]
            lines.append(t(lang, "insight.reports", reports=n(moderation["reports"]),
                           median=t(lang, "insight.no_response") if median is None
                           else _duration(lang, median)))
    watch = report.get("watch")
    if watch is not None:
        lines += _watch(lang, watch, n)
    engagement = report.get("engagement")
    if engagement is not None:
        lines += _engagement(lang, engagement, n)
    return "\n".join(lines)


def _engagement(lang: str, engagement: Engagement, n: Callable[[int], str]) -> list[str]:
    lines = [t(lang, "insight.engagement.sent", posts=n(engagement["posts"]),
               polls=n(engagement["polls"]),
               announcements=n(engagement["announcements"]))]
    if engagement["polls"]:
        share = engagement["poll_participation"]
        lines.append(t(lang, "insight.engagement.voters", voters=n(engagement["poll_voters"]),
                       share="-" if share is None else f"{100 * share:.0f}"))
    mean = engagement["messages_after_post_mean"]
    if mean is not None:
        lines.append(t(lang, "insight.engagement.after",
                       mean=f"{mean:.1f}".replace(".", t(lang, "insight.decimal"))))
    return lines


def _watch(lang: str, watch: Watch, n: Callable[[int], str]) -> list[str]:
    """Terms with their messages, the negative share, and each crisis with its times."""
    lines = []
    if watch["terms"]:
        lines.append(t(lang, "insight.watch.terms", terms=", ".join(
            f"{term['term']} ({n(term['messages'])})" for term in watch["terms"])))
    if watch["scored"]:
        share = f"{100 * watch['negative_share']:.1f}".replace(".", t(lang, "insight.decimal"))
        lines.append(t(lang, "insight.watch.sentiment", negative=n(watch["negative"]),
                       scored=n(watch["scored"]), share=share))
    else:
        lines.append(t(lang, "insight.watch.no_scored"))
    crises = watch["crises"]
    if not crises:
        lines.append(t(lang, "insight.watch.no_crisis"))
        return lines
    lines.append(t(lang, "insight.watch.crises", count=n(len(crises))))
    for crisis in crises:
        usual = f"{crisis['usual']:.1f}".replace(".", t(lang, "insight.decimal"))
        end = crisis["end"]
        if end is None:
            lines.append(t(lang, "insight.watch.crisis_open", start=_utc(crisis["start"]),
                           negative=n(crisis["negative"]), usual=usual))
        else:
            lines.append(t(lang, "insight.watch.crisis", start=_utc(crisis["start"]),
                           end=_utc(end), negative=n(crisis["negative"]), usual=usual))
    return lines


def _utc(iso: str) -> str:
    """A time of the JSON (UTC, ISO with Z) as people read it: 2026-11-02 10:02:00 UTC."""
    return f"{iso[:19].replace('T', ' ')} UTC"


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


def _duration(lang: str, seconds: float) -> str:
    """A wait as people say it: 45 s, 14 min, 2 h 5 min, 3 d 4 h."""
    whole = round(seconds)
    if whole < 60:
        return t(lang, "insight.unit.s", n=whole)
    minutes = round(seconds / 60)
    if minutes < 60:
        return t(lang, "insight.unit.min", n=minutes)
    if minutes < 24 * 60:
        return t(lang, "insight.unit.h", n=minutes // 60, m=minutes % 60)
    hours = round(seconds / 3600)
    return t(lang, "insight.unit.d", n=hours // 24, h=hours % 24)
