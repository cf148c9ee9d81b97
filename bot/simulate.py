"""`gardien simulate`: replay an event stream through a rule file, offline.

Admins use it to try a new rule on last month's history before enabling it:
time comes from the events, state (points, windows, cooldowns) is kept in
memory per member and community, and malformed lines are reported and skipped.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from bot.eventstream import EventFormatError, dumps_line, event_of, parse_event
from bot.watch.crisis import Change, Crises, CrisisStarted
from rules.engine import evaluate, evaluate_join
from rules.events import Join, Leave, Message
from rules.ruleset import Ruleset
from rules.state import StateBook, timestamp
from rules.verdict import Verdict

# Enough to see what is wrong with a stream; a whole file of bad lines must not bury
# standard error.
SHOWN_PROBLEMS = 20


@dataclass
class Summary:
    events: int = 0
    messages: int = 0
    joins: int = 0
    leaves: int = 0
    malformed: int = 0
    triggering: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    shadow: Counter[str] = field(default_factory=Counter)
    actions: Counter[str] = field(default_factory=Counter)
    sanctioned: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    points: dict[tuple[str, str], int] = field(default_factory=dict)
    watched: Counter[str] = field(default_factory=Counter)   # messages per watched term
    crises: list[Change] = field(default_factory=list)


def verdict_line(verdict: Verdict, kinds: list[str] | None = None) -> str:
    line: dict[str, object] = {
        "event": verdict.event,
        "user": verdict.user,
        "rules": list(verdict.rules),
        "actions": verdict.action_kinds if kinds is None else kinds,
        "points": verdict.points,
        "shadow": list(verdict.shadow),
    }
    if verdict.watch:
        line["watch"] = list(verdict.watch)
        line["sentiment"] = round(verdict.sentiment or 0.0, 2)
    return dumps_line(line)


def iso(moment: float) -> str:
    """A POSIX time as the event stream writes it: UTC, seconds, `Z`."""
    when = datetime.fromtimestamp(moment, UTC)
    text = when.isoformat(timespec="milliseconds" if when.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def crisis_line(change: Change) -> str:
    if isinstance(change, CrisisStarted):
        return json.dumps({"crisis": "start", "community": change.community,
                           "at": iso(change.at), "negative": change.negative,
                           "usual": round(change.usual, 2)}, ensure_ascii=False)
    return json.dumps({"crisis": "end", "community": change.community, "at": iso(change.at)},
                      ensure_ascii=False)


def crisis_changes(crises: Crises, ruleset: Ruleset, event: Message | Join | Leave,
                   verdict: Verdict | None) -> list[Change]:
    """What a scored message does to its community's crisis alarm (time = the event's)."""
    if (ruleset.crisis is None or not isinstance(event, Message) or verdict is None
            or verdict.sentiment is None):
        return []
    return crises.message(event.community, ruleset.crisis, timestamp(event.at),
                          verdict.sentiment, edited=event.edited,
                          channel=event.channel_id or event.channel, message=event.id,
                          terms=verdict.watch)


Replayed = tuple[Message | Join | Leave, Verdict | None]


Line = str | bytes | dict[str, Any]


def replay(ruleset: Ruleset | None, lines: Iterable[Line], errors: TextIO,
           summary: Summary) -> Iterator[Replayed]:
    """Every event of the stream with the engine's verdict on it, in stream order.

    The one engine loop behind `simulate` and `gardien report --events`: state is kept per
    member and community, time is the events' own. The verdict is None where nothing is
    evaluated (a leave; every event when `ruleset` is None). Malformed lines are counted
    in `summary` and the first SHOWN_PROBLEMS reported on `errors` with their number and
    reason; one line counts the rest once the stream is exhausted.
    """
    book = StateBook(max_members=10**9)
    for number, line in enumerate(lines, start=1):
        try:
            if isinstance(line, dict):   # an export's event, not read back from its line
                event = event_of(line)
            elif not line.strip():
                continue
            else:
                event = parse_event(line)
        except EventFormatError as error:
            summary.malformed += 1
            if summary.malformed <= SHOWN_PROBLEMS:
                errors.write(f"line {number}: skipped: {error}\n")
            continue
        summary.events += 1
        verdict: Verdict | None = None
        if isinstance(event, Leave):
            summary.leaves += 1
        elif isinstance(event, Join):
            summary.joins += 1
            if ruleset is not None:   # rules with `on: [join]`
                verdict = evaluate_join(ruleset, event, book.get(event.community, event.user.id),
                                        book)
        else:
            summary.messages += 1
            if ruleset is not None:
                verdict = evaluate(ruleset, event, book.get(event.community, event.user.id), book)
        yield event, verdict
    if summary.malformed > SHOWN_PROBLEMS:
        errors.write(f"... and {summary.malformed - SHOWN_PROBLEMS} more malformed lines "
                     f"skipped ({summary.malformed} in all)\n")


def simulate(ruleset: Ruleset, lines: Iterable[Line], out: TextIO | None,
             errors: TextIO) -> Summary:
    """Run every event; write one JSON line per triggering event to `out` (if given).

    Lines may be bytes (as `gardien simulate` reads them: a byte that is not UTF-8 then
    costs its own line only). Malformed lines are reported as `replay` says.
    """
    summary = Summary()
    crises = Crises()
    alarm = ruleset.crisis is not None
    write = out.write if out is not None else None
    for event, verdict in replay(ruleset, lines, errors, summary):
        if verdict is None:
            continue
        later: list[Change] = []
        if alarm:
            changes = crisis_changes(crises, ruleset, event, verdict)
            later = [c for c in changes if isinstance(c, CrisisStarted)]   # after its message
            for change in changes:
                if change not in later:
                    _crisis(summary, change, out)
        if verdict.rules or verdict.shadow or verdict.watch:
            kinds = verdict.action_kinds
            if verdict.rules or verdict.shadow:   # triggered
                summary.triggering += 1
                _tally(summary, verdict, kinds)
            if verdict.watch:
                summary.watched.update(verdict.watch)
            if write is not None:
                write(verdict_line(verdict, kinds))
                write("\n")
        for change in later:
            _crisis(summary, change, out)
    return summary


def _crisis(summary: Summary, change: Change, out: TextIO | None) -> None:
    summary.crises.append(change)
    if out is not None:
        out.write(crisis_line(change))
        out.write("\n")


_SANCTIONS = frozenset({"warn", "timeout", "kick", "ban"})


def _tally(summary: Summary, verdict: Verdict, kinds: list[str]) -> None:
    """Counted by hand: Counter.update's own checks cost more than these few items."""
    for counts, items in ((summary.rules, verdict.rules), (summary.shadow, verdict.shadow),
                          (summary.actions, kinds)):
        for item in items:
            counts[item] += 1
    member = (verdict.community, verdict.user)
    sanctions = [k for k in kinds if k in _SANCTIONS]
    if sanctions:
        summary.sanctioned.setdefault(member, Counter()).update(sanctions)
    summary.points[member] = verdict.points


def in_short(summary: Summary, top: int = 3) -> str:
    """The one sentence an admin reads first: what the rules would have done, in members."""
    members = Counter[str]()
    for counts in summary.sanctioned.values():
        members.update(counts.keys())
    ranked = ", ".join(f"{rule} ({count:,})" for rule, count in summary.rules.most_common(top))
    return (f"On these {summary.messages:,} messages your rules would have deleted "
            f"{summary.actions['delete']:,}, warned {members['warn']:,} "
            f"member{'' if members['warn'] == 1 else 's'}, timed out "
            f"{members['timeout']:,}, kicked {members['kick']:,} and banned {members['ban']:,}; "
            f"top rules: {ranked or 'none'}.")


def format_summary(summary: Summary, ruleset: Ruleset, top: int = 20) -> str:
    lines = [
        f"Simulated {summary.events} events ({summary.messages} messages, {summary.joins} joins) "
        f"with {ruleset.name!r} ({ruleset.file}).",
        f"{summary.triggering} events triggered a rule; {summary.malformed} malformed lines "
        "skipped.",
        "",
        "Rules fired:",
    ]
    fired = [(rule, count, "") for rule, count in summary.rules.most_common()]
    fired += [(rule, count, " (shadow)") for rule, count in summary.shadow.most_common()]
    if not fired:
        lines.append("  (none)")
    for rule, count, note in fired:
        lines.append(f"  {rule:<30} {count:>8}{note}")
    lines += ["", "Actions:"]
    lines += [f"  {kind:<30} {count:>8}" for kind, count in summary.actions.most_common()] or [
        "  (none)"
    ]
    lines += ["", f"Members sanctioned: {len(summary.sanctioned)}"]
    ranked = sorted(summary.sanctioned.items(), key=lambda item: -sum(item[1].values()))
    for (community, user), counts in ranked[:top]:
        detail = ", ".join(f"{kind} x{n}" for kind, n in counts.most_common())
        lines.append(
            f"  {user} in {community}: {detail}; "
            f"{summary.points.get((community, user), 0)} points at the end"
        )
    if len(ranked) > top:
        lines.append(f"  ... and {len(ranked) - top} more")
    lines += ["", in_short(summary)]
    if ruleset.watch is not None:
        lines += ["", "Watched terms:"]
        lines += [f"  {term:<30} {summary.watched[term]:>8} messages"
                  for term in ruleset.watch.terms]
    if ruleset.crisis is not None:
        starts = [c for c in summary.crises if isinstance(c, CrisisStarted)]
        lines += ["", f"Crises: {len(starts)}"]
        lines += [f"  {c.community}: from {iso(c.at)}, {c.negative} negative messages "
                  f"(usual {c.usual:.1f})" for c in starts[:top]]
    return "\n".join(lines)
