"""One poll of one community's feed: what it tells, what it records, when it runs next.

The first poll of a feed records every item and tells nothing (the feed's past is not
news); later polls tell the items not seen before that contain a watched term, and an
item seen before whose text changed only when it now holds a term not told for it yet.
A failure retries after a doubling delay (from `every`, capped at 6 h, with a little
jitter); after 10 in a row the feed is paused until resumed. Fetching and parsing are
apart (`read_feed`), so one fetch can serve every community that watches the same URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from bot.watch.feeds.fetch import Fetcher, FetchFailed
from bot.watch.feeds.parse import FeedItem, NotAFeed, parse_feed
from rules.sentiment import score
from rules.watch import CompiledWatch, FeedSource
from storage.feeds import FeedState, SeenItem
from storage.roles import FeedStore

PAUSE_AFTER = 10            # failures in a row, then no more polls until resumed
MAX_DELAY = 6 * 3600.0      # the longest wait between two tries (unless `every` is longer)
JITTER = 0.1                # a delay is stretched by up to this share, at random

Random = Callable[[], float]   # [0, 1): random.random, or a constant in tests


@dataclass(frozen=True, slots=True)
class Read:
    """A fetch's outcome: items (None: not modified since the last poll) or an error."""

    items: tuple[FeedItem, ...] | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    community: str
    feed: str
    id: str
    title: str
    link: str
    terms: tuple[str, ...]
    sentiment: float

    def as_json(self) -> dict[str, Any]:
        """The line `gardien watch --json` prints (FORMATS.md), keys in that order."""
        return {"community": self.community, "feed": self.feed, "id": self.id,
                "title": self.title, "link": self.link, "terms": list(self.terms),
                "sentiment": self.sentiment}


@dataclass(frozen=True, slots=True)
class Failure:
    community: str
    feed: str
    reason: str
    failures: int           # in a row, this one included
    next_at: datetime
    paused: bool            # this failure paused the feed


@dataclass(frozen=True, slots=True)
class Polled:
    state: FeedState
    hits: tuple[Hit, ...] = ()
    failure: Failure | None = None


async def read_feed(fetcher: Fetcher, url: str, etag: str | None,
                    last_modified: str | None, private: bool = True) -> Read:
    """Fetch conditionally and parse (off the loop: a large document takes a while)."""
    try:
        fetched = await fetcher.fetch(url, etag=etag, last_modified=last_modified,
                                      private=private)
    except FetchFailed as failed:
        return Read(error=failed.reason)
    if fetched.not_modified:
        return Read(None, etag, last_modified)
    try:
        items = await asyncio.to_thread(parse_feed, fetched.body, url, fetched.content_type)
    except NotAFeed as bad:
        return Read(error=bad.reason)
    return Read(tuple(items), fetched.etag, fetched.last_modified)


def retry_delay(every: float, failures: int, rand: Random) -> float:
    """Seconds before the next try after `failures` in a row: every x 2^failures, capped."""
    delay = min(every * 2.0 ** min(failures, 30), max(MAX_DELAY, every))
    return delay * (1.0 + JITTER * rand())


def due_at(state: FeedState, source: FeedSource) -> datetime | None:
    """When the feed is next polled (None: now). A failing feed waits out its backoff; a
    healthy one `every` after its last poll, so a changed `every` applies at once."""
    if state.failures:
        return state.next_at
    if state.polled_at is None:
        return None
    return state.polled_at + timedelta(seconds=source.every)


def current_state(state: FeedState | None, community: str, source: FeedSource) -> FeedState:
    """The stored state, or a fresh one; a paused feed whose rule-file entry changed (its
    `every`; a new URL is a new feed) resumes, failures forgotten."""
    if state is None:
        return FeedState(community=community, url=source.url, every=source.every)
    if state.paused and state.every != source.every:
        return replace(state, paused=False, alerted=False, failures=0, next_at=None,
                       every=source.every, polled_at=None)
    return state


def _sentiment(text: str, locale: str) -> float:
    return round(max(-1.0, min(1.0, float(score(text, locale)))), 2)


async def settle(store: FeedStore, state: FeedState, source: FeedSource, read: Read,
                 watch: CompiledWatch, locale: str, now: datetime,
                 rand: Random) -> Polled:
    """Apply one read to one community's feed: record it, say what to tell."""
    if read.error is not None:
        return await _failed(store, state, source, read.error, now, rand)
    hits: list[Hit] = []
    recorded: list[SeenItem] = []
    if read.items:
        seen = await store.seen_items(state.community, state.url, [i.id for i in read.items])
        for item in read.items:
            before = seen.get(item.id)
            if before is not None and before.digest == item.digest:
                continue
            terms = watch.find(item.text)
            told = before.terms if before is not None else ()
            new = [term for term in terms if term not in told]
            if state.primed and new:
                hits.append(Hit(state.community, state.url, item.id, item.title, item.link,
                                terms, _sentiment(item.text, locale)))
            recorded.append(SeenItem(item=item.id, digest=item.digest,
                                     terms=tuple(dict.fromkeys([*told, *terms]))))
    after = replace(state, etag=read.etag, last_modified=read.last_modified, primed=True,
                    failures=0, paused=False, alerted=False, every=source.every,
                    next_at=now + timedelta(seconds=source.every), last_error="",
                    polled_at=now)
    await store.record_feed_poll(after, recorded, now)
    return Polled(after, tuple(hits))


async def _failed(store: FeedStore, state: FeedState, source: FeedSource, reason: str,
                  now: datetime, rand: Random) -> Polled:
    failures = state.failures + 1
    paused = failures >= PAUSE_AFTER
    next_at = now + timedelta(seconds=retry_delay(source.every, failures, rand))
    after = replace(state, failures=failures, paused=paused, every=source.every,
                    next_at=next_at, last_error=reason, polled_at=now)
    await store.record_feed_poll(after, (), now)
    return Polled(after, (), Failure(state.community, state.url, reason, failures, next_at,
                                     paused))
