"""PostgreSQL only: several processes numbering one community's cases, a lost connection,
the schema's ownership. (Everything else runs on both backends through `make_store`.)"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from storage import StoreError
from storage.errors import NewerDatabaseError
from storage.postgres.store import PostgresStore
from tests.storage.conftest import make_case

WORKER = textwrap.dedent("""
    import asyncio, sys
    from datetime import UTC, datetime
    from storage import NewCase
    from storage.postgres.store import PostgresStore

    async def main(url, schema, count):
        store = PostgresStore(url, server_settings={"search_path": schema})
        await store.open()
        try:
            at = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
            async def one(i):
                case = await store.open_case(NewCase(community="discord:shared", user=str(i),
                                                     action="warn", rule="r", created_at=at))
                await store.finish_case(case.community, case.number, "done")
            for start in range(0, count, 50):   # 50 in flight: batches of several cases
                await asyncio.gather(*(one(i) for i in range(start, min(start + 50, count))))
        finally:
            await store.close()

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
""")


def test_four_processes_number_one_community_without_gap_or_duplicate(
        postgres_url: str, postgres_schema: str) -> None:
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, postgres_url, postgres_schema,
                                 "1000"], stderr=subprocess.PIPE, text=True)
               for _ in range(4)]
    for worker in workers:
        _, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors

    async def numbers() -> list[tuple[int, str]]:
        conn = await asyncpg.connect(postgres_url, server_settings={"search_path": postgres_schema})
        try:
            rows = await conn.fetch("SELECT number, status FROM cases "
                                    "WHERE community = 'discord:shared' ORDER BY number")
        finally:
            await conn.close()
        return [(row[0], row[1]) for row in rows]

    found = asyncio.run(numbers())
    assert [n for n, _ in found] == list(range(1, 4001))
    assert {status for _, status in found} == {"done"}


async def _terminate(url: str, application: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = $1", application))
    finally:
        await conn.close()


async def test_writes_survive_a_killed_connection(postgres_url: str, postgres_schema: str
                                                  ) -> None:
    application = f"gardien-{postgres_schema}"
    store = PostgresStore(postgres_url, server_settings={"search_path": postgres_schema,
                                                         "application_name": application})
    async with store:
        for _ in range(20):
            await store.open_case(make_case())
        assert await _terminate(postgres_url, application) >= 1   # between two writes
        after = await store.open_case(make_case())
        assert after.number == 21
        # and in the middle of a burst: every write that returned is stored, numbered once
        burst = asyncio.gather(*(store.open_case(make_case(user=str(i))) for i in range(300)))
        await asyncio.sleep(0.02)
        await _terminate(postgres_url, application)
        opened = await burst
        stored = await store.cases(community="discord:1")
    assert sorted(c.number for c in opened) == list(range(22, 322))
    assert [c.number for c in stored] == list(range(1, 322))


class Proxy:
    """A TCP relay to the test server that can go down and come back: a lost network."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.server: asyncio.Server | None = None
        self.links: list[asyncio.StreamWriter] = []

    async def up(self, listen: int = 0) -> int:
        self.server = await asyncio.start_server(self._link, "127.0.0.1", listen)
        return int(self.server.sockets[0].getsockname()[1])

    async def down(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in self.links:
            writer.transport.abort()
        self.links.clear()
        await self.server.wait_closed()

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.links += [writer, up_writer]

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.transport.abort()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def test_a_lost_server_fails_writes_clearly_then_the_store_recovers(
        postgres_url: str, postgres_schema: str) -> None:
    target = urlsplit(postgres_url)
    proxy = Proxy(target.port or 5432)
    port = await proxy.up()
    url = urlunsplit(target._replace(netloc=f"{target.username}@127.0.0.1:{port}"))
    store = PostgresStore(url, retry_for=1.0, server_settings={"search_path": postgres_schema})
    async with store:
        await store.open_case(make_case())
        await proxy.down()
        with pytest.raises(StoreError, match="PostgreSQL unreachable for 1 s"):
            await store.open_case(make_case())
        with pytest.raises(StoreError, match="unreachable"):
            await store.cases()
        await proxy.up(port)   # the server is back: the same store writes again
        assert (await store.open_case(make_case())).number == 2
        assert [c.number for c in await store.cases()] == [1, 2]
    await proxy.down()


async def test_no_postgres_server_is_a_clear_error_without_the_password() -> None:
    store = PostgresStore("postgresql://gardien:s3cret@127.0.0.1:1/none")
    with pytest.raises(StoreError) as refused:
        await store.open()
    assert "cannot connect to PostgreSQL" in str(refused.value)
    assert "s3cret" not in str(refused.value) and "***" in str(refused.value)


async def test_a_schema_of_another_program_or_a_newer_gardien_is_refused(
        postgres_url: str, postgres_schema: str) -> None:
    settings = {"search_path": postgres_schema}
    conn = await asyncpg.connect(postgres_url, server_settings=settings)
    try:
        await conn.execute("CREATE TABLE theirs (x int)")
        with pytest.raises(StoreError, match="not a Gardien database"):
            await PostgresStore(postgres_url, server_settings=settings).open()
        await conn.execute("DROP TABLE theirs")
        async with PostgresStore(postgres_url, server_settings=settings):
            pass
        await conn.execute("UPDATE gardien_schema SET version = 999")
        with pytest.raises(NewerDatabaseError, match="newer Gardien"):
            await PostgresStore(postgres_url, server_settings=settings).open()
    finally:
        await conn.close()
