"""The crisis alarm: a wave of negative messages measured against the community's usual.

One `Wave` per community, fed the negative messages in time order and told the time as
it passes; it says when a crisis starts and when it ends, as FORMATS.md defines them:

- the window's count: negative messages within the last `window` (a message exactly
  `window` old has left it);
- `usual`: the mean number of negative messages per `window` over the 24 hours before the
  current window, or since the first message seen when that is shorter (never less than
  one window, so a first burst is compared with what came before it, not extrapolated);
- a crisis starts when the count reaches `negative` and `factor` times `usual`, and ends
  when the count falls below half of `negative`, at the moment it falls.

The same class runs in `gardien simulate` (time = the events') and in `gardien run` (time =
the clock, with a tick so a crisis ends even when the community goes quiet). Memory per
community is bounded: the window's messages (for the alert's links and terms) and one
count per minute of the 24 hours before it.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field

from rules.watch import CrisisPolicy, is_negative

DAY = 86_400.0
TOP_TERMS = 3
WORST_SHOWN = 3
MAX_KEPT = 10_000   # window entries kept for links and terms (the count itself is exact)


@dataclass(frozen=True, slots=True)
class Negative:
    """A negative message, as much of it as the alert needs (never its text)."""

    at: float
    score: float
    channel: str = ""
    message: str = ""       # the message id, for a link
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CrisisStarted:
    community: str
    at: float
    negative: int                     # the window's count at the start
    usual: float
    terms: tuple[tuple[str, int], ...]   # the most frequent watched terms, with counts
    worst: tuple[Negative, ...]          # the most negative messages of the window
    channels: tuple[str, ...] = ()       # where the window's negatives are, most first


@dataclass(frozen=True, slots=True)
class CrisisEnded:
    community: str
    at: float
    started_at: float
    peak: int


@dataclass
class Wave:
    """One community's negative messages: the window, the minutes before it, the alarm."""

    community: str
    policy: CrisisPolicy
    first_at: float | None = None
    started_at: float | None = None   # the open crisis, if any
    peak: int = 0
    _window: deque[Negative] = field(default_factory=deque)
    _times: deque[float] = field(default_factory=deque)   # every negative in the window (exact)
    _recent: deque[list[float]] = field(default_factory=deque)     # [minute, count] in window
    _baseline: deque[list[float]] = field(default_factory=deque)   # [minute, count] before
    _baseline_sum: float = 0.0

    @property
    def in_crisis(self) -> bool:
        return self.started_at is not None

    @property
    def count(self) -> int:
        """Negative messages in the window (as of the last `advance`)."""
        return len(self._times)

    def seen(self, at: float) -> None:
        """A message was scored (negative or not): the baseline counts from the first."""
        if self.first_at is None or at < self.first_at:
            self.first_at = at

    def usual(self, now: float) -> float:
        """Mean negatives per window over the 24 h before the window (see the module)."""
        start = now - self.policy.window
        span = min(DAY, start - (self.first_at if self.first_at is not None else now))
        return self._baseline_sum / max(span / self.policy.window, 1.0)

    def advance(self, now: float) -> CrisisEnded | None:
        """Let time pass: messages leave the window; the crisis ends when it falls low."""
        window = self.policy.window
        ended: CrisisEnded | None = None
        times = self._times
        while times and times[0] <= now - window:
            left = times.popleft() + window
            if ended is None and self.started_at is not None and (
                    len(times) * 2 < self.policy.negative):
                ended = CrisisEnded(self.community, left, self.started_at, self.peak)
                self.started_at, self.peak = None, 0
        kept = self._window
        while kept and kept[0].at <= now - window:
            kept.popleft()
        self._slide_minutes(now)
        return ended

    def negative(self, item: Negative) -> tuple[CrisisEnded | None, CrisisStarted | None]:
        """A negative message at `item.at` (not an edit): maybe the end of an earlier
        crisis (time passed first), maybe the start of one."""
        self.seen(item.at)
        ended = self.advance(item.at)
        self._times.append(item.at)
        if len(self._window) < MAX_KEPT:
            self._window.append(item)
        minute = float(int(item.at // 60))
        if self._recent and self._recent[-1][0] == minute:
            self._recent[-1][1] += 1
        else:
            self._recent.append([minute, 1.0])
        count = len(self._times)
        if self.started_at is not None:
            self.peak = max(self.peak, count)
            return ended, None
        policy = self.policy
        usual = self.usual(item.at)
        if count < policy.negative or count < policy.factor * usual:
            return ended, None
        self.started_at, self.peak = item.at, count
        return ended, CrisisStarted(self.community, item.at, count, usual, self._top_terms(),
                                    self._worst(), self._channels())

    def restore(self, minutes: list[tuple[float, int]], now: float,
                open_since: float | None) -> None:
        """After a restart: the stored per-minute negatives (POSIX minute, count) and the
        crisis left open. Messages of the window are known only to the minute."""
        for minute, count in sorted(minutes):
            if count <= 0:
                continue
            self.seen(minute * 60)
            at = minute * 60.0
            self._recent.append([float(minute), float(count)])
            self._times.extend([at] * count)
        if open_since is not None:
            self.started_at, self.peak = open_since, len(self._times)
        self._slide_minutes(now)
        times = self._times
        while times and times[0] <= now - self.policy.window:
            times.popleft()

    def _slide_minutes(self, now: float) -> None:
        """Minutes wholly before the window move to the baseline; older than 24 h go."""
        start = now - self.policy.window
        recent, baseline = self._recent, self._baseline
        while recent and (recent[0][0] + 1) * 60 <= start:
            bucket = recent.popleft()
            baseline.append(bucket)
            self._baseline_sum += bucket[1]
        while baseline and (baseline[0][0] + 1) * 60 <= start - DAY:
            self._baseline_sum -= baseline.popleft()[1]

    def _top_terms(self) -> tuple[tuple[str, int], ...]:
        counts = Counter(term for item in self._window for term in item.terms)
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS])

    def _channels(self) -> tuple[str, ...]:
        counts = Counter(item.channel for item in self._window if item.channel)
        return tuple(sorted(counts, key=lambda channel: (-counts[channel], channel)))

    def _worst(self) -> tuple[Negative, ...]:
        return tuple(sorted(self._window, key=lambda item: (item.score, item.at))[:WORST_SHOWN])


Change = CrisisStarted | CrisisEnded


class Crises:
    """Every community's wave, created on its first scored message (rule files with
    `crisis`); what `gardien simulate` and `gardien run` both feed."""

    def __init__(self) -> None:
        self.waves: dict[str, Wave] = {}

    def wave(self, community: str, policy: CrisisPolicy) -> Wave:
        wave = self.waves.get(community)
        if wave is None:
            wave = self.waves[community] = Wave(community, policy)
        elif wave.policy != policy:   # a reloaded file: same history, an open crisis kept
            wave.policy = policy
        return wave

    def message(self, community: str, policy: CrisisPolicy | None, at: float, score: float,
                *, edited: bool = False, channel: str = "", message: str = "",
                terms: tuple[str, ...] = ()) -> list[Change]:
        """One scored message: the changes it brings, in time order (an end, then a start)."""
        if policy is None:   # `crisis` removed: an open crisis still ends by the tick
            wave = self.waves.get(community)
            if wave is not None and not wave.in_crisis:
                del self.waves[community]
            return []
        wave = self.wave(community, policy)
        if edited:            # an edit is not a new message: it moves time only
            wave.seen(at)
            ended = wave.advance(at)
            return [ended] if ended else []
        if not is_negative(score):
            wave.seen(at)
            ended = wave.advance(at)
            return [ended] if ended else []
        ended, started = wave.negative(Negative(at, score, channel, message, terms))
        return [change for change in (ended, started) if change is not None]

    def tick(self, now: float) -> list[CrisisEnded]:
        """Time passes without messages: crises whose window emptied end."""
        ended = []
        for wave in self.waves.values():
            if wave.in_crisis and (change := wave.advance(now)) is not None:
                ended.append(change)
        return ended
