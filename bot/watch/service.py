"""The watch while the bot runs: hits recorded and told, sentiment counted, the alarm fed.

The pipeline hands `observe` every message the engine scored (rule files with `watch`
or `crisis`; bots and exemptions are never scored). It is synchronous and cheap: a
minute's counts in a dict, the crisis wave's deques; what needs the database or a
platform (a hit, a crisis) runs in the background. `run` flushes the counts every few
seconds (one upsert batch), ends crises whose window emptied while the community was
quiet, and folds minutes older than a day into hours. Time is the messages' own for the
alarm (as in `gardien simulate`) and the clock for the tick.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from datetime import timedelta

import structlog

from bot.background import Background
from bot.clock import Clock
from bot.platforms import Platforms
from bot.posts import Channel, Post
from bot.rulebook import Rulebook
from bot.watch.alarm import CrisisAlarm
from bot.watch.alerts import Seen, digest_text
from bot.watch.crisis import DAY, Crises
from bot.watch.digest import DIGEST_WINDOW, Digests
from rules.events import Message
from rules.state import timestamp
from rules.verdict import Verdict
from rules.watch import is_negative
from storage.errors import StoreError
from storage.roles import WatchStore
from storage.watch import WatchHit

log = structlog.get_logger("gardien.watch")

FLUSH_EVERY = 5.0          # seconds between two flushes of the counts (and ticks)
FOLD_EVERY = 3600.0        # seconds between two folds of old minutes
FOLD_AFTER_MINUTES = 26 * 60
EXCERPT = 200              # characters of a message kept with its hit


class WatchService:
    def __init__(self, store: WatchStore, rulebook: Rulebook, platforms: Platforms,
                 background: Background, clock: Clock, *,
                 digest_window: float = DIGEST_WINDOW, flush_every: float = FLUSH_EVERY
                 ) -> None:
        self.store = store
        self.rulebook = rulebook
        self.platforms = platforms
        self.background = background
        self.clock = clock
        self.flush_every = flush_every
        self.crises = Crises()
        self.alarm = CrisisAlarm(store, rulebook, platforms, clock)
        self.digests = Digests(self._post_hits, background, window=digest_window)
        self._minutes: defaultdict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        self._failing = False

    # -- start --------------------------------------------------------------------------
    async def start(self) -> None:
        """Before the first event: open crises and the last day's negatives restored, so a
        restart neither forgets a crisis nor raises one against an empty baseline."""
        open_crises = {record.community: record for record in await self.alarm.load()}
        now = self.clock().timestamp()
        communities = set(await self.store.sentiment_communities()) | set(open_crises)
        for community in sorted(communities):
            policy = self.rulebook.for_community(community).crisis
            if policy is None:
                continue
            last = int(now // 60)
            since = last - int((DAY + policy.window) // 60) - 1
            rows = await self.store.sentiment_minutes(community, since, last + 1)
            opened = open_crises.get(community)
            wave = self.crises.wave(community, policy)
            wave.restore([(minute, negative) for minute, _, negative in rows], now,
                         opened.started_at.timestamp() if opened else None)
            if rows:
                wave.seen(rows[0][0] * 60.0)

    # -- the pipeline's hot path --------------------------------------------------------
    def observe(self, message: Message, verdict: Verdict) -> None:
        score = verdict.sentiment
        if score is None:
            return
        community = message.community
        at = timestamp(message.at)
        if not message.edited:
            counts = self._minutes[(community, int(at // 60))]
            counts[0] += 1
            if is_negative(score):
                counts[1] += 1
        if verdict.watch:
            self.background.spawn(self._hits(message, verdict.watch, score), "watch_hits")
        policy = self.rulebook.for_community(community).crisis
        if policy is None and community not in self.crises.waves:
            return
        for change in self.crises.message(
                community, policy, at, score, edited=message.edited,
                channel=message.channel_id or message.channel, message=message.id,
                terms=verdict.watch):
            self.background.spawn(self.alarm.changed(change), "crisis")

    async def _hits(self, message: Message, terms: tuple[str, ...], score: float) -> None:
        hits = [WatchHit(community=message.community, user=message.user.id, term=term,
                         sentiment=score, at=message.at,
                         channel=message.channel_id or message.channel,
                         message_id=message.id, excerpt=message.text[:EXCERPT])
                for term in terms]
        try:
            new = await self.store.add_watch_hits(hits)
        except StoreError as error:   # told anyway: a hit is never a sanction to hold back
            log.warning("watch_hits_not_recorded", community=message.community,
                        error=str(error))
            new = hits
        if not new:
            return   # an edit that repeats what was told
        log.info("watch_hit", community=message.community, user=message.user.id,
                 message=message.id, terms=[h.term for h in new], sentiment=round(score, 2))
        self.digests.add(message.community, [Seen(
            tuple(h.term for h in new), message.user.name or message.user.id,
            message.channel or message.channel_id, message.channel_id or message.channel,
            message.id, score, message.text)])

    async def _post_hits(self, community: str, seen: list[Seen]) -> None:
        ruleset = self.rulebook.for_community(community)
        alert = ruleset.watch.alert if ruleset.watch is not None else None
        if alert is None and ruleset.log_channel is None:
            log.info("watch_not_posted", community=community, reason="no alert channel")
            return
        def link(channel: str, message_id: str) -> str | None:
            return self.platforms.message_link(community, channel, message_id)

        text = digest_text(ruleset.locale, seen, link)
        if alert is not None:
            await self.platforms.post(community, Post(Channel(alert), text))
        else:   # the log channel: a post, or the platform's own alert (the console)
            await self.platforms.alert(community, ruleset.log_channel or "", text, "watch")

    # -- the loop -----------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """Flush counts, end quiet crises, fold old minutes; until `stop`."""
        folded_at = float("-inf")
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.flush_every)
            await self.flush()
            now = self.clock()
            for ended in self.crises.tick(now.timestamp()):
                self.background.spawn(self.alarm.changed(ended), "crisis")
            if now.timestamp() - folded_at >= FOLD_EVERY:
                folded_at = now.timestamp()
                with contextlib.suppress(StoreError):
                    before = int((now - timedelta(minutes=FOLD_AFTER_MINUTES)).timestamp())
                    await self.store.fold_sentiment_minutes(before // 60)

    async def flush(self) -> None:
        """Write what was counted; a refused batch is kept for the next flush."""
        if not self._minutes:
            return
        batch, self._minutes = self._minutes, defaultdict(lambda: [0, 0])
        rows = [(community, minute, counts[0], counts[1])
                for (community, minute), counts in batch.items()]
        try:
            await self.store.write_sentiment_minutes(rows)
        except StoreError as error:
            for (community, minute), counts in batch.items():
                kept = self._minutes[(community, minute)]
                kept[0] += counts[0]
                kept[1] += counts[1]
            if not self._failing:
                log.warning("sentiment_not_flushed", error=str(error), rows=len(rows))
            self._failing = True
            return
        self._failing = False
