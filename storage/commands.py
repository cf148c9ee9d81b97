"""SQLite tables behind commands: case changes, appeals, reports, uploaded rule files.

A mixin of `SQLiteStore` (kept apart so each module keeps one job): it relies on
the store's `_write` (the group-committing writer) and `_read` (committed data).
"""

from __future__ import annotations

from datetime import datetime

from storage import codec
from storage.access import Connection, Row, SQLiteAccess
from storage.codec import CASE_COLUMNS
from storage.errors import StoreError
from storage.models import (
    APPEAL_STATUSES,
    CHANGE_KINDS,
    Appeal,
    Case,
    CaseChange,
    Report,
    Upload,
)

_APPEAL = "id, community, number, user, text, status, decided_by, created_at, decided_at"
_REPORT = "id, community, reporter, user, channel, message_id, reason, excerpt, at"
_UPLOAD = "community, revision, file_name, digest, content, uploaded_by, uploaded_at"
_CHANGE = "community, number, kind, old, new, by, at"


def _appeal(row: Row) -> Appeal:
    id_, community, number, user, text, status, decided_by, created_at, decided_at = row
    return Appeal(id=id_, community=community, number=number, user=user, text=text,
                  status=status, decided_by=decided_by, created_at=codec.from_us(created_at),
                  decided_at=codec.from_us_or_none(decided_at))


def _report(row: Row) -> Report:
    id_, community, reporter, user, channel, message_id, reason, excerpt, at = row
    return Report(id=id_, community=community, reporter=reporter, user=user, channel=channel,
                  message_id=message_id, reason=reason, excerpt=excerpt, at=codec.from_us(at))


def _upload(row: Row) -> Upload:
    community, revision, file_name, digest, content, by, at = row
    return Upload(community=community, revision=revision, file_name=file_name, digest=digest,
                  content=bytes(content), uploaded_by=by, uploaded_at=codec.from_us(at))


def _change(row: Row) -> CaseChange:
    community, number, kind, old, new, by, at = row
    return CaseChange(community=community, number=number, kind=kind, old=old, new=new, by=by,
                      at=codec.from_us(at))


class CommandRecords(SQLiteAccess):
    """Store methods for commands; see storage/roles.py for the roles they fill."""

    # -- case changes --------------------------------------------------------------------

    async def amend_reason(
        self, community: str, number: int, reason: str, by: str, at: datetime,
    ) -> Case | None:
        """Set a case's reason, keeping the old one (with who and when) in its changes."""
        stamp = codec.to_us(at)

        async def op(conn: Connection) -> Case | None:
            rows = list(await conn.execute_fetchall(
                "SELECT reason FROM cases WHERE community = ? AND number = ?",
                (community, number)))
            if not rows:
                return None
            await conn.execute(
                "INSERT INTO case_changes (community, number, kind, old, new, by, at) "
                "VALUES (?, ?, 'reason', ?, ?, ?, ?)",
                (community, number, rows[0][0], reason, by, stamp))
            (row,) = await conn.execute_fetchall(
                f"UPDATE cases SET reason = ?, updated_at = ? WHERE community = ? AND number = ? "
                f"RETURNING {CASE_COLUMNS}", (reason, stamp, community, number))
            return codec.case_from_row(row)

        return await self._write(op)

    async def note_change(
        self, community: str, number: int, kind: str, by: str, at: datetime, new: str = "",
    ) -> None:
        """Record something that happened to a case without changing it (an appeal's end)."""
        if kind not in CHANGE_KINDS:
            raise ValueError(f"kind must be one of {CHANGE_KINDS}, got {kind!r}")
        params = (community, number, kind, new, by, codec.to_us(at))

        async def op(conn: Connection) -> None:
            await conn.execute(
                "INSERT INTO case_changes (community, number, kind, new, by, at) "
                "VALUES (?, ?, ?, ?, ?, ?)", params)

        await self._write(op)

    async def case_changes(self, community: str, number: int) -> list[CaseChange]:
        rows = await self._read(
            f"SELECT {_CHANGE} FROM case_changes WHERE community = ? AND number = ? ORDER BY id",
            (community, number))
        return [_change(row) for row in rows]

    async def withdraw_points(self, community: str, number: int) -> int:
        """Remove the warning points a case added (an accepted appeal); returns how many."""

        async def op(conn: Connection) -> int:
            rows = await conn.execute_fetchall(
                "DELETE FROM points WHERE case_id = (SELECT id FROM cases WHERE community = ? "
                "AND number = ?) RETURNING points", (community, number))
            removed: int = sum(points for (points,) in rows)  # SQLite INTEGER cells
            return removed

        return await self._write(op)

    # -- appeals -------------------------------------------------------------------------

    async def open_appeal(
        self, community: str, number: int, user: str, text: str, at: datetime,
    ) -> Appeal | None:
        """Record an appeal; None when the case was already appealed (once per case)."""
        params = (community, number, user, text, codec.to_us(at))

        async def op(conn: Connection) -> Appeal | None:
            rows = list(await conn.execute_fetchall(
                "INSERT INTO appeals (community, number, user, text, created_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (community, number) DO NOTHING "
                f"RETURNING {_APPEAL}", params))
            return _appeal(rows[0]) if rows else None

        return await self._write(op)

    async def appeal(self, id: int) -> Appeal | None:
        rows = await self._read(f"SELECT {_APPEAL} FROM appeals WHERE id = ?", (id,))
        return _appeal(rows[0]) if rows else None

    async def appeal_of(self, community: str, number: int) -> Appeal | None:
        rows = await self._read(
            f"SELECT {_APPEAL} FROM appeals WHERE community = ? AND number = ?",
            (community, number))
        return _appeal(rows[0]) if rows else None

    async def decide_appeal(
        self, id: int, status: str, by: str, at: datetime,
    ) -> Appeal | None:
        """Accept or deny an open appeal; None when it is not open (decided once)."""
        if status not in APPEAL_STATUSES[1:]:
            raise ValueError(f"status must be accepted or denied, got {status!r}")
        params = (status, by, codec.to_us(at), id)

        async def op(conn: Connection) -> Appeal | None:
            rows = list(await conn.execute_fetchall(
                "UPDATE appeals SET status = ?, decided_by = ?, decided_at = ? "
                f"WHERE id = ? AND status = 'open' RETURNING {_APPEAL}", params))
            return _appeal(rows[0]) if rows else None

        return await self._write(op)

    # -- reports -------------------------------------------------------------------------

    async def add_report(
        self, community: str, reporter: str, at: datetime, *, user: str = "", channel: str = "",
        message_id: str = "", reason: str = "", excerpt: str = "",
    ) -> Report:
        params = (community, reporter, user, channel, message_id, reason, excerpt,
                  codec.to_us(at))

        async def op(conn: Connection) -> Report:
            (row,) = await conn.execute_fetchall(
                "INSERT INTO reports (community, reporter, user, channel, message_id, reason, "
                f"excerpt, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_REPORT}", params)
            return _report(row)

        return await self._write(op)

    async def reports_since(self, community: str, reporter: str, since: datetime) -> list[Report]:
        rows = await self._read(
            f"SELECT {_REPORT} FROM reports WHERE community = ? AND reporter = ? AND at >= ? "
            "ORDER BY at, id", (community, reporter, codec.to_us(since)))
        return [_report(row) for row in rows]

    # -- uploaded rule files -------------------------------------------------------------

    async def add_upload(
        self, community: str, file_name: str, content: bytes, digest: str, by: str,
        at: datetime,
    ) -> Upload:
        """Store a new revision (numbered from 1 per community) and make it the active one."""
        stamp = codec.to_us(at)

        async def op(conn: Connection) -> Upload:
            (row,) = await conn.execute_fetchall(
                f"INSERT INTO rule_uploads ({_UPLOAD}) SELECT ?, COALESCE(MAX(revision), 0) + 1, "
                "?, ?, ?, ?, ? FROM rule_uploads WHERE community = ? "
                f"RETURNING {_UPLOAD}",
                (community, file_name, digest, content, by, stamp, community))
            upload = _upload(row)
            await _set_active(conn, community, upload.revision, by, stamp)
            return upload

        return await self._write(op)

    async def activate_upload(
        self, community: str, revision: int | None, by: str, at: datetime,
    ) -> None:
        """Put a stored revision in force (None: back to the config's file on disk)."""
        stamp = codec.to_us(at)

        async def op(conn: Connection) -> None:
            if revision is not None and not list(await conn.execute_fetchall(
                    "SELECT 1 FROM rule_uploads WHERE community = ? AND revision = ?",
                    (community, revision))):
                raise StoreError(f"no uploaded revision {revision} in {community}")
            await _set_active(conn, community, revision, by, stamp)

        await self._write(op)

    async def uploads(self, community: str) -> list[Upload]:
        rows = await self._read(
            f"SELECT {_UPLOAD} FROM rule_uploads WHERE community = ? ORDER BY revision",
            (community,))
        return [_upload(row) for row in rows]

    async def upload(self, community: str, revision: int) -> Upload | None:
        rows = await self._read(
            f"SELECT {_UPLOAD} FROM rule_uploads WHERE community = ? AND revision = ?",
            (community, revision))
        return _upload(rows[0]) if rows else None

    async def active_uploads(self) -> list[Upload]:
        """The upload in force in each community that has one (loaded at start-up)."""
        columns = ", ".join(f"u.{c.strip()}" for c in _UPLOAD.split(","))
        rows = await self._read(
            f"SELECT {columns} FROM rule_active a JOIN rule_uploads u "
            "ON u.community = a.community AND u.revision = a.revision ORDER BY u.community")
        return [_upload(row) for row in rows]


async def _set_active(conn: Connection, community: str, revision: int | None,
                      by: str, stamp: int) -> None:
    await conn.execute(
        "INSERT INTO rule_active (community, revision, changed_by, changed_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (community) DO UPDATE SET revision = excluded.revision, "
        "changed_by = excluded.changed_by, changed_at = excluded.changed_at",
        (community, revision, by, stamp))
