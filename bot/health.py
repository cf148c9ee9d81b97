"""What `/metrics`, `/healthz` and `/readyz` answer (FORMATS.md "Operations"), platform-free.

`Health` reads, at scrape time, what is not counted as it happens (cases still pending in
the database, decisions held, each platform's connection) and renders the core's
registry in Prometheus' text format. `Readiness` runs its checks, each bounded by a short
timeout, and collects the reasons in plain words: the database refusing a write, a
configured platform not connected, and whatever other parts add with `add_check` (the
malfunction incidents, for one). The HTTP server itself is at the edge
(adapters/metrics_http.py): the core never imports an HTTP library.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.adapter import Adapter, Linked
from bot.ledger import LedgerWatch
from bot.metrics import Metrics
from storage.base import Store
from storage.errors import StoreError
from storage.insight import InsightRows

log = structlog.get_logger("gardien.health")

CHECK_TIMEOUT = 2.0       # seconds one readiness check, or the pending count, may take
CONTENT_TYPE = CONTENT_TYPE_LATEST

Check = Callable[[], Awaitable[str | None]]   # a reason the bot is not ready, or None


def connected(adapter: Adapter) -> bool:
    """An adapter that cannot tell (the console) is connected by construction."""
    return adapter.is_connected() if isinstance(adapter, Linked) else True


class Readiness:
    """Named checks, each answering None (fine) or a reason in plain words."""

    def __init__(self, timeout: float = CHECK_TIMEOUT) -> None:
        self.timeout = timeout
        self._checks: list[tuple[str, Check]] = []

    def add_check(self, name: str, check: Check) -> None:
        """Add a check; `name` words the reason when it hangs or raises."""
        self._checks.append((name, check))

    async def reasons(self) -> list[str]:
        """Every reason the bot is not ready now, in the order the checks were added."""
        found = await asyncio.gather(*(self._run(name, check) for name, check in self._checks))
        return [reason for reason in found if reason]

    async def _run(self, name: str, check: Check) -> str | None:
        try:
            return await asyncio.wait_for(check(), self.timeout)
        except TimeoutError:
            return f"{name}: no answer within {self.timeout:g} s"
        except Exception as error:   # a broken check says so; it never breaks /readyz
            log.warning("readiness_check_failed", check=name, error=repr(error)[:200])
            return f"{name}: the check failed ({type(error).__name__})"


def database_writable(store: Store) -> Check:
    """A real write through the store's writer, changing no row: an empty batch of counts
    takes the write lock and checks that the file is still the one opened and the lease
    still held (storage/fileid.py, storage/lease.py)."""

    async def check() -> str | None:
        try:
            await store.write_insight_rows(InsightRows())
        except StoreError as error:
            return f"the database refuses writes: {error}"
        return None

    return check


def platform_connected(adapter: Adapter) -> Check:
    async def check() -> str | None:
        return None if connected(adapter) else f"{adapter.platform} is not connected"

    return check


class Health:
    """The operations view of one core."""

    def __init__(self, metrics: Metrics, store: Store, adapters: Sequence[Adapter],
                 ledger: LedgerWatch, readiness: Readiness | None = None) -> None:
        self.metrics = metrics
        self.store = store
        self.adapters = tuple(adapters)
        self.ledger = ledger
        self.readiness = readiness if readiness is not None else Readiness()
        self.readiness.add_check("database", database_writable(store))
        for adapter in self.adapters:
            self.readiness.add_check(adapter.platform, platform_connected(adapter))

    async def scrape(self) -> bytes:
        """The registry in Prometheus' text format, the read-at-scrape gauges refreshed."""
        metrics = self.metrics
        for adapter in self.adapters:
            metrics.platform_up.labels(adapter.platform).set(1 if connected(adapter) else 0)
        metrics.held.set(self.ledger.held())
        try:   # an unreadable database keeps the last figure; /readyz says why
            pending = await asyncio.wait_for(self.store.pending_cases(), CHECK_TIMEOUT)
            metrics.pending.set(len(pending))
        except (StoreError, TimeoutError) as error:
            log.warning("pending_cases_unread", error=str(error)[:200])
        return generate_latest(metrics.registry)

    async def ready(self) -> list[str]:
        """Why the bot is not ready; empty when it is."""
        return await self.readiness.reasons()
