"""The retention while the bot runs: applied once at start, in the background (the adapters
never wait for it), then daily. The rules themselves are storage/retention.py's; they are
batched, so events keep being handled while a large prune runs.

With several processes on one database, the one that `leads` (bot/ownership.py) prunes
for all: the rules are by age, database-wide.

`privacy_pruned` is logged with the rows changed per table and verb: counts, never ids.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime

import structlog

from bot.clock import Clock
from bot.ownership import EVERYTHING, Ownership
from bot.settings import Retention
from storage.retention import Periods, Pruned, RetentionStore

log = structlog.get_logger("gardien.privacy")

EVERY = 86400.0   # seconds between two prunes


def periods(retention: Retention) -> Periods:
    return Periods(evidence=retention.evidence, activity=retention.activity,
                   notes=retention.notes, cases=retention.cases,
                   removed_community=retention.removed_community)


def log_pruned(done: Pruned) -> None:
    log.info("privacy_pruned", tables=done.tables, communities_erased=done.communities_erased,
             bytes_returned=done.bytes_returned)
    if not done.incremental_vacuum:
        log.info("privacy_space_kept", hint="this database was made before incremental "
                 "auto-vacuum: stop the bot and run `gardien privacy prune` once to convert it")


class RetentionService:
    def __init__(self, store: RetentionStore, retention: Retention, clock: Clock, *,
                 every: float = EVERY, owner: Ownership = EVERYTHING) -> None:
        self.store = store
        self.owner = owner
        self.periods = periods(retention)
        self.clock = clock
        self.every = every

    async def prune(self, now: datetime | None = None) -> Pruned | None:
        """One prune; a failure is logged (and tried again at the next), never raised."""
        try:
            done = await self.store.prune(self.periods, now or self.clock())
        except Exception as error:
            log.warning("privacy_prune_failed", error=str(error),
                        hint="tried again at the next daily prune")
            return None
        log_pruned(done)
        return done

    async def run(self, stop: asyncio.Event) -> None:
        """Prune now, then every `every` seconds until `stop` (in the leading process)."""
        if not self.owner.leads:
            log.info("privacy_prune_elsewhere", hint="the process running Discord's shard 0 "
                     "applies the retention for the shared database")
            return
        while not stop.is_set():
            await self.prune()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.every)
