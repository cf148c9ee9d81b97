"""`Store` on PostgreSQL: the same table mixins as SQLite, on a pool, for several processes.

Writes go through `PgWriter` (group commit, retried over a lost connection); reads go to
the pool and see only committed data (READ COMMITTED). No lease: several processes
(shards, a CLI beside the bot) share one database by design, and case numbers stay
gapless and unique per community because each opening takes the community's advisory
lock for the rest of its transaction, backed by UNIQUE (community, number).
`read_only` stores open every connection with `default_transaction_read_only`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Self, TypeVar

import asyncpg

from storage.access import Connection, Operation, Params, Row
from storage.archives import ArchiveRecords
from storage.base import Store
from storage.cases import CaseRecords
from storage.commands import CommandRecords
from storage.errors import NoDatabaseError, StoreError
from storage.feeds import FeedRecords
from storage.followups import FollowupRecords
from storage.insight import InsightRecords
from storage.member_erase import MemberErasure
from storage.member_export import MemberExport
from storage.newcomers import NewcomerRecords
from storage.notes import NoteRecords
from storage.postgres.adapter import PgConnection, bind
from storage.postgres.migrate import check, migrate
from storage.postgres.writer import LOCK_NUMBERS, PgWriter, transient
from storage.retention import Pruned, RetentionRecords
from storage.schedules import ScheduleRecords
from storage.target import PostgresURL
from storage.timers import TimerRecords
from storage.watch import WatchRecords

T = TypeVar("T")

def utc_now() -> datetime:
    return datetime.now(UTC)


class PostgresStore(CaseRecords, CommandRecords, NewcomerRecords, TimerRecords, NoteRecords,
                    InsightRecords, WatchRecords, FeedRecords, ScheduleRecords, ArchiveRecords,
                    RetentionRecords, FollowupRecords, MemberExport, MemberErasure):
    """`Store` on a PostgreSQL database. Use `async with PostgresStore(url) as store:`.

    `server_settings` go to every connection (a test's `search_path`); `retry_for` bounds,
    in seconds, how long a write or read waits for a lost server before failing.
    """

    dialect = "postgresql"

    def __init__(
        self, url: PostgresURL | str, *, clock: Callable[[], datetime] = utc_now,
        read_only: bool = False, server_settings: dict[str, str] | None = None,
        retry_for: float = 30.0, pool_size: int = 4,
    ) -> None:
        self.url = url if isinstance(url, PostgresURL) else PostgresURL(url)
        self.read_only = read_only
        self._clock = clock
        self._settings = dict(server_settings or {})
        if read_only:
            self._settings["default_transaction_read_only"] = "on"
        self._retry_for = retry_for
        self._pool_size = max(pool_size, 2)
        self._pool: asyncpg.Pool | None = None
        self._writer: PgWriter | None = None

    @property
    def label(self) -> str:
        return str(self.url)   # the password stays out of every message

    # -- lifecycle ---------------------------------------------------------------------

    async def open(self, *, upto: int | None = None) -> None:
        """Connect, then migrate to the latest schema (or `upto`) unless `read_only`."""
        if self._pool is not None:
            raise StoreError(f"{self.label}: store is already open")
        try:
            self._pool = await asyncpg.create_pool(
                self.url.dsn, min_size=1, max_size=self._pool_size,
                server_settings=self._settings or None)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
            raise StoreError(f"{self.label}: cannot connect to PostgreSQL: "
                             f"{type(error).__name__}: {error}") from None
        try:
            async with self._pool.acquire() as conn:
                if self.read_only:
                    if await check(conn, self.label) == 0:
                        raise NoDatabaseError(f"{self.label}: this database holds no Gardien "
                                              "schema yet (`gardien run` creates it)")
                else:
                    await migrate(conn, self.label, upto)
        except BaseException:
            await self._close_pool()
            raise
        if not self.read_only:
            self._writer = PgWriter(self._pool, self.label, retry_for=self._retry_for)
            self._writer.start()

    async def close(self) -> None:
        """Finish queued writes, then close the pool."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            await writer.stop()
        await self._close_pool()

    async def _close_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    # -- what the mixins reach ---------------------------------------------------------

    async def _write(self, operation: Operation[T], light: bool = False) -> T:
        """`light` changes nothing here: asyncpg never leaves the loop's thread."""
        if self._writer is None:
            if self.read_only and self._pool is not None:
                raise StoreError(f"{self.label}: store is open read-only")
            raise StoreError(f"{self.label}: store is not open")
        result: T = await self._writer.submit(operation)
        return result

    async def _read(self, sql: str, params: Params = ()) -> list[Row]:
        if self._pool is None:
            raise StoreError(f"{self.label}: store is not open")
        text, args = bind(sql, params)
        deadline = time.monotonic() + self._retry_for
        pause = 0.05
        while True:
            try:
                return [tuple(row) for row in await self._pool.fetch(text, *args)]
            except Exception as error:
                if not transient(error):
                    if isinstance(error, asyncpg.PostgresError):
                        raise StoreError(f"{self.label}: {error}") from error
                    raise
                if time.monotonic() + pause > deadline:
                    raise StoreError(f"{self.label}: PostgreSQL unreachable for "
                                     f"{self._retry_for:g} s: {error}") from error
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)

    async def _lock_numbers(self, conn: Connection, community: str) -> None:
        """The community's advisory lock, held until the batch commits: another process
        opening a case there waits, then numbers after this one. The writer took it
        already for the batch's `Numbering` writes (in order), so they skip a round trip."""
        if isinstance(conn, PgConnection) and community in conn.numbering:
            return
        await conn.execute(LOCK_NUMBERS.replace("$1", "?"), (community,))

    async def _return_space(self, done: Pruned) -> None:
        """PostgreSQL: VACUUM the tables the prune touched, outside any transaction, so
        their dead rows' space is reused (the file does not shrink; autovacuum would
        do the same later)."""
        if self._pool is None or not done.tables:
            return
        async with self._pool.acquire() as conn:
            for table in sorted(done.tables):
                await conn.execute(f'VACUUM "{table}"')


if TYPE_CHECKING:  # mypy proves here that the PostgreSQL store fills every role of `Store`
    _FILLS_EVERY_ROLE: type[Store] = PostgresStore
