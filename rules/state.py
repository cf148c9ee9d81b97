"""Per-member, per-community memory the engine needs between messages.

Compact because a busy host keeps a million members in memory: a member's
recent messages are packed (time, text digest) pairs in one `bytes`, capped at
what the rule file's largest window needs; points, cooldowns and the join
time live in a second object created on first use; numeric member ids are
stored as ints; and members idle past every window (with no points or
cooldown) are evicted by `StateBook.sweep`.
"""

from __future__ import annotations

import struct
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice

_DIGEST_BITS = (1 << 52) - 1   # digests kept exact inside a float


def text_digest(folded: str) -> float:
    """A 52-bit digest of a folded text, storable exactly in the float history; 0: no text."""
    return float((hash(folded) & _DIGEST_BITS) | 1) if folded else 0.0


_PAIR = struct.Struct("<dd")      # (time, digest) as stored in a member's history
_TIME = struct.Struct("<d")
_EMPTY = b""


class _Extra:
    """The rarer parts of a member's state, allocated only when one is needed."""

    __slots__ = ("cooldowns", "joined_at", "points")

    def __init__(self) -> None:
        self.points: list[tuple[float, int]] | None = None  # (time, points) not yet expired
        self.cooldowns: dict[str, float] | None = None     # rule id -> quiet until
        self.joined_at: float | None = None


class MemberState:
    """What one member did recently in one community.

    `history` is packed (time, digest) pairs in an immutable `bytes`: 16 bytes a message,
    no per-float objects, not tracked by the garbage collector.
    """

    __slots__ = ("extra", "history", "last_group")

    def __init__(self) -> None:
        self.history: bytes = _EMPTY
        self.extra: _Extra | None = None
        self.last_group: str = ""

    def _extras(self) -> _Extra:
        if self.extra is None:
            self.extra = _Extra()
        return self.extra

    @property
    def points(self) -> list[tuple[float, int]] | None:
        return self.extra.points if self.extra is not None else None

    @points.setter
    def points(self, value: list[tuple[float, int]] | None) -> None:
        self._extras().points = value

    @property
    def cooldowns(self) -> dict[str, float] | None:
        return self.extra.cooldowns if self.extra is not None else None

    @property
    def joined_at(self) -> float | None:
        return self.extra.joined_at if self.extra is not None else None

    @joined_at.setter
    def joined_at(self, value: float | None) -> None:
        self._extras().joined_at = value

    # --- history (flood and repeat) ------------------------------------------
    # Kept in time order, whatever the order events arrive in (a stream replayed out of
    # order, a platform's late delivery, a clock set years ahead): windows count by the
    # events' times, so a late message is judged with the messages sent around its own
    # time and never with ones years apart. In time order (the usual case) each call costs
    # what it did before: a late message takes the slow path, one scan of a bounded history.
    def record_message(self, now: float, group: str, keep: int, digest: float = 0.0) -> None:
        """Remember a message; an album (same group) counts once. `keep`: pairs to retain
        (the latest in time: a message older than all of a full history is not kept)."""
        if keep <= 0:
            return
        if group:
            if group == self.last_group:
                return
            self.last_group = group
        history = self.history
        if history and now < _TIME.unpack_from(history, len(history) - 16)[0]:
            cut = 16 * bisect_right(_times(history), now)
            history = history[:cut] + _PAIR.pack(now, digest) + history[cut:]
        else:
            history = history + _PAIR.pack(now, digest)
        if len(history) > 16 * keep:
            history = history[-16 * keep:]
        self.history = history

    def messages_within(self, now: float, window: float, at_least: int) -> bool:
        """True when at least `at_least` recorded messages, the one at `now` included, fall
        within one span of `window` seconds around `now`."""
        history = self.history
        offset = len(history) - 16 * at_least
        if offset < 0:
            return False
        if now >= _TIME.unpack_from(history, len(history) - 16)[0]:   # in time order
            oldest: float = _TIME.unpack_from(history, offset)[0]
            return now - oldest <= window
        return _densest(_late_times(_times(history), now), now, window) >= at_least

    def repeats_within(self, now: float, digest: float, window: float) -> int:
        """How many recorded texts (this one included) have `digest` within one span of
        `window` seconds around `now`."""
        if not digest or not self.history:
            return 0
        pairs = memoryview(self.history).cast("d")
        if now < pairs[-2]:   # a late message: count by time, around its own
            matching = [pairs[i] for i in range(0, len(pairs), 2) if pairs[i + 1] == digest]
            if matching:
                return _densest(_late_times(matching, now, pairs[0]), now, window)
            return 0
        count = 0
        for index in range(len(pairs) - 2, -1, -2):
            if now - pairs[index] > window:
                break
            if pairs[index + 1] == digest:
                count += 1
        return count

    def last_seen(self) -> float:
        if self.history:
            latest: float = _TIME.unpack_from(self.history, len(self.history) - 16)[0]
            return latest
        joined = self.joined_at
        return joined if joined is not None else 0.0

    # --- points ----------------------------------------------------------------
    def points_at(self, now: float, expire_after: float | None) -> int:
        """Unexpired points at `now`; a point exactly `expire_after` old still counts."""
        points = self.points
        if not points:
            return 0
        if expire_after is not None and now - min(points)[0] > expire_after:
            points = [(at, p) for at, p in points if now - at <= expire_after]
            self._extras().points = points or None
        return sum(p for _, p in points)

    def add_points(self, now: float, points: int) -> None:
        if points:
            extra = self._extras()
            if extra.points is None:
                extra.points = []
            extra.points.append((now, points))

    # --- cooldowns -------------------------------------------------------------
    def in_cooldown(self, rule: str, now: float) -> bool:
        cooldowns = self.cooldowns
        return cooldowns is not None and now < cooldowns.get(rule, float("-inf"))

    def start_cooldown(self, rule: str, until: float) -> None:
        extra = self._extras()
        if extra.cooldowns is None:
            extra.cooldowns = {}
        extra.cooldowns[rule] = until

    def holds_something(self, now: float) -> bool:
        """Points or a running cooldown: state that must not be evicted."""
        if self.extra is None:
            return False
        if self.extra.points:
            return True
        cooldowns = self.extra.cooldowns
        return cooldowns is not None and any(until > now for until in cooldowns.values())


def _times(history: bytes) -> list[float]:
    """The times of a packed history, in order."""
    pairs = memoryview(history).cast("d")
    return [pairs[index] for index in range(0, len(pairs), 2)]


def _late_times(times: list[float], now: float, oldest: float | None = None) -> list[float]:
    """`times` with the late message at `now` in it: a message older than the whole of a
    full history was not kept, yet it counts for its own verdict."""
    first = times[0] if oldest is None else oldest
    return [now, *times] if now < first else times


def _densest(times: list[float], now: float, window: float) -> int:
    """The most of `times` (sorted) inside one span of `window` seconds that holds `now`.

    Such a span can be taken to start at one of the times between now - window and now.
    """
    best = 0
    for start in range(bisect_left(times, now - window), bisect_right(times, now)):
        best = max(best, bisect_right(times, times[start] + window) - start)
    return best


def _member_key(member: str) -> str | int:
    """Numeric platform ids are kept as ints: 32 bytes instead of ~70 for a snowflake string.

    ASCII digits only: str.isdigit() also holds for "²" (which int() refuses) and for other
    scripts' digits ("١٢٣", which int() reads as 123, so two members would share a state).
    """
    if member.isascii() and member.isdigit() and member[0] != "0" and len(member) < 19:
        return int(member)
    return member


class StateBook:
    """Member states per community, each community's in least-recently-used order.

    `get` moves a member to the end of its community's dict (insertion order is the
    order of use), so the idle are at the front: `sweep` and the hard cap `max_members`
    only ever look at the front, and cost what they evict, never the whole book.
    """

    def __init__(self, max_members: int = 2_000_000) -> None:
        self.max_members = max_members
        self._communities: dict[str, dict[str | int, MemberState]] = {}
        self._count = 0

    def get(self, community: str, member: str) -> MemberState:
        members = self._communities.get(community)
        if members is None:
            members = self._communities[community] = {}
        key = _member_key(member)
        state = members.pop(key, None)
        if state is None:
            state = MemberState()
            self._count += 1
            if self._count > self.max_members:
                members[key] = state   # the newcomer is the most recent: never evicted first
                self._evict_oldest()
                return state
        members[key] = state
        return state

    def peek(self, community: str, member: str) -> MemberState | None:
        members = self._communities.get(community)
        return members.get(_member_key(member)) if members is not None else None

    def sweep(self, now: float, horizon: float, budget: int = 10_000) -> int:
        """Evict up to `budget` members idle for more than `horizon` seconds; returns how many.
        Each community is read from its front (least recently used) and no further than its
        first member still active; members kept for points or a cooldown go to the back."""
        evicted = 0
        for members in self._communities.values():
            keep: list[tuple[str | int, MemberState]] = []
            stale: list[str | int] = []
            for member, state in members.items():
                left = budget - evicted
                if len(stale) >= left or len(keep) >= 2 * left:
                    break
                if now - state.last_seen() <= horizon:
                    break
                if state.holds_something(now):
                    keep.append((member, state))
                else:
                    stale.append(member)
            for member in stale:
                del members[member]
            for member, state in keep:
                del members[member]
                members[member] = state
            evicted += len(stale)
            if evicted >= budget:
                break
        self._count -= evicted
        return evicted

    def _evict_oldest(self) -> None:
        """Over the hard cap: drop the least recently used members of the largest community,
        a small batch at a time so that finding the largest is paid once per batch."""
        members = max(self._communities.values(), key=len)
        over = self._count - self.max_members + self.max_members // 1024
        batch = max(1, min(len(members) - 1, over))
        for oldest in list(islice(members, batch)):
            del members[oldest]
        self._count -= batch

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[tuple[str, str], MemberState]]:
        for community, members in self._communities.items():
            for member, state in members.items():
                yield (community, str(member)), state


def timestamp(moment: datetime) -> float:
    """Seconds since the epoch for an aware datetime (naive ones are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
