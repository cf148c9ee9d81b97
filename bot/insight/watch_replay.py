"""The watch figures of a replayed stream (`gardien report --events --rules`).

Fed each event with the engine's verdict in stream order, it counts what the live bot
records (bot/watch/service.py) the way it records it: scored messages and the negative
ones per local day (edits left out), each message's term once (edits included), and the
crises the same alarm raises, through `bot.simulate.crisis_changes` as `simulate` does.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.insight.watch import Crisis, WatchCounts
from bot.simulate import crisis_changes
from bot.watch.crisis import Crises, CrisisStarted
from rules.events import Join, Leave, Message
from rules.ruleset import Ruleset
from rules.state import timestamp
from rules.verdict import Verdict
from rules.watch import is_negative


class WatchReplay:
    """Every community's watch figures, in the timezone `zone` gives it."""

    def __init__(self, ruleset: Ruleset, zone: Callable[[str], str]) -> None:
        self.ruleset = ruleset
        self.zone = zone
        self.crises = Crises()
        self.counts: dict[str, WatchCounts] = {}
        self._found: dict[str, set[tuple[str, str]]] = {}   # community -> (message, term)

    def of(self, community: str) -> WatchCounts:
        counts = self.counts.get(community)
        if counts is None:
            counts = self.counts[community] = WatchCounts(self.zone(community))
        return counts

    def feed(self, event: Message | Join | Leave, verdict: Verdict | None) -> None:
        changes = crisis_changes(self.crises, self.ruleset, event, verdict)
        if not isinstance(event, Message) or verdict is None or verdict.sentiment is None:
            return
        counts = self.of(event.community)
        at = timestamp(event.at)
        if not event.edited:
            counts.scored_messages(at, 1, 1 if is_negative(verdict.sentiment) else 0)
        if verdict.watch:
            found = self._found.setdefault(event.community, set())
            for term in verdict.watch:
                if (event.id, term) not in found:
                    found.add((event.id, term))
                    counts.hit(at, term)
        for change in changes:
            if isinstance(change, CrisisStarted):
                counts.crises.append(Crisis(change.at, change.negative, change.usual))
            elif counts.crises and counts.crises[-1].end is None:
                counts.crises[-1].end = change.at
