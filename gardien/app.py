"""`gardien run`: build everything from the config, run, shut down cleanly.

Nothing registers itself at import time and nothing but the config loader
reads the environment; this module opens the store, loads the rulebook, builds
the adapters that are on and hands them to the core (bot/core.py), then serves:
signals, the timers, the reload watcher, and a shutdown that drains the work.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from typing import Literal, TextIO

import structlog

from adapters.feeds_http import HttpFetcher
from adapters.metrics_http import MetricsServer
from bot.adapter import Adapter
from bot.config import Config
from bot.core import Core, build_core
from bot.heap import settle_after_startup
from bot.ownership import Ownership
from bot.privacy.retention import RetentionService
from bot.rulebook import Rulebook
from bot.settings import Retention
from rules.events import Event
from rules.problems import RuleFileError
from storage.errors import StoreError
from storage.factory import store_for
from storage.target import PostgresURL

log = structlog.get_logger("gardien.app")

# FORMATS.md: exit within 10 s of SIGTERM/SIGINT, all steps included.
SHUTDOWN_GRACE = 4.0     # for the calls in flight; then they are cancelled (cases stay pending)
CANCEL_GRACE = 0.5       # for the cancelled to unwind
ADAPTER_STOP_GRACE = 2.0
BACKGROUND_GRACE = 1.0   # then for the timers and the watcher to notice the stop
RELOAD_INTERVAL = 1.0
INSIGHT_GRACE = 1.0      # for the last flush of the community counts


def build_adapters(config: Config, stdin: TextIO, stdout: TextIO,
                   rulebook: Rulebook | None = None) -> list[Adapter]:
    """Platform adapters for the platforms that are on; the console when none is.
    `rulebook`: what Discord's AutoMod is kept in step with (`automod.sync`)."""
    adapters: list[Adapter] = []
    if config.discord is not None:
        from adapters.discord import DiscordAdapter

        discord_adapter = DiscordAdapter(config.discord)
        if rulebook is not None:
            discord_adapter.attach_rules(rulebook.for_community)
        adapters.append(discord_adapter)
    if config.telegram is not None:
        from adapters.telegram import TelegramAdapter

        adapters.append(TelegramAdapter(config.telegram))
    if not adapters:
        from adapters.console import ConsoleAdapter

        adapters.append(ConsoleAdapter(stdin, stdout))
    return adapters


def _archive_dir(config: Config) -> Path:
    """Beside the SQLite file; with PostgreSQL, in the working directory."""
    if isinstance(config.storage, PostgresURL):
        return Path.cwd() / "archives"
    return config.storage.parent / "archives"


async def run_bot(config: Config, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    store = store_for(config.storage)
    try:
        await store.open()   # SQLite: takes the file's lease, a second instance stops here
    except StoreError as error:
        log.error("storage_unusable", problem=str(error),
                  hint="nothing was started; fix this and start again")
        return 2
    stop = asyncio.Event()
    _on_stop_signals(stop)   # from here on: a SIGTERM during a slow first compile stops too
    try:
        rulebook = Rulebook(config.rules.default, dict(config.rules.communities), store)
        log.info("rules_loading", default=str(config.rules.default),
                 communities=len(config.rules.communities))
        loading = asyncio.ensure_future(rulebook.load())
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait({loading, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not loading.done():   # the compile runs in a daemon thread: nothing to wait for
            loading.cancel()
            log.info("stopped_while_loading")
            return 0
        try:
            loading.result()
        except RuleFileError as error:
            for problem in error.problems:
                log.error("rules_invalid", problem=str(problem))
            return 2
        core = build_core(store, rulebook, build_adapters(config, stdin, stdout, rulebook),
                          archive_dir=_archive_dir(config),
                          owner=Ownership.of(config))
        settle_after_startup()
        server = await _metrics_server(config, core)
        if server is False:
            return 2
        try:
            await core.start()
            return await _serve(core, stop, config.retention)
        finally:
            if server is not None:
                await server.stop()
    finally:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        await store.close()
        log.info("stopped")


async def _metrics_server(config: Config, core: Core) -> MetricsServer | Literal[False] | None:
    """`metrics.listen`: /metrics, /healthz and /readyz served from before start-up's work
    (None when off; False, logged, when the address cannot be bound)."""
    if config.metrics is None:
        return None
    host, port = config.metrics.host, config.metrics.port
    server = MetricsServer(core.health, host, port)
    try:
        await server.start()
    except OSError as error:
        log.error("metrics_unusable", listen=f"{host}:{port}", problem=str(error),
                  hint="nothing was started; free the port or change metrics.listen")
        return False
    return server


def _on_stop_signals(stop: asyncio.Event) -> None:
    """SIGTERM and SIGINT set `stop` (logged), for the whole life of `gardien run`."""

    def on_stop_signal(name: str) -> None:
        log.info("signal", signal=name)
        stop.set()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_stop_signal, sig.name)


async def _serve(core: Core, stop: asyncio.Event, retention: Retention | None = None) -> int:
    rulebook, adapters = core.rulebook, core.adapters
    loop = asyncio.get_running_loop()
    interactive = any(a.platform == "console" for a in adapters)

    reloads: set[asyncio.Task[object]] = set()

    def on_reload_signal() -> None:
        log.info("signal", signal="SIGHUP")
        task = loop.create_task(rulebook.reload(force=True))
        reloads.add(task)
        task.add_done_callback(reloads.discard)

    loop.add_signal_handler(signal.SIGHUP, on_reload_signal)

    async def sink(event: Event) -> None:
        try:
            await core.handle(event)
        except Exception:   # one bad event must not take the bot down
            log.exception("event_failed", community=event.community, event_id=event.id)
        if interactive:      # a console session reads in order, one answer per line
            await core.drain()

    async def resume_then_timers() -> None:
        """Once connected: what the last run left pending, overdue timers, then the loop."""
        try:
            await core.resume()
        except Exception:   # the loop below still lifts what is due
            log.exception("resume_failed")
        await core.timers.run(stop)

    background = [
        asyncio.create_task(resume_then_timers(), name="timers"),
        asyncio.create_task(rulebook.watch(stop, RELOAD_INTERVAL), name="reload"),
        asyncio.create_task(core.ledger.run(stop), name="ledger"),
        asyncio.create_task(core.insight.run(stop), name="insight"),
        asyncio.create_task(core.watch.run(stop), name="watch"),
        asyncio.create_task(core.feeds.run(stop, HttpFetcher()), name="feeds"),
        asyncio.create_task(core.schedules.run(stop), name="schedules"),
        asyncio.create_task(core.archives.keeper.run(stop), name="archives"),
        asyncio.create_task(core.malfunctions.run(stop), name="malfunctions"),
        asyncio.create_task(RetentionService(core.store, retention or Retention(), core.clock,
                                             owner=core.owner)
                            .run(stop), name="retention"),   # at start, then daily
    ]
    listeners = [asyncio.create_task(a.start(sink), name=f"adapter-{a.platform}")
                 for a in adapters]
    log.info("started", adapters=[a.platform for a in adapters],
             rules=[r.file for r in rulebook.rulesets()])
    stopper = asyncio.create_task(stop.wait())
    broken = asyncio.create_task(core.ledger.broken.wait())   # the store stayed unwritable
    await asyncio.wait({stopper, broken, *listeners}, return_when=asyncio.FIRST_COMPLETED)
    failed = broken.done()
    for listener in listeners:   # e.g. a rejected token: shut down cleanly, exit non-zero
        if listener.done() and not listener.cancelled() and listener.exception():
            failed = True
            log.error("adapter_failed", adapter=listener.get_name(),
                      error=repr(listener.exception()),
                      hint="the bot stops so that its supervisor notices and restarts it")
    stop.set()
    core.stop()   # queued newcomer work stays pending in the ledger for the next start
    # Sanctions under way still need their adapter's connection: finish them first, for a
    # bounded time; what is still waiting (a 429, a rate limiter) is then cancelled.
    finished = await core.drain(timeout=SHUTDOWN_GRACE)
    if not finished:
        left = core.background.cancel()
        log.warning("shutdown_left_pending", tasks=left,
                    hint="pending cases are reconciled at the next start")
        await core.drain(timeout=CANCEL_GRACE)
    for adapter in adapters:
        try:
            await asyncio.wait_for(adapter.stop(), timeout=ADAPTER_STOP_GRACE)
        except Exception:   # a platform that hangs up badly must not block the exit
            log.exception("adapter_stop_failed", adapter=adapter.platform)
    # the timers and the watcher end on `stop`; a lifting under way finishes its case
    await asyncio.wait(background, timeout=BACKGROUND_GRACE)
    try:   # the last counts; bounded, a store that hangs must not hold up the exit
        await asyncio.wait_for(asyncio.gather(core.insight.flush(final=True), core.watch.flush(),
                                              core.archives.keeper.flush()),
                               timeout=INSIGHT_GRACE)
    except TimeoutError:
        log.warning("insight_not_flushed", hint="the last seconds of counts are lost")
    core.ledger.lost()   # decisions still held are reported, never carried out unrecorded
    for task in [*background, *listeners, stopper, broken]:
        task.cancel()
    await asyncio.gather(*background, *listeners, stopper, broken, return_exceptions=True)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.remove_signal_handler(sig)
    return 1 if failed else 0
