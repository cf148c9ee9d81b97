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

from storage import codec
from storage.access import Operation, Params, Row
from storage.archives import ArchiveRecords
from storage.base import Store
from storage.codec import CASE_COLUMNS
from storage.commands import CommandRecords
from storage.diagnose import open_failure, read_failure
from storage.errors import NoDatabaseError, StoreError, UnknownCaseError
from storage.feeds import FeedRecords
from storage.fileid import FileIdentity
from storage.followups import FollowupRecords
from storage.insight import InsightRecords
from storage.lease import Lease
from storage.member_erase import MemberErasure
from storage.member_export import MemberExport
from storage.migrate import check, migrate
from storage.models import (
    FINAL_STATUSES,
    Case,
    Cooldown,
    MemberPoints,
    NewCase,
    PointEntry,
    cut_evidence,
)
from storage.newcomers import NewcomerRecords
from storage.notes import NoteRecords
from storage.retention import RetentionRecords
from storage.schedules import ScheduleRecords
from storage.timers import TimerRecords
from storage.watch import WatchRecords
from storage.writer import Writer

T = TypeVar("T")

_OPEN_CASE = f"""
INSERT INTO cases ({CASE_COLUMNS})
SELECT :community, COALESCE(MAX(number), 0) + 1, :user, :action, :rule, :reason, :moderator,
       :evidence, :created_at, :expires_at, :points, :message_id, :channel, :shadow,
       'pending', NULL, :created_at
FROM cases WHERE community = :community
RETURNING id, {CASE_COLUMNS}
"""
_ADD_POINTS = """
INSERT INTO points (case_id, community, user, at, points)
VALUES (:id, :community, :user, :at, :points)
"""
_FINISH_CASE = f"""
UPDATE cases SET status = :status, error = :error, updated_at = :at
WHERE community = :community AND number = :number AND status = 'pending'
RETURNING {CASE_COLUMNS}
"""


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


class SQLiteStore(CommandRecords, NewcomerRecords, TimerRecords, NoteRecords, InsightRecords,
                  WatchRecords, FeedRecords, ScheduleRecords, ArchiveRecords, MemberExport,
                  MemberErasure, RetentionRecords, FollowupRecords):
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
        self._writer = Writer(self._write_conn, str(self.path), guard=self._still_ours)
        self._writer.start()

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
            self._writer = Writer(self._write_conn, str(self.path), guard=self._still_ours)
            self._writer.start()
        return max(before - self.path.stat().st_size, 0)

    async def _write(self, operation: Operation[T]) -> T:
        if self._writer is None:
            if self.read_only and self._read_conn is not None:
                raise StoreError(f"{self.path}: store is open read-only")
            raise StoreError(f"{self.path}: store is not open")
        return await self._writer.submit(operation)

    async def _read(self, sql: str, params: Params = ()) -> list[Row]:
        if self._read_conn is None:
            raise StoreError(f"{self.path}: store is not open")
        try:
            return list(await self._read_conn.execute_fetchall(sql, params))
        except sqlite3.Error as error:
            raise read_failure(self.path, error) from error

    # -- cases ---------------------------------------------------------------------------

    async def open_case(self, new: NewCase) -> Case:
        """Number and record a pending case (with its points) before the platform call."""
        params = {
            "community": new.community, "user": new.user, "action": new.action,
            "rule": new.rule, "reason": new.reason, "moderator": new.moderator,
            "evidence": cut_evidence(new.evidence), "created_at": codec.to_us(new.created_at),
            "expires_at": codec.to_us_or_none(new.expires_at), "points": new.points,
            "message_id": new.message_id, "channel": new.channel, "shadow": int(new.shadow),
        }
        # Shadow cases record what a rule would do; their points must not escalate anyone.
        counts = new.points > 0 and not new.shadow

        async def op(conn: aiosqlite.Connection) -> Case:
            (row,) = await conn.execute_fetchall(_OPEN_CASE, params)
            if counts:
                await conn.execute(_ADD_POINTS, {
                    "id": row[0], "community": new.community, "user": new.user,
                    "at": params["created_at"], "points": new.points,
                })
            return codec.case_from_row(row[1:])

        return await self._write(op)

    async def finish_case(
        self, community: str, number: int, status: str, error: str | None = None,
        *, at: datetime | None = None,
    ) -> Case:
        """Mark a pending case done or failed (with the platform's error).

        Finishing it again with the same outcome is a no-op; changing a final
        outcome is refused, so a retry cannot rewrite history.
        """
        if status not in FINAL_STATUSES:
            raise ValueError(f"status must be one of {FINAL_STATUSES}, got {status!r}")
        if status == "done" and error is not None:
            raise ValueError("a case that is done has no error")
        params = {"community": community, "number": number, "status": status,
                  "error": error, "at": codec.to_us(at or self._clock())}

        async def op(conn: aiosqlite.Connection) -> Case:
            rows = list(await conn.execute_fetchall(_FINISH_CASE, params))
            if rows:
                return codec.case_from_row(rows[0])
            rows = list(await conn.execute_fetchall(
                f"SELECT {CASE_COLUMNS} FROM cases WHERE community = ? AND number = ?",
                (community, number)))
            if not rows:
                raise UnknownCaseError(f"no case {number} in {community}")
            case = codec.case_from_row(rows[0])
            if (case.status, case.error) == (status, error):
                return case
            raise StoreError(f"case {number} in {community} is already {case.status}")

        return await self._write(op)

    async def pending_cases(self) -> list[Case]:
        rows = await self._read(
            f"SELECT {CASE_COLUMNS} FROM cases WHERE status = 'pending' ORDER BY id")
        return [codec.case_from_row(row) for row in rows]

    async def case(self, community: str, number: int) -> Case | None:
        rows = await self._read(
            f"SELECT {CASE_COLUMNS} FROM cases WHERE community = ? AND number = ?",
            (community, number))
        return codec.case_from_row(rows[0]) if rows else None

    async def cases(
        self, community: str | None = None, user: str | None = None, limit: int | None = None,
    ) -> list[Case]:
        """Cases in ledger order, oldest first; with `limit`, only the latest `limit`."""
        where: list[str] = []
        params: list[str | int] = []
        if community is not None:
            where.append("community = ?")
            params.append(community)
        if user is not None:
            where.append("user = ?")
            params.append(user)
        sql = f"SELECT id, {CASE_COLUMNS} FROM cases"
        if where:
            sql += " WHERE " + " AND ".join(where)
        if limit is not None:
            sql = f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT ?)"
            params.append(max(limit, 0))
        rows = await self._read(sql + " ORDER BY id", tuple(params))
        return [codec.case_from_row(row[1:]) for row in rows]

    async def update_reason(
        self, community: str, number: int, reason: str, *, at: datetime | None = None,
    ) -> Case | None:
        params = (reason, codec.to_us(at or self._clock()), community, number)

        async def op(conn: aiosqlite.Connection) -> Case | None:
            rows = list(await conn.execute_fetchall(
                f"UPDATE cases SET reason = ?, updated_at = ? WHERE community = ? AND number = ? "
                f"RETURNING {CASE_COLUMNS}", params))
            return codec.case_from_row(rows[0]) if rows else None

        return await self._write(op)

    # -- points and cooldowns ------------------------------------------------------------

    async def points_since(
        self, community: str, user: str, since: datetime,
    ) -> list[PointEntry]:
        rows = await self._read(
            "SELECT at, points FROM points WHERE community = ? AND user = ? AND at >= ? "
            "ORDER BY at, id", (community, user, codec.to_us(since)))
        return [PointEntry(codec.from_us(at), points) for at, points in rows]

    async def all_points_since(self, since: datetime) -> list[MemberPoints]:
        """Every member's points since `since`, to warm the in-memory state at start-up."""
        rows = await self._read(
            "SELECT community, user, at, points FROM points WHERE at >= ? ORDER BY at, id",
            (codec.to_us(since),))
        return [MemberPoints(c, u, codec.from_us(at), p) for c, u, at, p in rows]

    async def save_cooldown(self, community: str, user: str, rule: str, until: datetime) -> None:
        params = (community, user, rule, codec.to_us(until))

        async def op(conn: aiosqlite.Connection) -> None:
            await conn.execute(
                "INSERT INTO cooldowns (community, user, rule, until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (community, user, rule) DO UPDATE SET until = excluded.until",
                params)

        await self._write(op)

    async def cooldowns_after(self, now: datetime) -> list[Cooldown]:
        rows = await self._read(
            "SELECT community, user, rule, until FROM cooldowns WHERE until > ? ORDER BY until",
            (codec.to_us(now),))
        return [Cooldown(c, u, r, codec.from_us(until)) for c, u, r, until in rows]


if TYPE_CHECKING:  # mypy proves here that the SQLite store fills every role of `Store`
    _FILLS_EVERY_ROLE: type[Store] = SQLiteStore
