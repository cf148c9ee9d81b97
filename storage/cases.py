"""The case ledger, points and cooldowns: the table mixin both stores share.

Case numbers are `MAX(number) + 1` of the community inside the write transaction.
SQLite has one writer, so that is enough there; PostgreSQL serves several processes
at once, so its store takes a per-community lock first (`_lock_numbers`), and
UNIQUE (community, number) backs both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from storage import codec
from storage.access import Connection, Numbering, SQLiteAccess
from storage.codec import CASE_COLUMNS
from storage.errors import StoreError, UnknownCaseError
from storage.models import (
    FINAL_STATUSES,
    Case,
    Cooldown,
    MemberPoints,
    NewCase,
    PointEntry,
    cut_evidence,
)

# VALUES, not INSERT ... SELECT: PostgreSQL types each parameter by its column there
_OPEN_CASE = f"""
INSERT INTO cases ({CASE_COLUMNS})
VALUES (:community, (SELECT COALESCE(MAX(number), 0) + 1 FROM cases WHERE community = :community),
        :user, :action, :rule, :reason, :moderator, :evidence, :created_at, :expires_at,
        :points, :message_id, :channel, :shadow, 'pending', NULL, :created_at)
RETURNING id, {CASE_COLUMNS}
"""
MAX_LIGHT_ROWS = 16   # a decision's cases and cooldowns up to this count: a light write

_ADD_POINTS = """
INSERT INTO points (case_id, community, user, at, points)
VALUES (:id, :community, :user, :at, :points)
"""
_SAVE_COOLDOWN = (
    "INSERT INTO cooldowns (community, user, rule, until) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (community, user, rule) DO UPDATE SET until = excluded.until")
_FINISH_CASE = f"""
UPDATE cases SET status = :status, error = :error, updated_at = :at
WHERE community = :community AND number = :number AND status = 'pending'
RETURNING {CASE_COLUMNS}
"""


def _case_params(new: NewCase) -> dict[str, Any]:
    return {
        "community": new.community, "user": new.user, "action": new.action,
        "rule": new.rule, "reason": new.reason, "moderator": new.moderator,
        "evidence": cut_evidence(new.evidence), "created_at": codec.to_us(new.created_at),
        "expires_at": codec.to_us_or_none(new.expires_at), "points": new.points,
        "message_id": new.message_id, "channel": new.channel, "shadow": int(new.shadow),
    }


class CaseRecords(SQLiteAccess):
    """`CaseLedger`, `PointStore` and `CooldownStore` on the mixed-in store's connection."""

    _clock: Callable[[], datetime]

    async def _lock_numbers(self, conn: Connection, community: str) -> None:
        """Hold `community`'s case numbers until the transaction ends (none needed here)."""

    async def open_case(self, new: NewCase) -> Case:
        """Number and record a pending case (with its points) before the platform call."""
        (case,) = await self.open_cases([new])
        return case

    async def open_cases(self, news: Sequence[NewCase],
                         cooldowns: Sequence[Cooldown] = ()) -> list[Case]:
        """A decision's cases, numbered in order, and the cooldowns its rules start: all
        committed in one write (one transaction), or none. Its cases are one community's."""
        communities = {new.community for new in news}
        if len(communities) > 1:
            raise ValueError(f"one decision's cases are one community's, got {communities}")
        rows = [_case_params(new) for new in news]
        marks = [(c.community, c.user, c.rule, codec.to_us(c.until)) for c in cooldowns]

        async def op(conn: Connection) -> list[Case]:
            if marks:
                await conn.executemany(_SAVE_COOLDOWN, marks)
            opened = []
            for params in rows:
                await self._lock_numbers(conn, params["community"])
                (row,) = await conn.execute_fetchall(_OPEN_CASE, params)
                # Shadow cases record what a rule would do: their points escalate nobody.
                if params["points"] > 0 and not params["shadow"]:
                    await conn.execute(_ADD_POINTS, {
                        "id": row[0], "community": params["community"], "user": params["user"],
                        "at": params["created_at"], "points": params["points"],
                    })
                opened.append(codec.case_from_row(row[1:]))
            return opened

        if not communities:
            return await self._write(op, light=len(marks) <= MAX_LIGHT_ROWS)
        return await self._write(Numbering(communities.pop(), op),
                                 light=len(rows) + len(marks) <= MAX_LIGHT_ROWS)

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

        async def op(conn: Connection) -> Case:
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

        return await self._write(op, light=True)

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
            sql = f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT ?) AS latest"
            params.append(max(limit, 0))
        rows = await self._read(sql + " ORDER BY id", tuple(params))
        return [codec.case_from_row(row[1:]) for row in rows]

    async def update_reason(
        self, community: str, number: int, reason: str, *, at: datetime | None = None,
    ) -> Case | None:
        params = (reason, codec.to_us(at or self._clock()), community, number)

        async def op(conn: Connection) -> Case | None:
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

        async def op(conn: Connection) -> None:
            await conn.execute(_SAVE_COOLDOWN, params)

        await self._write(op)

    async def cooldowns_after(self, now: datetime) -> list[Cooldown]:
        rows = await self._read(
            "SELECT community, user, rule, until FROM cooldowns WHERE until > ? ORDER BY until",
            (codec.to_us(now),))
        return [Cooldown(c, u, r, codec.from_us(until)) for c, u, r, until in rows]
