"""Per-member, per-community memory the engine needs between messages.

Kept small and bounded: timestamps are floats (seconds since the epoch),
windows are capped deques sized from the rule file's largest window, and a
member's state is created lazily on the first message.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterator
from datetime import UTC, datetime


class MemberState:
    """What one member did recently in one community."""

    __slots__ = ("cooldowns", "joined_at", "last_group", "points", "recent", "texts")

    def __init__(self) -> None:
        self.recent: deque[float] | None = None  # message times, for flood
        self.texts: deque[tuple[float, int]] | None = (
            None  # (time, hash of folded text), for repeat
        )
        self.points: list[tuple[float, int]] | None = None  # (time, points) not yet expired
        self.cooldowns: dict[str, float] | None = None  # rule id -> quiet until
        self.joined_at: float | None = None
        self.last_group: str = ""

    # --- flood -----------------------------------------------------------
    def record_message(self, now: float, group: str, keep: int) -> None:
        """Remember a message time; an album (same group) counts once."""
        if keep <= 0:
            return
        if group and group == self.last_group:
            return
        self.last_group = group
        if self.recent is None or self.recent.maxlen != keep:
            self.recent = deque(self.recent or (), maxlen=keep)
        self.recent.append(now)

    def messages_within(self, now: float, window: float, at_least: int) -> bool:
        """True when at least `at_least` recorded messages fall within `window` seconds of now."""
        recent = self.recent
        if recent is None or len(recent) < at_least:
            return False
        return now - recent[-at_least] <= window

    # --- repeat ----------------------------------------------------------
    def record_text(self, now: float, digest: int, keep: int) -> None:
        if keep <= 0:
            return
        if self.texts is None or self.texts.maxlen != keep:
            self.texts = deque(self.texts or (), maxlen=keep)
        self.texts.append((now, digest))

    def repeats_within(self, now: float, digest: int, window: float) -> int:
        """How many recorded texts (this one included) equal `digest` within `window`."""
        count = 0
        for at, seen in reversed(self.texts or ()):
            if now - at > window:
                break
            if seen == digest:
                count += 1
        return count

    # --- points ----------------------------------------------------------
    def points_at(self, now: float, expire_after: float | None) -> int:
        """Unexpired points at `now`; a point exactly `expire_after` old still counts."""
        if not self.points:
            return 0
        if expire_after is None:
            return sum(p for _, p in self.points)
        alive = [(at, p) for at, p in self.points if now - at <= expire_after]
        self.points = alive or None
        return sum(p for _, p in alive)

    def add_points(self, now: float, points: int) -> None:
        if points:
            if self.points is None:
                self.points = []
            self.points.append((now, points))

    # --- cooldowns -------------------------------------------------------
    def in_cooldown(self, rule: str, now: float) -> bool:
        return bool(self.cooldowns) and now < self.cooldowns.get(rule, float("-inf"))  # type: ignore[union-attr]

    def start_cooldown(self, rule: str, until: float) -> None:
        if self.cooldowns is None:
            self.cooldowns = {}
        self.cooldowns[rule] = until


class StateBook:
    """Member states keyed by (community, member), least recently active evicted first.

    The runtime persists points and cooldowns; this is the hot in-memory copy.
    """

    def __init__(self, max_members: int = 1_000_000) -> None:
        self.max_members = max_members
        self._states: OrderedDict[tuple[str, str], MemberState] = OrderedDict()

    def get(self, community: str, member: str) -> MemberState:
        key = (community, member)
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = MemberState()
            if len(self._states) > self.max_members:
                self._states.popitem(last=False)
        else:
            self._states.move_to_end(key)
        return state

    def peek(self, community: str, member: str) -> MemberState | None:
        return self._states.get((community, member))

    def __len__(self) -> int:
        return len(self._states)

    def __iter__(self) -> Iterator[tuple[tuple[str, str], MemberState]]:
        return iter(self._states.items())


def timestamp(moment: datetime) -> float:
    """Seconds since the epoch for an aware datetime (naive ones are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
