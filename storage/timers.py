"""SQLite table behind durable timers: scheduled, due, completed or cancelled.

A mixin of `SQLiteStore` (kept apart so each module keeps one job): it relies on
the store's `_write` (the group-committing writer), `_read` (committed data) and clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from storage import codec
from storage.access import Connection, SQLiteAccess
from storage.codec import TIMER_COLUMNS
from storage.errors import StoreError
from storage.models import NewTimer, Timer

CLAIM_BATCH = 500   # ids per claiming statement (well under every database's parameter cap)


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

    async def next_due_by_community(self) -> dict[str, datetime]:
        """When each community's earliest open timer is due (for a process that owns only
        some communities: another's overdue timer must not keep it awake)."""
        rows = await self._read("SELECT community, MIN(due_at) FROM timers "
                                "WHERE done_at IS NULL GROUP BY community")
        return {row[0]: codec.from_us(row[1]) for row in rows}

    async def claim_timers(self, ids: Sequence[int], now: datetime,
                           until: datetime) -> set[int]:
        """Take due timers before acting on them: each id returned was open and due at `now`
        and is now due at `until`, so no other process (nor a second loop of this one) fires
        it meanwhile; if it is never completed (the process died), it falls due again
        then. A timer already taken, completed or cancelled is left out."""
        claimed: set[int] = set()
        for start in range(0, len(ids), CLAIM_BATCH):
            batch = list(ids[start:start + CLAIM_BATCH])
            params = (codec.to_us(until), codec.to_us(now), *batch)
            marks = ", ".join("?" * len(batch))

            async def op(conn: Connection, params: tuple[object, ...] = params,
                         marks: str = marks) -> list[int]:
                rows = await conn.execute_fetchall(
                    "UPDATE timers SET due_at = ? WHERE done_at IS NULL AND due_at <= ? "
                    f"AND id IN ({marks}) RETURNING id", params)
                return [row[0] for row in rows]

            claimed.update(await self._write(op))
        return claimed

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
