"""SQLite table behind durable timers: scheduled, due, completed or cancelled.

A mixin of `SQLiteStore` (kept apart so each module keeps one job): it relies on
the store's `_write` (the group-committing writer), `_read` (committed data) and clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from storage import codec
from storage.access import Connection, SQLiteAccess
from storage.codec import TIMER_COLUMNS
from storage.errors import StoreError
from storage.models import NewTimer, Timer


class TimerRecords(SQLiteAccess):
    _clock: Callable[[], datetime]

    async def schedule(self, timer: NewTimer) -> Timer:
        params = (timer.community, timer.user, timer.kind, codec.to_us(timer.due_at),
                  timer.case_number, codec.dump_payload(timer.payload))

        async def op(conn: Connection) -> Timer:
            (row,) = await conn.execute_fetchall(
                "INSERT INTO timers (community, user, kind, due_at, case_number, payload) "
                f"VALUES (?, ?, ?, ?, ?, ?) RETURNING {TIMER_COLUMNS}", params)
            return codec.timer_from_row(row)

        return await self._write(op)

    async def due_timers(self, now: datetime) -> list[Timer]:
        """Open timers due at or before `now`, oldest first."""
        rows = await self._read(
            f"SELECT {TIMER_COLUMNS} FROM timers WHERE done_at IS NULL AND due_at <= ? "
            "ORDER BY due_at, id", (codec.to_us(now),))
        return [codec.timer_from_row(row) for row in rows]

    async def open_timers(self, community: str, kind: str) -> list[Timer]:
        rows = await self._read(
            f"SELECT {TIMER_COLUMNS} FROM timers WHERE done_at IS NULL AND community = ? "
            "AND kind = ? ORDER BY due_at, id", (community, kind))
        return [codec.timer_from_row(row) for row in rows]

    async def next_due(self) -> datetime | None:
        rows = await self._read("SELECT MIN(due_at) FROM timers WHERE done_at IS NULL")
        return codec.from_us_or_none(rows[0][0])

    async def complete_timer(self, id: int, result: str, at: datetime) -> None:
        """Close an open timer; closing one already closed (e.g. cancelled) keeps the first."""
        params = (codec.to_us(at), result, id)

        async def op(conn: Connection) -> None:
            rows = list(await conn.execute_fetchall(
                "UPDATE timers SET done_at = ?, result = ? WHERE id = ? AND done_at IS NULL "
                "RETURNING id", params))
            if not rows and not list(await conn.execute_fetchall(
                    "SELECT 1 FROM timers WHERE id = ?", (id,))):
                raise StoreError(f"no timer {id}")

        await self._write(op)

    async def cancel_timers(
        self, community: str, user: str, kind: str, *, at: datetime | None = None,
    ) -> int:
        """Close a member's open timers of one kind with result 'cancelled'; return how many."""
        params = (codec.to_us(at or self._clock()), community, user, kind)

        async def op(conn: Connection) -> int:
            rows = await conn.execute_fetchall(
                "UPDATE timers SET done_at = ?, result = 'cancelled' WHERE community = ? "
                "AND user = ? AND kind = ? AND done_at IS NULL RETURNING id", params)
            return len(list(rows))

        return await self._write(op)
