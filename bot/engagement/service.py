"""`schedule:` kept in step with the rule files, and `announce ... at`, as durable timers.

Each item of a community's schedule has one open `schedule` timer (user
`schedule:<id>`) due at its next occurrence. The plan is checked every couple of
seconds against the rule file in force (a dict lookup per community): an item added,
removed, or whose `at` or the file's `timezone` changed is re-planned from now, so an
edit takes effect without a restart or an event. Which communities: those the config
names, those with a schedule timer or a recorded post, and any seen by an event.

When a timer fires (on time, or at start after the bot was down) every occurrence from
its due time to now is looked at: one missed by less than an hour is posted, each once;
older ones are skipped and logged (`schedule_skipped`, with the id and the count). Then
the next occurrence after now is planned. Nothing is posted twice: `Publisher.send`
claims each occurrence's row first. A row a crash left `pending` is marked `unknown` at
start and not posted again (a community would rather miss a post than get two).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta

import structlog

from bot.clock import Clock
from bot.engagement.publish import Occurrence, Publisher
from bot.ownership import EVERYTHING, Ownership
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler, TimerKind
from rules.occurrences import next_occurrence, occurrences
from rules.ruleset import Ruleset
from rules.schedule import ScheduledItem
from storage.base import Store
from storage.models import Timer

log = structlog.get_logger("gardien.engagement")

MISSED_WINDOW = timedelta(hours=1)   # missed by less than this while down: posted at start
REPLAN_EVERY = 2.0                   # seconds between two looks at the rule files
MAX_COUNTED = 100_000                # skipped occurrences counted at most (then "at least")
ANNOUNCE_USER = "announce"

Signature = tuple[str, tuple[tuple[str, str], ...]]


def signature(ruleset: Ruleset) -> Signature:
    """What the plan depends on: the zone and each item's id and `at`."""
    return ruleset.timezone, tuple((item.id, item.at.text) for item in ruleset.schedule)


def timer_user(item_id: str) -> str:
    return f"schedule:{item_id}"


class Schedules:
    def __init__(self, store: Store, rulebook: Rulebook, scheduler: Scheduler,
                 publisher: Publisher, clock: Clock, owner: Ownership = EVERYTHING) -> None:
        self.store = store
        self.owner = owner   # another process plans the communities it owns
        self.rulebook = rulebook
        self.scheduler = scheduler
        self.publisher = publisher
        self.clock = clock
        self._known: set[str] = set(rulebook.communities)
        self._planned: dict[str, Signature] = {}
        self._lock = asyncio.Lock()

    def seen(self, community: str) -> None:
        """An event from `community` (cheap): planned at the next look if new."""
        self._known.add(community)

    async def start(self) -> None:
        """Before the first event: rows a previous run left pending become `unknown`, and
        every community with a schedule timer or a post is known."""
        for row in await self.store.abandon_pending_posts(self.clock()):
            if not self.owner.owns(row.community):
                continue   # another process's post in flight: its answer sets the status
            log.warning("schedule_post_unknown", community=row.community, id=row.item,
                        at=row.due_at.isoformat(),
                        hint="the bot stopped before the platform answered; not posted again")
        self._known.update(await self.store.schedule_communities())

    async def run(self, stop: asyncio.Event) -> None:
        """Re-plan what changed, every REPLAN_EVERY seconds, until `stop`."""
        while not stop.is_set():
            try:
                await self.replan()
            except Exception:   # a planning failure must not stop the schedules for good
                log.exception("schedule_plan_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), REPLAN_EVERY)

    async def replan(self) -> int:
        """Plan every known community whose schedule changed; how many were planned."""
        planned = 0
        for community in sorted(self._known):
            if not self.owner.owns(community):
                continue
            try:
                ruleset = self.rulebook.for_community(community)
            except KeyError:
                continue
            if self._planned.get(community) != signature(ruleset):
                await self.plan(community)
                planned += 1
        return planned

    async def plan(self, community: str) -> None:
        """One open timer per item at its next occurrence; a timer of a removed or changed
        item is cancelled (an overdue timer of an unchanged item is kept: what was missed
        is decided when it fires)."""
        ruleset = self.rulebook.for_community(community)
        wanted = signature(ruleset)
        items = {item.id: item for item in ruleset.schedule}
        async with self._lock:
            now = self.clock()
            by_user: dict[str, list[Timer]] = {}
            for timer in await self.store.open_timers(community, TimerKind.SCHEDULE.value):
                by_user.setdefault(timer.user, []).append(timer)
            kept: set[str] = set()
            for user, timers in by_user.items():
                item = items.get(str(timers[0].payload.get("id", "")))
                if item is not None and len(timers) == 1 and _matches(timers[0], item,
                                                                       ruleset.timezone):
                    kept.add(item.id)
                    continue
                await self.store.cancel_timers(community, user, TimerKind.SCHEDULE.value,
                                               at=now)
            for item in ruleset.schedule:
                if item.id not in kept:
                    await self._schedule_next(community, item, ruleset.timezone, now)
            self._planned[community] = wanted

    async def _schedule_next(self, community: str, item: ScheduledItem, zone: str,
                             after: datetime) -> None:
        due = next_occurrence(item.at, zone, after)
        if due is None:
            log.warning("schedule_never_due", community=community, id=item.id)
            return
        await self.scheduler.schedule(TimerKind.SCHEDULE, community, timer_user(item.id), due,
                                      payload={"id": item.id, "at": item.at.text,
                                               "timezone": zone})
        log.info("schedule_planned", community=community, id=item.id, due=due.isoformat())

    async def fire(self, timer: Timer, now: datetime) -> str:
        """The `schedule` handler: post what is recent, skip what is old, plan the next."""
        community = timer.community
        ruleset = self.rulebook.for_community(community)
        item = next((i for i in ruleset.schedule if i.id == timer.payload.get("id")), None)
        if item is None or not _matches(timer, item, ruleset.timezone):
            self._planned.pop(community, None)   # the next look re-plans it
            return "schedule changed"
        zone = ruleset.timezone
        recent_from = now - MISSED_WINDOW
        skipped, first_skipped, last_skipped = 0, None, None
        recent: list[datetime] = []
        for moment in occurrences(item.at, zone, timer.due_at - timedelta(microseconds=1)):
            if moment > now:
                break
            if moment <= recent_from:
                skipped += 1
                first_skipped = first_skipped or moment
                last_skipped = moment
                if skipped >= MAX_COUNTED:
                    break
            else:
                recent.append(moment)
        if skipped:
            log.warning("schedule_skipped", community=community, id=item.id, count=skipped,
                        first=first_skipped.isoformat() if first_skipped else None,
                        last=last_skipped.isoformat() if last_skipped else None)
        results = [await self.publisher.send(self._occurrence(community, item, moment))
                   for moment in recent]
        await self._next_after_fired(community, item, zone, timer)
        return f"{results.count('posted') + results.count('poll posted')} posted, " \
               f"{skipped} skipped"

    async def _next_after_fired(self, community: str, item: ScheduledItem, zone: str,
                                fired: Timer) -> None:
        async with self._lock:
            others = [t for t in await self.store.open_timers(community,
                                                              TimerKind.SCHEDULE.value)
                      if t.user == fired.user and t.id != fired.id]
            if not others:
                await self._schedule_next(community, item, zone, max(self.clock(),
                                                                      fired.due_at))

    @staticmethod
    def _occurrence(community: str, item: ScheduledItem, moment: datetime) -> Occurrence:
        return Occurrence(community, item.id, moment, item.channel, item.posts, item.poll,
                          item.kind)

    # --- announce -------------------------------------------------------------------------
    async def announce(self, community: str, channel: str, text: str,
                       at: datetime | None) -> str:
        """Post now (`at` None: "posted" or why not) or plan a durable `announce` timer
        ("planned")."""
        if at is None:
            now = self.clock()
            return await self.publisher.send(Occurrence(community, "announce", now, channel,
                                                        (text,), kind="announce"))
        await self.scheduler.schedule(TimerKind.ANNOUNCE, community, ANNOUNCE_USER, at,
                                      payload={"channel": channel, "text": text})
        log.info("announce_planned", community=community, due=at.isoformat())
        return "planned"

    async def fire_announce(self, timer: Timer, now: datetime) -> str:
        """The `announce` handler: posted once; one missed by an hour or more is skipped."""
        if now - timer.due_at >= MISSED_WINDOW:
            log.warning("announce_skipped", community=timer.community,
                        due=timer.due_at.isoformat(), late=str(now - timer.due_at))
            return "skipped: missed by an hour or more"
        return await self.publisher.send(Occurrence(
            timer.community, f"announce-{timer.id}", timer.due_at,
            str(timer.payload.get("channel", "")), (str(timer.payload.get("text", "")),),
            kind="announce"))


def _matches(timer: Timer, item: ScheduledItem, zone: str) -> bool:
    return (timer.payload.get("at"), timer.payload.get("timezone")) == (item.at.text, zone)
