"""One round over every watched feed: shared by `gardien watch --once` and `gardien run`.

Each (community, feed) is polled when due (or at once with `force`); communities that
watch the same URL from the same state share one fetch. A paused feed is not polled; the
round lists the paused ones whose moderators were not told yet, and when to come back.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

import structlog

from bot.watch.feeds.fetch import Fetcher
from bot.watch.feeds.poll import Polled, Random, Read, current_state, due_at, read_feed, settle
from rules.watch import CompiledWatch, FeedSource
from storage.feeds import FeedState
from storage.roles import FeedStore

log = structlog.get_logger("gardien.feeds")

CONCURRENCY = 8   # fetches in flight at once (each may take up to its time limit)


@dataclass(frozen=True, slots=True)
class Watched:
    """A community whose rule file has a watch with feeds."""

    community: str
    watch: CompiledWatch
    locale: str


@dataclass(slots=True)
class Round:
    polled: list[Polled] = field(default_factory=list)
    paused: list[FeedState] = field(default_factory=list)   # moderators not told yet
    next_due: datetime | None = None                         # the earliest feed due next


async def poll_round(store: FeedStore, fetcher: Fetcher, watched: list[Watched],
                     now: datetime, rand: Random, *, force: bool = False,
                     concurrency: int = CONCURRENCY) -> Round:
    """Poll what is due (`force`: every feed not paused), record it, say what it found."""
    result = Round()
    due: list[tuple[Watched, FeedSource, FeedState]] = []
    for each in watched:
        for source in dict.fromkeys(each.watch.feeds):
            state = current_state(await store.feed_state(each.community, source.url),
                                  each.community, source)
            if state.paused:
                if not state.alerted:
                    result.paused.append(state)
                continue
            when = due_at(state, source)
            if force or when is None or when <= now:
                due.append((each, source, state))
            elif result.next_due is None or when < result.next_due:
                result.next_due = when
    gate = asyncio.Semaphore(concurrency)
    reads: dict[tuple[str, str | None, str | None, bool], asyncio.Task[Read]] = {}

    async def one(url: str, etag: str | None, last_modified: str | None,
                  private: bool) -> Read:
        async with gate:
            try:
                return await read_feed(fetcher, url, etag, last_modified, private)
            except Exception as error:   # a fetcher's bug must not end the round
                log.exception("feed_read_crashed", feed=url)
                return Read(error=f"unexpected error: {type(error).__name__}")

    for _, source, state in due:
        key = (source.url, state.etag, state.last_modified, source.private)
        if key not in reads:
            reads[key] = asyncio.ensure_future(one(*key))
    if reads:
        await asyncio.wait(reads.values())
    for each, source, state in due:
        read = reads[(source.url, state.etag, state.last_modified, source.private)].result()
        polled = await settle(store, state, source, read, each.watch, each.locale, now, rand)
        result.polled.append(polled)
        if polled.state.paused:
            result.paused.append(polled.state)
        else:
            when = due_at(polled.state, source)
            if when is not None and (result.next_due is None or when < result.next_due):
                result.next_due = when
    return result
