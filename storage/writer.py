"""The single writer: every write goes through one task that group-commits.

Callers enqueue an operation (an async function of the connection) and await a
future. The writer takes every operation waiting in the queue, runs them all in
one `BEGIN IMMEDIATE ... COMMIT`, in one trip to the connection's thread
(storage/direct.py), and only then resolves the futures: a caller's
`await` returns after its write is durable, and a burst of writers shares one
commit instead of paying one each.

Convention for operations: raise `StoreError` only before writing anything (a
refused request, e.g. an unknown case); the batch then goes on without it. Any
other error rolls the whole batch back, and each operation is retried in its own
transaction so one bad write cannot fail its neighbours.

An operation submitted `light` (a handful of rows, bounded: opening and finishing
cases) runs on the event loop's own thread instead, on a second connection
(storage/inline.py says why and what stays on the thread); the batch is cut into
runs of light and other operations, in order, each run its own transaction.

Before each batch the writer runs the store's `guard`, which raises `StoreError`
when writing would be pointless or unsafe (the database file vanished, the
lease was lost): the whole batch is refused, so nothing is reported recorded
that is not.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import aiosqlite

from storage.access import Operation
from storage.direct import Suspended, in_thread, run_batch
from storage.errors import StoreError
from storage.inline import MAX_OPERATIONS, InlineConnection, Locked

T = TypeVar("T")
Item = tuple[Operation[Any], "asyncio.Future[Any]", bool]   # bool: light
_STOP = object()
GATHER_TURNS = 128    # loop turns a batch waits for company at most (`_gather`)... (32: -10%
                      # events/s in the live bench at 14% sanctioned, commits of ~4 cases)
GATHER_FOR = 0.005    # ...and seconds


class Writer:
    """Owns the write connection while running; see the module docstring."""

    def __init__(
        self, conn: aiosqlite.Connection, label: str, max_batch: int = 1000,
        guard: Callable[[], None] | None = None, gather_turns: int = GATHER_TURNS,
        gather_for: float = GATHER_FOR, inline: InlineConnection | None = None,
    ) -> None:
        self._conn = conn
        self._inline = inline
        self._gather_turns = gather_turns
        self._gather_for = gather_for
        self._guard = guard
        self._label = label
        self._max_batch = max_batch
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._accepting = False

    async def _gather(self) -> None:
        """Let the loop run a few turns before a batch leaves, so that the writes decided
        meanwhile share its commit and its trip to the thread (together ~150 µs of CPU,
        more than most writes cost): under load a burst of cases rides one commit, a few
        milliseconds later; on an idle loop the turns pass at once."""
        loop = asyncio.get_running_loop()
        until = loop.time() + self._gather_for
        for _ in range(self._gather_turns):
            if self._queue.qsize() >= self._max_batch or loop.time() >= until:
                return
            await asyncio.sleep(0)

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

    async def submit(self, operation: Operation[T], light: bool = False) -> T:
        """Run `operation` in the next batch; return its result once committed. `light`:
        it writes a few rows, no more, so it may run on the loop's thread."""
        if not self._accepting:
            raise StoreError(f"{self._label}: store is not open")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((operation, future, light))
        return await future

    async def _run(self) -> None:
        batch: list[Item] = []
        try:
            stopping = False
            while not stopping:
                item = await self._queue.get()
                batch = []
                if item is _STOP:
                    break
                batch.append(item)
                await self._gather()
                while len(batch) < self._max_batch and not self._queue.empty():
                    item = self._queue.get_nowait()
                    if item is _STOP:
                        stopping = True
                        break
                    batch.append(item)
                await self._commit(batch)
                batch = []
        except BaseException as error:  # never leave a caller waiting forever
            self._accepting = False
            failure = StoreError(f"{self._label}: writer stopped: {error!r}")
            for _, future, _ in batch:
                fail(future, failure)
            while not self._queue.empty():
                item = self._queue.get_nowait()
                if item is not _STOP:
                    fail(item[1], failure)
            raise

    async def _commit(self, batch: list[Item]) -> None:
        if self._guard is not None:
            try:
                self._guard()
            except StoreError as refused:
                for _, future, _ in batch:
                    fail(future, refused)
                return
        for n, run in enumerate(self._runs(batch)):
            if n:
                await asyncio.sleep(0)   # the loop's events between two light runs
            await self._commit_run(run)
        if self._inline is not None and self._inline.checkpoint_due():
            await self._checkpoint()

    def _runs(self, batch: list[Item]) -> list[list[Item]]:
        """The batch cut, in order, into runs all light (at most MAX_OPERATIONS: the loop
        waits for them) or none light; without a loop-thread connection, the batch."""
        if self._inline is None:
            return [batch]
        runs: list[list[Item]] = []
        for item in batch:
            last = runs[-1] if runs else None
            if (last is not None and last[0][2] == item[2]
                    and not (item[2] and len(last) >= MAX_OPERATIONS)):
                last.append(item)
            else:
                runs.append([item])
        return runs

    async def _checkpoint(self) -> None:
        """A passive checkpoint on the thread (it fsyncs), between two batches: with no
        write beside it, it copies the whole log, which the next commit then reuses from
        its start. The loop goes on meanwhile; the writes wait for it."""
        assert self._inline is not None
        self._inline.commits = 0
        with contextlib.suppress(sqlite3.Error):   # the next one tries again
            await self._conn.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)")

    async def _commit_run(self, batch: list[Item]) -> None:
        try:
            outcomes = await self._transaction(batch)
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_BUSY:
                await self._one_by_one(batch)
                return
            # another process held the lock past busy_timeout: retrying each would wait again
            failure = StoreError(f"{self._label}: database is locked by another process")
            failure.__cause__ = error
            for _, future, _ in batch:
                fail(future, failure)
            return
        except Exception:
            await self._one_by_one(batch)
            return
        for (_, future, _), outcome in zip(batch, outcomes, strict=True):
            settle(future, outcome)

    async def _one_by_one(self, batch: list[Item]) -> None:
        """After a failed batch: one transaction each, to keep all but the bad writes."""
        for item in batch:
            future = item[1]
            try:
                (outcome,) = await self._transaction([item])
            except sqlite3.Error as error:
                outcome = StoreError(f"{self._label}: {error}")
                outcome.__cause__ = error
            except Exception as error:
                outcome = error
            settle(future, outcome)

    async def _transaction(self, batch: list[Item]) -> list[Any]:
        """One transaction for the batch: here when it is light (storage/inline.py), else
        in one trip to the connection's thread (storage/direct.py); a caller that gave up
        before its turn gets None."""
        live = [n for n, (_, future, _) in enumerate(batch) if not future.cancelled()]
        operations = [batch[n][0] for n in live]
        try:
            done = self._here(batch, operations)
            if done is None:
                done = await in_thread(self._conn, partial(run_batch, operations))
        except Suspended:
            done = await self._awaited(operations)
        outcomes: list[Any] = [None] * len(batch)
        for n, outcome in zip(live, done, strict=True):
            outcomes[n] = outcome
        return outcomes

    def _here(self, batch: list[Item], operations: list[Operation[Any]]) -> list[Any] | None:
        """The light batch's outcomes, run on the loop's thread; None when it is for the
        thread (not light, no loop-thread connection, or another process holds the lock)."""
        if self._inline is None or not all(light for _, _, light in batch):
            return None
        try:
            return self._inline.run(operations)
        except Locked:
            return None

    async def _awaited(self, operations: list[Operation[Any]]) -> list[Any]:
        """The slow path, for an operation that awaits more than its connection: one trip to
        the thread per statement."""
        conn = self._conn
        await conn.execute("BEGIN IMMEDIATE")
        try:
            outcomes: list[Any] = []
            for operation in operations:
                try:
                    outcomes.append(await operation(conn))
                except StoreError as refused:
                    outcomes.append(refused)
            await conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    await conn.execute("ROLLBACK")
            raise
        return outcomes


def settle(future: asyncio.Future[Any], outcome: Any) -> None:
    if future.done():
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


def fail(future: asyncio.Future[Any], error: BaseException) -> None:
    if not future.done():
        future.set_exception(error)
