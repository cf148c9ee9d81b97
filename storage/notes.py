"""SQLite tables behind moderators' notes and the rule files' accepted revisions.

A mixin of `SQLiteStore` (kept apart so each module keeps one job): it relies on
the store's `_write` (the group-committing writer) and `_read` (committed data).
"""

from __future__ import annotations

from datetime import datetime

from storage import codec
from storage.access import Connection, SQLiteAccess
from storage.codec import NOTE_COLUMNS, REVISION_COLUMNS
from storage.models import Note, Revision


class NoteRecords(SQLiteAccess):
    async def add_note(
        self, community: str, user: str, moderator: str, text: str, at: datetime,
    ) -> Note:
        params = (community, user, moderator, text, codec.to_us(at))

        async def op(conn: Connection) -> Note:
            (row,) = await conn.execute_fetchall(
                "INSERT INTO notes (community, user, moderator, text, at) VALUES (?, ?, ?, ?, ?) "
                f"RETURNING {NOTE_COLUMNS}", params)
            return codec.note_from_row(row)

        return await self._write(op)

    async def notes(self, community: str, user: str) -> list[Note]:
        rows = await self._read(
            f"SELECT {NOTE_COLUMNS} FROM notes WHERE community = ? AND user = ? ORDER BY id",
            (community, user))
        return [codec.note_from_row(row) for row in rows]

    async def record_revision(self, path: str, digest: str, size: int, at: datetime) -> bool:
        """Record an accepted rule file; False when `digest` is already its latest revision."""
        accepted_at = codec.to_us(at)

        async def op(conn: Connection) -> bool:
            latest = list(await conn.execute_fetchall(
                "SELECT digest FROM revisions WHERE path = ? ORDER BY id DESC LIMIT 1", (path,)))
            if latest and latest[0][0] == digest:
                return False
            await conn.execute(
                "INSERT INTO revisions (path, digest, size, accepted_at) VALUES (?, ?, ?, ?)",
                (path, digest, size, accepted_at))
            return True

        return await self._write(op)

    async def revisions(self, path: str) -> list[Revision]:
        rows = await self._read(
            f"SELECT {REVISION_COLUMNS} FROM revisions WHERE path = ? ORDER BY id", (path,))
        return [codec.revision_from_row(row) for row in rows]
