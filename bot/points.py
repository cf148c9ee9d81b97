"""Warning points: the state the escalation ladder reads, kept in memory and in the store.

The engine adds points for rule warns as it judges; everything else that touches
a member's points (a moderator's warn, an accepted appeal, `history`, start-up)
goes through this service, so commands never reach into the engine's state.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.rulebook import Rulebook
from rules.actions import Action
from rules.sentencing import escalate
from rules.state import StateBook, timestamp
from rules.verdict import severity
from storage.base import Store
from storage.models import Case


class Points:
    def __init__(self, book: StateBook, rulebook: Rulebook, store: Store) -> None:
        self.book = book
        self.rulebook = rulebook
        self.store = store

    def current(self, community: str, user: str, now: datetime) -> int:
        """A member's unexpired points (0 for a member never warned)."""
        state = self.book.peek(community, user)
        if state is None:
            return 0
        expire_after = self.rulebook.for_community(community).escalation.expire_after
        return state.points_at(timestamp(now), expire_after)

    def add(self, community: str, user: str, points: int, now: datetime) -> tuple[int, int]:
        """Add points in memory (the store gets them with their case); (before, after)."""
        state = self.book.get(community, user)
        at = timestamp(now)
        expire_after = self.rulebook.for_community(community).escalation.expire_after
        before = state.points_at(at, expire_after)
        state.add_points(at, points)
        return before, before + points

    def crossed(self, community: str, before: int, after: int,
                values: dict[str, object]) -> tuple[int, Action] | None:
        """The escalation step crossed going from `before` to `after` points, if any: the one
        `escalate` picks, with the points it sits at (what names a step a moderator without
        its right leaves for another to apply)."""
        ruleset = self.rulebook.for_community(community)
        chosen: tuple[int, Action] | None = None
        for points in sorted({step.points for step in ruleset.escalation.steps
                              if before < step.points <= after}):
            action = escalate(ruleset, points - 1, points, values)
            if action is not None and (chosen is None
                                       or severity(action) > severity(chosen[1])):
                chosen = (points, action)
        return chosen

    def step_at(self, community: str, points: int,
                values: dict[str, object]) -> Action | None:
        """The step that fires on reaching `points` under the rules as they are now (a step
        left for another moderator, applied later); None when there is none any more."""
        return escalate(self.rulebook.for_community(community), points - 1, points, values)

    async def withdraw(self, case: Case) -> None:
        """Take back a warn's points (an accepted appeal), in the store and in memory."""
        await self.store.withdraw_points(case.community, case.number)
        state = self.book.peek(case.community, case.user)
        entries = state.points if state is not None else None
        if not entries:
            return
        at = timestamp(case.created_at)
        matching = [entry for entry in entries if entry[1] == case.points]
        if matching:   # the entry nearest the case's time
            entries.remove(min(matching, key=lambda entry: abs(entry[0] - at)))

    async def warm(self, now: datetime) -> tuple[int, int]:
        """At start-up: unexpired points and running cooldowns back into memory."""
        horizons = [r.escalation.expire_after for r in self.rulebook.rulesets()]
        if any(h is None for h in horizons) or not horizons:
            since = datetime(1970, 1, 1, tzinfo=UTC)
        else:
            since = now - timedelta(seconds=max(h for h in horizons if h is not None))
        points = await self.store.all_points_since(since)
        for community, user, at, amount in points:
            self.book.get(community, user).add_points(timestamp(at), amount)
        cooldowns = await self.store.cooldowns_after(now)
        for community, user, rule, until in cooldowns:
            self.book.get(community, user).start_cooldown(rule, timestamp(until))
        return len(points), len(cooldowns)
