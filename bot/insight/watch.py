"""The report's `watch` part: hits per watched term and day, the share of negative
messages, and the crises of the period (FORMATS.md, "Watch and crisis").

`WatchCounts` holds one community's figures by local day whichever way they were
gathered: offline, fed message by message while a stream is replayed
(`bot.insight.watch_replay`); live, read back from what the bot recorded (`read_watch`:
the hits, the per-minute sentiment counts and the crises tables). `build_watch` turns
either into the report's `Watch`, so both give the same object for the same events.

The counting rules, the same both ways (they are the live bot's):
- a message is scored when the engine gave it a sentiment (bots and exempt members never
  are); an edit is not a new message, so it is never counted as scored;
- a hit is a message's term, counted once on the local day it was first found, be it
  in the message or in a later edit of it;
- a crisis belongs to the period it started in; its end is null while it is under way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.insight.model import CrisisSpan, SentimentDay, TermCount, Watch
from storage.errors import StoreError
from storage.roles import WatchStore

_SLOT = 900   # seconds: every zone's offset (and change of offset) falls on 15 minutes


@dataclass
class Crisis:
    start: float               # POSIX seconds
    negative: int
    usual: float
    end: float | None = None


@dataclass
class WatchCounts:
    """One community's watch figures, bucketed by its local day."""

    timezone: str
    scored: dict[str, list[int]] = field(default_factory=dict)      # day -> [scored, negative]
    hits: dict[str, dict[str, int]] = field(default_factory=dict)   # term -> day -> messages
    crises: list[Crisis] = field(default_factory=list)
    _zone: ZoneInfo | None = field(default=None, repr=False)
    _days: dict[int, str] = field(default_factory=dict, repr=False)  # 15-min slot -> day

    def day(self, at: float) -> str:
        """The local day of a POSIX time (cached per 15-minute slot, never across a day)."""
        slot = int(at // _SLOT)
        found = self._days.get(slot)
        if found is None:
            if self._zone is None:
                self._zone = ZoneInfo(self.timezone)
            found = datetime.fromtimestamp(slot * _SLOT, self._zone).date().isoformat()
            self._days[slot] = found
        return found

    def scored_messages(self, at: float, messages: int, negative: int) -> None:
        counts = self.scored.get(day := self.day(at))
        if counts is None:
            counts = self.scored[day] = [0, 0]
        counts[0] += messages
        counts[1] += negative

    def hit(self, at: float, term: str) -> None:
        days = self.hits.setdefault(term, {})
        day = self.day(at)
        days[day] = days.get(day, 0) + 1

    def __bool__(self) -> bool:
        """Whether anything was recorded at all (live: a watch no longer in the file)."""
        return bool(self.scored or self.hits or self.crises)


def build_watch(counts: WatchCounts, terms: Iterable[str], days: list[str]) -> Watch:
    """The period's `Watch`: `terms` (the rule file's, in its order) first, then any
    other term found in the counts (a term since removed from the file), by name."""
    listed = list(dict.fromkeys(terms))
    listed += sorted(term for term in counts.hits if term not in listed)
    index = set(days)
    term_counts = []
    for term in listed:
        by_day = counts.hits.get(term, {})
        daily = [by_day.get(day, 0) for day in days]
        term_counts.append(TermCount(term=term, messages=sum(daily), daily=daily))
    sentiment = [SentimentDay(day=day, scored=counts.scored.get(day, [0, 0])[0],
                              negative=counts.scored.get(day, [0, 0])[1]) for day in days]
    scored = sum(d["scored"] for d in sentiment)
    negative = sum(d["negative"] for d in sentiment)
    crises = [CrisisSpan(start=iso(c.start), end=iso(c.end) if c.end is not None else None,
                         negative=c.negative, usual=round(c.usual, 2))
              for c in sorted(counts.crises, key=lambda c: c.start)
              if counts.day(c.start) in index]
    return Watch(terms=term_counts, scored=scored, negative=negative,
                 negative_share=round(negative / scored, 3) if scored else 0.0,
                 daily=sentiment, crises=crises)


def iso(at: float) -> str:
    """A POSIX time as the event stream writes it (UTC, `Z`); to the microsecond, as the
    database keeps it, so a live and an offline time print the same."""
    when = datetime.fromtimestamp(at, UTC)
    spec = ("seconds" if not when.microsecond else
            "milliseconds" if when.microsecond % 1000 == 0 else "microseconds")
    text = when.isoformat(timespec=spec)
    return text.replace("+00:00", "Z")


async def read_watch(store: WatchStore, community: str, zone: str, start: date,
                     end: date) -> WatchCounts:
    """What the live bot recorded for [start, end) (local days, converted to UTC).

    Sentiment minutes go to the local day of their minute; minutes older than about a day
    are stored folded into the first minute of their UTC hour, so those go to the local day
    of the hour's start: exact in zones whose offset is a whole number of hours, and off by
    at most the offset's odd minutes' share of one hour elsewhere (India, Nepal...)."""
    tz = ZoneInfo(zone)
    since = datetime.combine(start, time(), tz).astimezone(UTC)
    until = datetime.combine(end, time(), tz).astimezone(UTC)
    counts = WatchCounts(zone)
    try:
        hits = await store.watch_hits(community, since, until)
    except StoreError as error:   # a database of a Gardien before the watch: none recorded
        if "no such table: watch_hits" in str(error):
            return counts
        raise
    for hit in hits:
        counts.hit(hit.at.timestamp(), hit.term)
    first, last = int(since.timestamp()) // 60, -(-int(until.timestamp()) // 60)
    for minute, messages, negative in await store.sentiment_minutes(community, first, last):
        counts.scored_messages(minute * 60.0, messages, negative)
    for record in await store.crises(community, since, until):
        counts.crises.append(Crisis(
            record.started_at.timestamp(), record.negative, record.usual,
            record.ended_at.timestamp() if record.ended_at is not None else None))
    return counts
