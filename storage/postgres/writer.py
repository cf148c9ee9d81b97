"""The group-committing writer on a PostgreSQL pool, with retries over a lost connection.

The same contract as storage/writer.py: callers enqueue an operation and await its
future; the writer runs every waiting operation in one transaction and resolves the
futures only after COMMIT, so an `await` returns once the write is durable. An operation
raising `StoreError` (a refused request) is answered with it and the batch goes on; any
other error rolls the batch back and each operation is retried alone, so one bad write
does not fail its neighbours.

What differs: the connection can be lost (a restarted server, a failover, a killed
backend). The batch is then retried on a fresh connection with a growing pause, for at
most `retry_for` seconds, and only then failed with `StoreError`: the bot stays up and
its callers see a clear failure. A loss during COMMIT is ambiguous, so the writer asks
the server what became of the transaction (`txid_status`) before deciding: a batch is
never reported done unless it committed, and never applied twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import asyncpg

from storage.access import Numbering, Operation
from storage.errors import StoreError
from storage.postgres.adapter import PgConnection
from storage.writer import fail, settle

Item = tuple[Operation[Any], "asyncio.Future[Any]"]   # no `light` here: see PostgresStore._write

log = logging.getLogger(__name__)
_STOP = object()
# a community's case numbers, held until COMMIT (re-taking it in the same session is free)
LOCK_NUMBERS = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"


def transient(error: BaseException) -> bool:
    """A failure of the connection or a conflict worth retrying, not of the statement."""
    if isinstance(error, (asyncpg.exceptions.ConnectionDoesNotExistError,
                          asyncpg.exceptions.ConnectionFailureError,
                          asyncpg.exceptions.OperatorInterventionError,   # 57P01 and kin
                          asyncpg.exceptions.TransactionRollbackError,    # 40001, 40P01
                          asyncpg.exceptions.CannotConnectNowError,
                          asyncpg.exceptions.TooManyConnectionsError,
                          asyncpg.InterfaceError, OSError, TimeoutError)):
        return True
    return isinstance(error, asyncpg.PostgresError) and str(getattr(error, "sqlstate", "")
                                                             ).startswith("08")


class _Lost(Exception):
    """The connection went away; `committed` says whether the batch made it anyway."""

    def __init__(self, cause: BaseException, committed: bool, outcomes: list[Any]) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.committed = committed
        self.outcomes = outcomes


class PgWriter:
    """One task taking batches off the queue; see the module docstring."""

    def __init__(self, pool: asyncpg.Pool, label: str, *, max_batch: int = 1000,
                 retry_for: float = 30.0) -> None:
        self._pool = pool
        self._label = label
        self._max_batch = max_batch
        self._retry_for = retry_for
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._accepting = False

    def start(self) -> None:
        self._accepting = True
        self._task = asyncio.create_task(self._run(), name=f"gardien-writer:{self._label}")

    async def stop(self) -> None:
        """Refuse new writes, finish the queued ones, then end the task."""
        if self._task is None:
            return
        self._accepting = False
        self._queue.put_nowait(_STOP)
        await self._task
        self._task = None

    async def submit(self, operation: Any) -> Any:
        if not self._accepting:
            raise StoreError(f"{self._label}: store is not open")
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((operation, future))
        return await future

    async def _run(self) -> None:
        batch: list[Item] = []
        try:
            stopping = False
            while not stopping:
                item = await self._queue.get()
                batch = []
                while True:
                    if item is _STOP:
                        stopping = True
                        break
                    batch.append(item)
                    if len(batch) >= self._max_batch or self._queue.empty():
                        break
                    item = self._queue.get_nowait()
                if batch:
                    await self._commit(batch)
                batch = []
        except BaseException as error:  # never leave a caller waiting forever
            self._accepting = False
            failure = StoreError(f"{self._label}: writer stopped: {error!r}")
            for _, future in batch:
                fail(future, failure)
            while not self._queue.empty():
                item = self._queue.get_nowait()
                if item is not _STOP:
                    fail(item[1], failure)
            raise

    async def _commit(self, batch: list[Item]) -> None:
        try:
            outcomes = await self._retrying(batch)
        except StoreError as unreachable:
            for _, future in batch:
                fail(future, unreachable)
            return
        except Exception:
            await self._one_by_one(batch)
            return
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            settle(future, outcome)

    async def _one_by_one(self, batch: list[Item]) -> None:
        """After a failed batch: one transaction each, to keep all but the bad writes."""
        for item in batch:
            try:
                (outcome,) = await self._retrying([item])
            except asyncpg.PostgresError as error:
                outcome = StoreError(f"{self._label}: {error}")
                outcome.__cause__ = error
            except Exception as error:
                outcome = error
            settle(item[1], outcome)

    async def _retrying(self, batch: list[Item]) -> list[Any]:
        """`_transaction`, again on a fresh connection while the failure is transient."""
        deadline = time.monotonic() + self._retry_for
        pause = 0.05
        while True:
            try:
                return await self._transaction(batch)
            except _Lost as lost:
                if lost.committed:
                    return lost.outcomes
                error: BaseException = lost.cause
            except Exception as failure:
                if not transient(failure):
                    raise
                error = failure
            if time.monotonic() + pause > deadline:
                raise StoreError(f"{self._label}: PostgreSQL unreachable for "
                                 f"{self._retry_for:g} s: {error}") from error
            log.warning("postgres_write_retry", extra={"store": self._label,
                                                       "error": type(error).__name__})
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)

    async def _transaction(self, batch: list[Item]) -> list[Any]:
        async with self._pool.acquire() as raw:
            conn = PgConnection(raw)
            transaction = raw.transaction()
            await transaction.start()
            try:
                txid = await raw.fetchval("SELECT txid_current()")
                communities = sorted({op.community for op, _ in batch
                                      if isinstance(op, Numbering)})
                for community in communities:   # one order for every process: no cycle
                    await raw.execute(LOCK_NUMBERS, community)
                conn.numbering = frozenset(communities)
                outcomes: list[Any] = []
                for operation, future in batch:
                    if future.cancelled():  # the caller gave up before its turn
                        outcomes.append(None)
                        continue
                    try:
                        outcomes.append(await operation(conn))
                    except StoreError as refused:
                        outcomes.append(refused)
            except BaseException:
                if not raw.is_closed():
                    try:
                        await transaction.rollback()
                    except Exception:   # the connection died: the server rolls it back
                        raw.terminate()
                raise
            try:
                await transaction.commit()
            except Exception as error:
                if not transient(error):
                    raise
                raw.terminate()
                raise _Lost(error, await self._committed(txid), outcomes) from error
            return outcomes

    async def _committed(self, txid: int) -> bool:
        """Whether the transaction whose COMMIT got no answer did commit, asked anew."""
        deadline = time.monotonic() + self._retry_for
        while True:
            try:
                async with self._pool.acquire() as raw:
                    status = await raw.fetchval("SELECT txid_status($1)", txid)
                if status != "in progress":     # the server has not noticed the loss yet
                    return bool(status == "committed")
                if time.monotonic() > deadline:
                    raise StoreError(f"{self._label}: a COMMIT whose connection was lost "
                                     f"is still in progress after {self._retry_for:g} s")
            except Exception as error:
                if not transient(error) or time.monotonic() > deadline:
                    raise StoreError(f"{self._label}: lost the connection during COMMIT "
                                     f"and cannot learn its outcome: {error}") from error
            await asyncio.sleep(0.1)
