"""`reports: {every: "mon 09:00"}`: the weekly report posted to the log channel.

Each community with a schedule has exactly one open durable timer (kind
`weekly_report`) due at its next slot, in the community's own timezone. When it
falls due the report of the 7 days before the slot's day is posted with its
chart, and the next slot after *now* is scheduled: a bot that was down for three
weeks posts once at start (the latest report), not three times, and a slot is
never posted twice because its timer is closed once handled. The timer is
(re)written when a community is first seen by this run with a schedule it has
not checked yet, so a schedule added, changed or removed by a reload takes
effect at the community's next event.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

import structlog

from bot.background import Background
from bot.clock import Clock
from bot.insight.model import Report
from bot.insight.render import chart_png
from bot.insight.text import summary_text
from bot.ownership import EVERYTHING, Ownership
from bot.platforms import Platforms
from bot.posts import Image, LogChannel, Post
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler, TimerKind
from catalogue import supported
from rules.spec import WEEKDAYS
from storage.base import Store
from storage.models import Timer

log = structlog.get_logger("gardien.insight")

WEEK = timedelta(days=7)
SCHEDULE_USER = ""   # a community's timer, not a member's


class Reporter(Protocol):
    """Builds a community's report for the local days [start, end) (bot/insight/live.py)."""

    async def report(self, community: str, start: date, end: date) -> Report: ...


def next_slot(every: str, timezone: str, after: datetime) -> datetime:
    """The first `every` ("mon 09:00", local wall time in `timezone`) strictly after
    `after`, in UTC. A slot inside a spring-forward gap lands just after it (02:30 that
    does not exist is 03:30); in an autumn overlap, the first of the two."""
    day_name, _, clock = every.partition(" ")
    hours, _, minutes = clock.partition(":")
    zone = ZoneInfo(timezone)
    local = after.astimezone(zone)
    ahead = (WEEKDAYS.index(day_name) - local.weekday()) % 7
    day = local.date() + timedelta(days=ahead)
    while True:
        slot = datetime.combine(day, time(int(hours), int(minutes)), tzinfo=zone)
        at = slot.astimezone(UTC)
        if at > after:
            return at
        day += WEEK


def week_before(slot: datetime, timezone: str) -> tuple[date, date]:
    """The 7 local days before the slot's local day: [day - 7, day)."""
    day = slot.astimezone(ZoneInfo(timezone)).date()
    return day - WEEK, day


class WeeklyReports:
    """Keeps each community's weekly timer in step with its rule file, and posts."""

    def __init__(self, store: Store, rulebook: Rulebook, scheduler: Scheduler,
                 platforms: Platforms, reporter: Reporter, background: Background,
                 clock: Clock, owner: Ownership = EVERYTHING) -> None:
        self.store = store
        self.owner = owner   # another process keeps the timers of the communities it owns
        self.rulebook = rulebook
        self.scheduler = scheduler
        self.platforms = platforms
        self.reporter = reporter
        self.background = background
        self.clock = clock
        self._checked: dict[str, tuple[str | None, str]] = {}   # community -> (every, zone)
        self._lock = asyncio.Lock()

    def seen(self, community: str) -> None:
        """An event from `community` (cheap, for every event): its timer is checked the
        first time, and again after its schedule or timezone changed."""
        if not self.owner.owns(community):
            return
        ruleset = self.rulebook.for_community(community)
        wanted = (ruleset.reports_every, ruleset.timezone)
        if self._checked.get(community) == wanted:
            return
        self._checked[community] = wanted
        if ruleset.reports_every is None:
            return   # a timer left by a removed schedule drops itself when it falls due

        async def check() -> None:
            await self.ensure(community)

        self.background.spawn(check(), "weekly_report_schedule")

    async def ensure(self, community: str) -> Timer | None:
        """One open timer at the schedule's next slot (none without a schedule); an
        overdue timer of the same schedule is kept, so what was missed is posted."""
        ruleset = self.rulebook.for_community(community)
        every, zone = ruleset.reports_every, ruleset.timezone
        async with self._lock:
            open_timers = await self.store.open_timers(community, TimerKind.WEEKLY_REPORT)
            current = [t for t in open_timers
                       if (t.payload.get("every"), t.payload.get("timezone")) == (every, zone)]
            if every is not None and current:
                return current[0]
            if open_timers:
                await self.store.cancel_timers(community, SCHEDULE_USER,
                                               TimerKind.WEEKLY_REPORT.value, at=self.clock())
            if every is None:
                return None
            due = next_slot(every, zone, self.clock())
            log.info("weekly_report_scheduled", community=community, due=due.isoformat())
            return await self.scheduler.schedule(
                TimerKind.WEEKLY_REPORT, community, SCHEDULE_USER, due,
                payload={"every": every, "timezone": zone})

    async def fire(self, timer: Timer, now: datetime) -> str:
        """The timer runner's handler: post the week's report, then schedule the next."""
        community = timer.community
        ruleset = self.rulebook.for_community(community)
        wanted = (ruleset.reports_every, ruleset.timezone)
        if wanted != (timer.payload.get("every"), timer.payload.get("timezone")):
            self._checked.pop(community, None)
            await self._reschedule_after(community, timer)
            return "schedule changed"
        start, end = week_before(timer.due_at, ruleset.timezone)
        report = await self.reporter.report(community, start, end)
        locale = supported(ruleset.locale)
        text = summary_text(report, locale)
        # drawing takes 0.3-0.6 s: off the event loop
        image = Image(f"report-{start.isoformat()}.png", await asyncio.to_thread(chart_png, report))
        channel = ruleset.log_channel
        if channel:
            posted = await self.platforms.post(community,
                                               Post(LogChannel(channel), text, image=image))
            result = "posted" if posted else "post failed"
        else:
            log.info("weekly_report_without_log_channel", community=community)
            result = "no log channel"
        await self._reschedule_after(community, timer)
        return result

    async def _reschedule_after(self, community: str, fired: Timer) -> None:
        """The next slot after now, for the timer being handled (closed by the runner)."""
        ruleset = self.rulebook.for_community(community)
        if ruleset.reports_every is None:
            return
        async with self._lock:
            others = [t for t in await self.store.open_timers(community,
                                                              TimerKind.WEEKLY_REPORT)
                      if t.id != fired.id]
            if others:
                return
            due = next_slot(ruleset.reports_every, ruleset.timezone,
                            max(self.clock(), fired.due_at))
            await self.scheduler.schedule(
                TimerKind.WEEKLY_REPORT, community, SCHEDULE_USER, due,
                payload={"every": ruleset.reports_every, "timezone": ruleset.timezone})
