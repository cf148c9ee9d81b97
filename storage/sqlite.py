"""The embedded SQLite store: WAL, one group-committing writer, a separate reader.

Writes go through `Writer` (one task, one transaction per batch). Reads use a
second connection so they only ever see committed data, never a batch in flight.
`synchronous=NORMAL` in WAL mode means a committed transaction survives a killed
process (only a power loss can take back the last commits). One process at a time
writes a database (the lease, storage/lease.py); any number may read it alongside,
opened `read_only`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self, TypeVar
from urllib.parse import quote

import aiosqlite

from storage.access import Operation, Params, Row
from storage.archives import ArchiveRecords
from storage.base import Store
from storage.cases import CaseRecords
from storage.commands import CommandRecords
from storage.diagnose import open_failure, read_failure
from storage.errors import NoDatabaseError, StoreError
from storage.feeds import FeedRecords
from storage.fileid import FileIdentity
from storage.followups import FollowupRecords
from storage.inline import InlineConnection
from storage.insight import InsightRecords
from storage.lease import Lease
from storage.member_erase import MemberErasure
from storage.member_export import MemberExport
from storage.migrate import check, migrate
from storage.newcomers import NewcomerRecords
from storage.notes import NoteRecords
from storage.retention import RetentionRecords
from storage.schedules import ScheduleRecords
from storage.timers import TimerRecords
from storage.watch import WatchRecords
from storage.writer import Writer

T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


async def _read_schema(conn: aiosqlite.Connection) -> None:
    """Parse the schema now, so a file that is not SQLite or is damaged is refused at open."""
    await conn.execute_fetchall("SELECT count(*) FROM sqlite_master")


async def _prove_writable(conn: aiosqlite.Connection, version: int) -> None:
    """Write once and roll back: a read-only file opens and reads fine, and would
    otherwise fail only at the first case, with the bot already serving."""
    await conn.execute("BEGIN IMMEDIATE")
    try:
        await conn.execute(f"PRAGMA user_version = {int(version)}")
    finally:
        if conn.in_transaction:
            await conn.execute("ROLLBACK")


class SQLiteStore(CaseRecords, CommandRecords, NewcomerRecords, TimerRecords, NoteRecords,
                  InsightRecords, WatchRecords, FeedRecords, ScheduleRecords, ArchiveRecords,
                  MemberExport, MemberErasure, RetentionRecords, FollowupRecords):
    """`Store` on one SQLite file. Use `async with SQLiteStore(path) as store:`.

    `clock` stamps the few writes that take no time argument (`finish_case`,
    `update_reason`, `cancel_timers`); inject one for deterministic tests.
    `busy_timeout` (seconds) is how long to wait for another process's lock.
    `read_only` opens an existing database for reading only (`gardien cases`).
    What commands record (appeals, reports, uploads...) lives in `CommandRecords`;
    verification states and lockdowns in `NewcomerRecords`; insight counts in
    `InsightRecords`; outside feeds in `FeedRecords`; they reach SQLite
    through `_write` and `_read` below (storage/access.py).
    """

    def __init__(
        self, path: str | Path, *, clock: Callable[[], datetime] = utc_now,
        busy_timeout: float = 5.0, read_only: bool = False,
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._clock = clock
        self._busy_timeout = busy_timeout
        self._write_conn: aiosqlite.Connection | None = None
        self._read_conn: aiosqlite.Connection | None = None
        self._writer: Writer | None = None
        self._inline: InlineConnection | None = None   # light writes on the loop's thread
        self._lease: Lease | None = None
        self._identity: FileIdentity | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def open(self, *, upto: int | None = None) -> None:
        """Open the file and start serving.

        The writer (the default) takes the database's lease first (storage/lease.py:
        one writer per database, so migrations never race), creates the file if
        needed, migrates it to the latest schema (or `upto`) and starts the writer.
        `read_only=True` takes no lease and never creates, migrates or writes: it
        reads what a running writer has committed.
        """
        if self._read_conn is not None:
            raise StoreError(f"{self.path}: store is already open")
        if not self.path.parent.is_dir():  # checked first: a failed connect leaks a thread
            raise StoreError(f"{self.path}: directory {self.path.parent} does not exist")
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path}: not a database file (a directory, or a device)")
        try:
            if self.read_only:
                await self._open_for_reading()
            else:
                await self._open_for_writing(upto)
        except sqlite3.Error as error:
            await self._close_connections()
            self._release_lease()
            raise open_failure(self.path, error, busy_timeout=self._busy_timeout) from error
        except BaseException:
            await self._close_connections()
            self._release_lease()
            raise

    async def _open_for_writing(self, upto: int | None) -> None:
        self._lease = Lease.take(self.path)
        self._write_conn = await self._connect()
        await _read_schema(self._write_conn)
        if await check(self._write_conn, str(self.path)) == 0:  # refuse before writing
            # a new file returns freed pages to the disk (storage/retention.py)
            await self._write_conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        await self._write_conn.execute("PRAGMA journal_mode = WAL")
        version = await migrate(self._write_conn, str(self.path), upto)
        await _prove_writable(self._write_conn, version)
        self._identity = FileIdentity.of(self.path)
        self._read_conn = await self._connect()
        await self._read_conn.execute("PRAGMA query_only = ON")
        self._inline = InlineConnection.open(self.path)
        self._writer = self._new_writer(self._write_conn)
        self._writer.start()

    def _new_writer(self, conn: aiosqlite.Connection) -> Writer:
        return Writer(conn, str(self.path), guard=self._still_ours, inline=self._inline)

    async def _open_for_reading(self) -> None:
        if not self.path.exists():
            raise NoDatabaseError(f"{self.path}: there is no database at this path "
                                  "(`gardien run` creates it)")
        try:
            self._read_conn = await self._connect(mode="ro")
            await _read_schema(self._read_conn)
        except sqlite3.OperationalError as error:
            if not self._readable_immutable(error):
                raise
            await self._close_connections()   # a read-only directory, and no journal in it
            self._read_conn = await self._connect(mode="ro&immutable=1")
            await _read_schema(self._read_conn)
        await self._read_conn.execute("PRAGMA query_only = ON")
        if await check(self._read_conn, str(self.path)) == 0:
            raise NoDatabaseError(f"{self.path}: this file holds no Gardien database yet")

    def _readable_immutable(self, error: sqlite3.OperationalError) -> bool:
        """Whether a WAL database in a read-only directory can be read as a plain file.

        Reading WAL needs its shared-memory index beside the file; when SQLite
        cannot create it but no write-ahead log is left (a writer that closed
        cleanly removes it), the main file holds every commit.
        """
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        wal = self.path.with_name(self.path.name + "-wal")
        return (code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN)
                and not os.access(self.path.parent, os.W_OK)
                and (not wal.exists() or wal.stat().st_size == 0))

    def _still_ours(self) -> None:
        """The writer's guard: the file opened is still at the path, the lease still held."""
        if self._identity is not None:
            self._identity.verify()
        if self._lease is not None:
            self._lease.verify()

    async def close(self) -> None:
        """Finish queued writes, then close both connections and give up the lease."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            await writer.stop()
        await self._close_connections()
        self._release_lease()

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _connect(self, mode: str | None = None) -> aiosqlite.Connection:
        if mode is None:
            conn = await aiosqlite.connect(self.path, isolation_level=None)
        else:
            uri = f"file:{quote(str(self.path.absolute()))}?mode={mode}"
            conn = await aiosqlite.connect(uri, isolation_level=None, uri=True)
        try:
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")
        except BaseException:
            await conn.close()
            raise
        return conn

    async def _close_connections(self) -> None:
        if self._inline is not None:   # first: the thread's connection, closed last, checkpoints
            inline, self._inline = self._inline, None
            inline.close()
        for name in ("_read_conn", "_write_conn"):
            conn = getattr(self, name)
            setattr(self, name, None)
            if conn is not None:
                await conn.close()

    def _release_lease(self) -> None:
        self._identity = None
        if self._lease is not None:
            lease, self._lease = self._lease, None
            lease.release()

    async def vacuum_incremental(self) -> int:
        """Convert a file made before incremental auto-vacuum (one full VACUUM, which
        rewrites it); bytes it shrank by. Writes are refused meanwhile: for `gardien privacy
        prune`, never while the bot serves."""
        if self._writer is None or self._write_conn is None:
            raise StoreError(f"{self.path}: store is not open for writing")
        await self._writer.stop()
        before = self.path.stat().st_size
        try:
            await self._write_conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
            await self._write_conn.execute("VACUUM")
            await self._write_conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._writer = self._new_writer(self._write_conn)
            self._writer.start()
        return max(before - self.path.stat().st_size, 0)

    async def _write(self, operation: Operation[T], light: bool = False) -> T:
        if self._writer is None:
            if self.read_only and self._read_conn is not None:
                raise StoreError(f"{self.path}: store is open read-only")
            raise StoreError(f"{self.path}: store is not open")
        return await self._writer.submit(operation, light)

    async def _read(self, sql: str, params: Params = ()) -> list[Row]:
        if self._read_conn is None:
            raise StoreError(f"{self.path}: store is not open")
        try:
            return list(await self._read_conn.execute_fetchall(sql, params))
        except sqlite3.Error as error:
            raise read_failure(self.path, error) from error

if TYPE_CHECKING:  # mypy proves here that the SQLite store fills every role of `Store`
    _FILLS_EVERY_ROLE: type[Store] = SQLiteStore
