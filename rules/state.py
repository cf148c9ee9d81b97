"""Per-member, per-community memory the engine needs between messages.

Compact because a busy host keeps a million members in memory: a member's
recent messages are one flat `array('d')` of (time, text digest) pairs capped
at what the rule file's largest window needs, everything else is created on
first use, and members idle past every window (with no points or cooldown)
are evicted by `StateBook.sweep`.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import UTC, datetime

_DIGEST_BITS = (1 << 52) - 1   # digests kept exact inside a float


def text_digest(folded: str) -> float:
    """A 52-bit digest of a folded text, storable exactly in the float history; 0: no text."""
    return float((hash(folded) & _DIGEST_BITS) | 1) if folded else 0.0


class MemberState:
    """What one member did recently in one community."""

    __slots__ = ("cooldowns", "history", "joined_at", "last_group", "points")

    def __init__(self) -> None:
        self.history: array[float] | None = None          # t0, d0, t1, d1, ... oldest first
        self.points: list[tuple[float, int]] | None = None  # (time, points) not yet expired
        self.cooldowns: dict[str, float] | None = None     # rule id -> quiet until
        self.joined_at: float | None = None
        self.last_group: str = ""

    # --- history (flood and repeat) ------------------------------------------
    def record_message(self, now: float, group: str, keep: int, digest: float = 0.0) -> None:
        """Remember a message; an album (same group) counts once. `keep`: pairs to retain."""
        if keep <= 0:
            return
        if group:
            if group == self.last_group:
                return
            self.last_group = group
        history = self.history
        if history is None:
            self.history = array("d", (now, digest))
            return
        history.append(now)
        history.append(digest)
        excess = len(history) - 2 * keep
        if excess > 0:
            del history[:excess]

    def messages_within(self, now: float, window: float, at_least: int) -> bool:
        """True when at least `at_least` recorded messages fall within `window` seconds of now."""
        history = self.history
        if history is None or len(history) < 2 * at_least:
            return False
        return now - history[-2 * at_least] <= window

    def repeats_within(self, now: float, digest: float, window: float) -> int:
        """How many recorded texts (this one included) have `digest` within `window`."""
        history = self.history
        if history is None or not digest:
            return 0
        count = 0
        for index in range(len(history) - 2, -1, -2):
            if now - history[index] > window:
                break
            if history[index + 1] == digest:
                count += 1
        return count

    def last_seen(self) -> float:
        if self.history:
            return self.history[-2]
        return self.joined_at if self.joined_at is not None else 0.0

    # --- points ----------------------------------------------------------------
    def points_at(self, now: float, expire_after: float | None) -> int:
        """Unexpired points at `now`; a point exactly `expire_after` old still counts."""
        points = self.points
        if not points:
            return 0
        if expire_after is not None and now - min(points)[0] > expire_after:
            points = [(at, p) for at, p in points if now - at <= expire_after]
            self.points = points or None
        return sum(p for _, p in points)

    def add_points(self, now: float, points: int) -> None:
        if points:
            if self.points is None:
                self.points = []
            self.points.append((now, points))

    # --- cooldowns -------------------------------------------------------------
    def in_cooldown(self, rule: str, now: float) -> bool:
        cooldowns = self.cooldowns
        return cooldowns is not None and now < cooldowns.get(rule, float("-inf"))

    def start_cooldown(self, rule: str, until: float) -> None:
        if self.cooldowns is None:
            self.cooldowns = {}
        self.cooldowns[rule] = until

    def holds_something(self, now: float) -> bool:
        """Points or a running cooldown: state that must not be evicted."""
        if self.points:
            return True
        return bool(self.cooldowns) and any(until > now for until in self.cooldowns.values())


class StateBook:
    """Member states per community, kept in least-recently-active order for eviction.

    `max_members` is a hard cap (the least recently active go first); `sweep`
    drops members idle longer than the rules' longest window.
    """

    def __init__(self, max_members: int = 2_000_000) -> None:
        self.max_members = max_members
        self._communities: dict[str, dict[str, MemberState]] = {}
        self._count = 0

    def get(self, community: str, member: str) -> MemberState:
        members = self._communities.get(community)
        if members is None:
            members = self._communities[community] = {}
        state = members.get(member)
        if state is None:
            state = members[member] = MemberState()
            self._count += 1
            if self._count > self.max_members:
                self._evict_oldest()
        return state

    def peek(self, community: str, member: str) -> MemberState | None:
        members = self._communities.get(community)
        return members.get(member) if members is not None else None

    def sweep(self, now: float, horizon: float, budget: int = 10_000) -> int:
        """Evict up to `budget` members idle for more than `horizon` seconds; returns how many."""
        evicted = 0
        for members in self._communities.values():
            stale = []
            for member, state in members.items():
                if len(stale) >= budget - evicted:
                    break
                if now - state.last_seen() > horizon and not state.holds_something(now):
                    stale.append(member)
            for member in stale:
                del members[member]
            evicted += len(stale)
            if evicted >= budget:
                break
        self._count -= evicted
        return evicted

    def _evict_oldest(self) -> None:
        """Over the hard cap: drop the member idle the longest in the largest community."""
        members = max(self._communities.values(), key=len)
        oldest = min(members, key=lambda m: members[m].last_seen())
        del members[oldest]
        self._count -= 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[tuple[str, str], MemberState]]:
        for community, members in self._communities.items():
            for member, state in members.items():
                yield (community, member), state


def timestamp(moment: datetime) -> float:
    """Seconds since the epoch for an aware datetime (naive ones are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
