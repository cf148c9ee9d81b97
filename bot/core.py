"""The composition root of the core: every service built once, in one place, in order.

`gardien run`, every test harness and every benchmark call `build_core`, so what
is tested is the shape that runs. Dependencies go into constructors; nothing is
assigned after construction. The store, the rulebook and the adapters come from
outside (the entry point reads the config; a test brings its fakes).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import structlog

from bot.adapter import Adapter, Capability, Connecting
from bot.archive.keeper import ArchiveKeeper
from bot.archive.service import Archives
from bot.background import Background
from bot.cases.path import CasePath
from bot.clock import Clock, utc_now
from bot.commands.center import CommandCenter
from bot.commands.services import Services
from bot.engagement.publish import Publisher
from bot.engagement.service import Schedules
from bot.executor import Sleep
from bot.health import Health
from bot.insight.live import LiveInsight
from bot.insight.weekly import WeeklyReports
from bot.ledger import LedgerUnavailable, LedgerWatch
from bot.metrics import Metrics
from bot.modlog import ModLog
from bot.newcomers.acting import Acting
from bot.newcomers.coordinator import Newcomers
from bot.newcomers.pacer import DEFAULT_CONCURRENCY, Job, Pacer
from bot.ops.malfunctions import MalfunctionAlerts
from bot.ops.needs import Watched
from bot.ownership import EVERYTHING, Ownership
from bot.pipeline import Pipeline
from bot.platforms import Platforms
from bot.points import Points
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler, TimerKind
from bot.startup import reconcile, warm_state
from bot.timers import TimerService
from bot.watch.digest import DIGEST_WINDOW
from bot.watch.feeds.service import FeedWatch
from bot.watch.service import WatchService
from rules.events import Event, valid_event
from rules.state import StateBook
from rules.verdict import Verdict
from storage.base import Store
from storage.models import Case

log = structlog.get_logger("gardien.core")

CONNECT_WAIT = 30.0   # seconds resume() waits for the platforms before replaying anyway


@dataclass(frozen=True, slots=True)
class Pacing:
    """How many of a community's newcomer calls may be in flight at once (the platform's
    own limiter paces them; see bot/newcomers/pacer.py)."""

    concurrency: int = DEFAULT_CONCURRENCY


@dataclass(frozen=True, slots=True)
class Core:
    store: Store
    rulebook: Rulebook
    adapters: tuple[Adapter, ...]
    clock: Clock
    book: StateBook
    background: Background
    platforms: Platforms
    scheduler: Scheduler
    modlog: ModLog
    ledger: LedgerWatch
    points: Points
    cases: CasePath
    newcomers: Newcomers
    pipeline: Pipeline
    timers: TimerService
    commands: CommandCenter
    insight: LiveInsight      # counts for reports: flushed by its `run`, and at shutdown
    weekly: WeeklyReports     # `reports: {every: ...}`: the weekly report's timers
    watch: WatchService       # `watch` and `crisis`: hits, sentiment counts, the alarm
    feeds: FeedWatch          # outside feeds of `watch`: polled by its `run` (gardien/app.py)
    schedules: Schedules      # `schedule:` and `announce`: posts and polls at set times
    archives: Archives        # `archive`: kept messages (flushed by its `run`, at shutdown)
    health: Health            # /metrics and /readyz (served by adapters/metrics_http.py)
    malfunctions: MalfunctionAlerts   # told to moderators; its `run` settles them (app.py)
    owner: Ownership = EVERYTHING   # the communities whose timers and chores are this process's
    _left_pending: list[Case] = field(default_factory=list)   # read by start(), for resume()

    async def handle(self, event: Event) -> Verdict | None:
        """One event from an adapter; its text made valid first (rules.events.valid_text),
        so neither the engine nor the store ever meets a lone surrogate."""
        self.weekly.seen(event.community)   # a dict lookup; the timer is checked once
        self.schedules.seen(event.community)   # a set insert; planned by its run loop
        self.malfunctions.seen(event.community)   # a set insert: told platform-wide trouble
        return await self.pipeline.handle(valid_event(event))

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for the background work (sanctions, paced queues, posts)."""
        return await self.background.drain(timeout)

    async def start(self) -> None:
        """Before the adapters start: commands attached, memory warmed from the store (a join
        right after a restart is still locked down)."""
        for adapter in self.adapters:
            if Capability.COMMANDS in adapter.capabilities:
                adapter.attach_commands(self.commands)
        await warm_state(self.points, self.newcomers, self.clock)
        try:
            await self.watch.start()
        except Exception:   # the watch must never keep the bot from starting
            log.exception("watch_start_failed")
        try:
            await self.schedules.start()
        except Exception:   # nor the schedules
            log.exception("schedules_start_failed")
        # what the previous run left pending, read before this run opens any case of its own
        self._left_pending.extend(await self.store.pending_cases())

    async def resume(self, connect_timeout: float = CONNECT_WAIT) -> None:
        """Once the adapters are connected: the cases a previous run left pending carried
        out (through the paced queues), then the timers that fell due while it was down (in
        that order: a lockdown's closing alert counts the raiders reconciled before it)."""
        await self._connected(connect_timeout)
        pacer = self.newcomers.pacer

        def pace(community: str, member: str, job: Job) -> None:
            pacer.submit(community, job, member=member)

        left, self._left_pending[:] = list(self._left_pending), []
        await reconcile(self.store, self.rulebook, self.cases, self.scheduler, self.clock, pace,
                        left, owner=self.owner)
        try:   # what fell due while the bot was down is lifted before anything else
            await self.timers.fire_due()
        except LedgerUnavailable:
            pass   # logged once by the ledger watch; the timers loop tries again
        except Exception:
            log.exception("timers_failed")

    async def _connected(self, timeout: float) -> None:
        waits = [a.connected() for a in self.adapters if isinstance(a, Connecting)]
        if not waits:
            return
        try:
            await asyncio.wait_for(asyncio.gather(*waits), timeout)
        except TimeoutError:
            log.warning("resume_before_connected", waited=timeout,
                        hint="replays meant for a platform still down will be retried")

    def stop(self) -> int:
        """Shutdown: the paced queues start nothing more (what is queued stays pending in
        the ledger for the next start); how many jobs were left. Held watch digests are
        posted now, within the drain."""
        self.watch.digests.hurry()
        return self.newcomers.pacer.stop()


def build_core(store: Store, rulebook: Rulebook, adapters: list[Adapter] | tuple[Adapter, ...],
               *, clock: Clock = utc_now, sleep: Sleep = asyncio.sleep,
               pacing: Pacing = Pacing(), book: StateBook | None = None,
               digest_window: float = DIGEST_WINDOW, archive_dir: Path | None = None,
               owner: Ownership = EVERYTHING) -> Core:
    """Wire the core around an open store, a loaded rulebook and the adapters.
    `archive_dir`: where archives are written (default: `archives/` beside the database);
    `owner`: the communities this process acts for when several share the database."""
    book = book if book is not None else StateBook()
    background = Background()
    metrics = Metrics()   # this core's own registry: cores in one process count apart
    # the alerts post through a Platforms of their own, so the call watch never hears them
    malfunctions = MalfunctionAlerts(rulebook, ModLog(rulebook, Platforms(
        list(adapters), sleep=sleep), background), clock)
    rulebook.on_checked(malfunctions.rules_checked)
    for adapter in adapters:   # they check their own rights from their first event
        if Capability.SELF_CHECK in adapter.capabilities and isinstance(adapter, Watched):
            adapter.attach_malfunctions(malfunctions)
    platforms = Platforms(list(adapters), sleep=sleep, count=metrics.platform_call,
                          calls=malfunctions)
    scheduler = Scheduler(store)
    modlog = ModLog(rulebook, platforms, background)
    ledger = LedgerWatch(clock, malfunctions.ledger_notice)
    points = Points(book, rulebook, store)
    cases = CasePath(store, rulebook, platforms, scheduler, modlog, ledger, clock, metrics)
    pacer = Pacer(background, concurrency=pacing.concurrency)
    newcomers = Newcomers(Acting(store, rulebook, cases, platforms, scheduler, pacer, ledger,
                                 clock))
    insight = LiveInsight(store, rulebook, clock)
    watch = WatchService(store, rulebook, platforms, background, clock,
                         digest_window=digest_window)
    keeper = ArchiveKeeper(store, rulebook)
    archives = Archives(store, keeper, platforms, background, clock,
                        archive_dir or Path(getattr(store, "path", "gardien.db")).parent
                        / "archives")
    pipeline = Pipeline(store, rulebook, book, cases, platforms, newcomers, background, ledger,
                        insight, watch, clock, keeper, metrics)
    weekly = WeeklyReports(store, rulebook, scheduler, platforms, insight, background, clock,
                           owner)
    publisher = Publisher(store, rulebook, platforms, scheduler, clock, modlog,
                          insight.follows.start)
    schedules = Schedules(store, rulebook, scheduler, publisher, clock, owner)
    timers = TimerService(store, rulebook, scheduler, cases, platforms, clock,
                          {**newcomers.timer_handlers(), TimerKind.WEEKLY_REPORT: weekly.fire,
                           TimerKind.SCHEDULE: schedules.fire,
                           TimerKind.POLL_CLOSE: publisher.close_poll,
                           TimerKind.ANNOUNCE: schedules.fire_announce}, owner)
    commands = CommandCenter(Services(store, rulebook, cases, modlog, points, scheduler,
                                      platforms, newcomers, clock, insight, schedules,
                                      archives))
    health = Health(metrics, store, adapters, ledger)

    async def incidents() -> str | None:   # a malfunction told to moderators is a reason too
        return "; ".join(malfunctions.current()) or None

    health.readiness.add_check("incidents", incidents)
    return Core(store, rulebook, tuple(adapters), clock, book, background, platforms,
                scheduler, modlog, ledger, points, cases, newcomers, pipeline, timers, commands,
                insight, weekly, watch, FeedWatch(store, rulebook, platforms, clock, owner=owner),
                schedules, archives, health, malfunctions, owner)
