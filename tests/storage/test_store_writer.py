"""The SQLite writer's batches: light ones (cases opened and finished) committed on the
loop's thread, the others in one trip to the connection's thread each, the old
statement-by-statement path for an operation that awaits more than its connection, and
the thread taking over when another process holds the lock."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

import storage.inline
from storage import SQLiteStore
from storage.access import Connection
from storage.direct import Suspended, in_thread

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class TripCounter:
    """Counts the trips to the write connection's thread while installed; the statements
    still run for real."""

    def __init__(self, store: SQLiteStore) -> None:
        conn = store._write_conn
        assert conn is not None
        self.conn, self.send, self.trips = conn, conn._execute, 0

    async def counted(self, *args, **kwargs):
        self.trips += 1
        return await self.send(*args, **kwargs)

    def __enter__(self) -> TripCounter:
        self.conn._execute = self.counted
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn._execute = self.send


class Commits:
    """Counts the transactions each write connection begins (SQLite's own trace of the
    statements it runs), while installed."""

    def __init__(self, store: SQLiteStore) -> None:
        assert store._inline is not None and store._write_conn is not None
        self.store, self.here, self.thread = store, 0, 0

    def _on_loop(self, statement: str) -> None:
        self.here += statement.startswith("BEGIN")

    def _on_thread(self, statement: str) -> None:
        self.thread += statement.startswith("BEGIN")

    async def __aenter__(self) -> Commits:
        self.store._inline._db.set_trace_callback(self._on_loop)   # type: ignore[union-attr]
        await self.store._write_conn.set_trace_callback(self._on_thread)  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.store._inline._db.set_trace_callback(None)   # type: ignore[union-attr]
        await self.store._write_conn.set_trace_callback(None)  # type: ignore[union-attr]


async def test_a_burst_of_cases_is_committed_in_one_transaction_on_the_loop_thread(
        db_path, new_case):
    async with SQLiteStore(db_path) as store:
        async with Commits(store) as commits:
            with TripCounter(store) as counter:
                cases = await asyncio.gather(*(store.open_case(new_case(points=2))
                                               for _ in range(50)))
        assert [c.number for c in cases] == list(range(1, 51))
        assert (commits.here, commits.thread, counter.trips) == (1, 0, 0)
        assert len(await store.points_since("discord:1", cases[0].user, cases[0].created_at)
                   ) == 50


async def test_a_burst_larger_than_a_light_batch_is_cut_into_several_in_order(
        db_path, new_case):
    """The loop waits for a light transaction: at most MAX_OPERATIONS of them each."""
    async with SQLiteStore(db_path) as store:
        async with Commits(store) as commits:
            cases = await asyncio.gather(*(store.open_case(new_case())
                                           for _ in range(storage.inline.MAX_OPERATIONS * 2 + 1)))
        assert [c.number for c in cases] == list(range(1, len(cases) + 1))
        assert (commits.here, commits.thread) == (3, 0)


async def test_an_operation_not_marked_light_is_committed_on_the_thread_in_its_place(
        db_path, new_case):
    async with SQLiteStore(db_path) as store:
        async def heavy(conn: Connection) -> int:
            await conn.execute("INSERT INTO cooldowns (community, user, rule, until) "
                               "VALUES ('discord:1', 'u', 'r', 1)")
            ((count,),) = await conn.execute_fetchall("SELECT count(*) FROM cases")
            return int(count)

        async with Commits(store) as commits:
            with TripCounter(store) as counter:
                first = asyncio.ensure_future(store.open_case(new_case()))
                seen = asyncio.ensure_future(store._write(heavy))
                last = asyncio.ensure_future(store.open_case(new_case()))
                assert ((await first).number, await seen, (await last).number) == (1, 1, 2)
        assert (commits.here, commits.thread, counter.trips) == (2, 1, 1)


async def test_an_operation_awaiting_more_than_its_connection_still_commits(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        def waits(rule: str):
            async def op(conn: Connection) -> int:
                await asyncio.sleep(0)   # not the connection: the batch takes the slow path
                await conn.execute("INSERT INTO cooldowns (community, user, rule, until) "
                                   "VALUES ('discord:1', 'u', ?, 1)", (rule,))
                return 7
            return op

        opened = asyncio.ensure_future(store.open_case(new_case()))
        assert await store._write(waits("r")) == 7
        assert await store._write(waits("s"), light=True) == 7   # light, and still it commits
        assert (await opened).number == 1
        assert sorted(c.rule for c in await store.cooldowns_after(EPOCH)) == ["r", "s"]


async def test_writes_decided_a_few_loop_turns_apart_share_one_commit(db_path, new_case):
    """Under load, a batch waits a few loop turns for company: cases decided by events a
    turn or two apart (as a live adapter delivers them) ride one commit."""
    async with SQLiteStore(db_path) as store:
        async def decided_after(turns: int):
            for _ in range(turns):
                await asyncio.sleep(0)
            return await store.open_case(new_case())

        async with Commits(store) as commits:
            cases = await asyncio.gather(*(decided_after(turns) for turns in range(8)))
        assert sorted(c.number for c in cases) == list(range(1, 9))
        assert (commits.here, commits.thread) == (1, 0)


async def test_a_lock_held_by_another_process_is_waited_for_on_the_thread_not_the_loop(
        db_path: Path, new_case):
    """The loop's connection never waits for a lock (busy_timeout 0): the batch goes to
    the thread, which waits busy_timeout while the loop goes on serving events."""
    async with SQLiteStore(db_path) as store:
        other = sqlite3.connect(db_path, isolation_level=None)   # another process's writes
        other.execute("BEGIN IMMEDIATE")
        turns = 0

        async def loop_turns() -> None:
            nonlocal turns
            while True:
                await asyncio.sleep(0.001)
                turns += 1

        ticking = asyncio.create_task(loop_turns())
        async with Commits(store) as commits:
            opened = asyncio.ensure_future(store.open_case(new_case()))
            await asyncio.sleep(0.2)
            assert not opened.done() and turns >= 20   # held, and the loop still turns
            other.execute("COMMIT")
            assert (await opened).number == 1
        ticking.cancel()
        other.close()
        assert commits.thread == 1


async def test_the_loop_thread_s_commits_are_checkpointed_so_the_log_stays_small(
        db_path: Path, new_case, monkeypatch):
    """The loop's connection never checkpoints (it fsyncs); the thread does, every
    CHECKPOINT_EVERY commits made on the loop, so the write-ahead log is reused rather
    than grown by every commit."""
    monkeypatch.setattr(storage.inline, "CHECKPOINT_EVERY", 20)
    wal = db_path.with_name(db_path.name + "-wal")
    async with SQLiteStore(db_path) as store:
        for _ in range(40):                       # each one its own commit
            await store.open_case(new_case(reason="x" * 3000))
        await asyncio.sleep(0.05)
        grown = wal.stat().st_size
        for _ in range(400):
            await store.open_case(new_case(reason="x" * 3000))
        await asyncio.sleep(0.05)
        assert wal.stat().st_size < 4 * grown     # 400 commits of 3 kB: 1.2 MB unchecked
        assert len(await store.cases()) == 440


async def test_without_aiosqlite_s_direct_call_a_batch_is_suspended_not_failed():
    """The one trip per batch rests on two private names of aiosqlite; a release without
    them raises Suspended, which sends the batch the statement-by-statement way (above:
    it commits), so such a release costs speed, never a case."""
    class Elsewhere:        # an aiosqlite connection that keeps its sqlite3 one elsewhere
        async def _execute(self, *args: object) -> None:
            raise AssertionError("never called without a sqlite3 connection")

    with pytest.raises(Suspended):
        await in_thread(Elsewhere(), lambda db: 1)   # type: ignore[arg-type]
