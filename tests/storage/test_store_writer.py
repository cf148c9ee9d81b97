"""The SQLite writer's batches: one trip to the connection's thread each, and the old
statement-by-statement path for an operation that awaits more than its connection."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

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


async def test_a_burst_of_cases_is_committed_in_a_few_trips_to_the_thread(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        with TripCounter(store) as counter:
            cases = await asyncio.gather(*(store.open_case(new_case(points=2))
                                           for _ in range(50)))
        assert [c.number for c in cases] == list(range(1, 51))
        assert counter.trips <= 3    # a batch is one trip, however many statements it holds
        assert len(await store.points_since("discord:1", cases[0].user, cases[0].created_at)
                   ) == 50


async def test_an_operation_awaiting_more_than_its_connection_still_commits(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        async def waits(conn: Connection) -> int:
            await asyncio.sleep(0)   # not the connection: the batch takes the slow path
            await conn.execute("INSERT INTO cooldowns (community, user, rule, until) "
                               "VALUES ('discord:1', 'u', 'r', 1)")
            return 7

        opened = asyncio.ensure_future(store.open_case(new_case()))
        assert await store._write(waits) == 7
        assert (await opened).number == 1
        assert [c.rule for c in await store.cooldowns_after(EPOCH)] == ["r"]


async def test_writes_decided_a_few_loop_turns_apart_share_one_commit(db_path, new_case):
    """Under load, a batch waits a few loop turns for company: cases decided by events a
    turn or two apart (as a live adapter delivers them) ride one trip and one commit."""
    async with SQLiteStore(db_path) as store:
        async def decided_after(turns: int):
            for _ in range(turns):
                await asyncio.sleep(0)
            return await store.open_case(new_case())

        with TripCounter(store) as counter:
            cases = await asyncio.gather(*(decided_after(turns) for turns in range(8)))
        assert sorted(c.number for c in cases) == list(range(1, 9))
        assert counter.trips == 1



async def test_without_aiosqlite_s_direct_call_a_batch_is_suspended_not_failed():
    """The one trip per batch rests on two private names of aiosqlite; a release without
    them raises Suspended, which sends the batch the statement-by-statement way (above:
    it commits), so such a release costs speed, never a case."""
    class Elsewhere:        # an aiosqlite connection that keeps its sqlite3 one elsewhere
        async def _execute(self, *args: object) -> None:
            raise AssertionError("never called without a sqlite3 connection")

    with pytest.raises(Suspended):
        await in_thread(Elsewhere(), lambda db: 1)   # type: ignore[arg-type]
