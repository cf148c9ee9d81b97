"""`gardien run`'s feed watch: each community's feeds polled when due, hits posted.

The communities are those the config names and those the database knows (counted by
the bot, or with feeds polled before), each with the rule file in force there, and only
those a platform of this process serves and it owns (bot/ownership.py: with several
processes on one database, each polls the feeds of its own communities). New
hits go to the watch's `alert` channel (else `log_channel`), one digest per community
per round; a feed paused after its failures is told there once.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import defaultdict

import structlog

from bot.clock import Clock
from bot.ownership import EVERYTHING, Ownership
from bot.platforms import Platforms
from bot.posts import Channel, Destination, LogChannel, Post
from bot.rulebook import Rulebook
from bot.watch.feeds.digest import digest_text, paused_text
from bot.watch.feeds.fetch import Fetcher
from bot.watch.feeds.poll import Hit, Random
from bot.watch.feeds.rounds import Round, Watched, poll_round
from rules.ruleset import Ruleset
from storage.base import Store

log = structlog.get_logger("gardien.feeds")

IDLE = 60.0        # seconds between two looks at most (a reload may add a feed)
MIN_SLEEP = 1.0


def destination(ruleset: Ruleset) -> Destination | None:
    """Where a community's feed hits go: the watch's `alert`, else `log_channel`."""
    if ruleset.watch is not None and ruleset.watch.alert:
        return Channel(ruleset.watch.alert)
    return LogChannel(ruleset.log_channel) if ruleset.log_channel else None


async def known_communities(store: Store, named: list[str]) -> list[str]:
    """The config's communities, then those the database knows, each once."""
    found = dict.fromkeys(named)
    found.update(dict.fromkeys(c.community for c in await store.insight_communities()))
    found.update(dict.fromkeys(s.community for s in await store.feed_states()))
    return list(found)


def watched(rulebook: Rulebook, communities: list[str]) -> list[Watched]:
    """The communities among these whose rule file watches feeds."""
    found = []
    for community in communities:
        ruleset = rulebook.for_community(community)
        if ruleset.watch is not None and ruleset.watch.feeds:
            found.append(Watched(community, ruleset.watch, ruleset.locale))
    return found


class FeedWatch:
    def __init__(self, store: Store, rulebook: Rulebook, platforms: Platforms, clock: Clock,
                 *, rand: Random = random.random, owner: Ownership = EVERYTHING) -> None:
        self.store = store
        self.owner = owner   # other processes poll the feeds of the communities they own
        self.rulebook = rulebook
        self.platforms = platforms
        self.clock = clock
        self.rand = rand

    async def poll(self, fetcher: Fetcher, *, force: bool = False) -> Round:
        """One round: poll what is due (`force`: every feed not paused), post the hits and
        the pause alerts."""
        communities = [c for c in await known_communities(self.store,
                                                          list(self.rulebook.communities))
                       if self.platforms.for_community(c) is not None and self.owner.owns(c)]
        result = await poll_round(self.store, fetcher, watched(self.rulebook, communities),
                                  self.clock(), self.rand, force=force)
        hits: dict[str, list[Hit]] = defaultdict(list)
        for polled in result.polled:
            hits[polled.state.community].extend(polled.hits)
            if polled.failure is not None:
                log.info("feed_failed", community=polled.failure.community,
                         feed=polled.failure.feed, reason=polled.failure.reason,
                         failures=polled.failure.failures, paused=polled.failure.paused)
        for community, found in hits.items():
            if found:
                locale = self.rulebook.for_community(community).locale
                await self._post(community, digest_text(locale, found))
                log.info("feed_hits", community=community, hits=len(found))
        for state in result.paused:
            if await self.store.mark_feed_alerted(state.community, state.url):
                locale = self.rulebook.for_community(state.community).locale
                await self._post(state.community, paused_text(locale, state))
                log.warning("feed_paused", community=state.community, feed=state.url,
                            failures=state.failures)
        return result

    async def _post(self, community: str, text: str) -> None:
        where = destination(self.rulebook.for_community(community))
        if where is None:
            log.info("feed_hits_unposted", community=community,
                     hint="set watch.alert or log_channel in the rule file")
            return
        await self.platforms.post(community, Post(where, text))

    async def run(self, stop: asyncio.Event, fetcher: Fetcher) -> None:
        """Until `stop`: a round, then sleep until the next feed is due (at most IDLE)."""
        try:
            while not stop.is_set():
                wait = IDLE
                try:
                    result = await self.poll(fetcher)
                    if result.next_due is not None:
                        ahead = (result.next_due - self.clock()).total_seconds()
                        wait = max(MIN_SLEEP, min(IDLE, ahead))
                except Exception:   # the store or a rule file: the next round tries again
                    log.exception("feed_round_failed")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), wait)
        finally:
            await fetcher.close()
