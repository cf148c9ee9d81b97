"""SQLite tables behind newcomers: verification state per member, lockdowns per community.

A mixin of `SQLiteStore` like `CommandRecords`. Status changes are conditional
updates (pending -> verified, pending -> expired) so a deadline that fires
twice, or a press racing the deadline, acts once.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage import codec
from storage.access import Connection, Row, SQLiteAccess
from storage.errors import StoreError
from storage.models import LastTimeout, Lockdown, RuleCaseCount, Verification

_VERIFICATION = "community, user, status, joined_at, deadline, request, changed_at"
_LOCKDOWN = ("id, community, started_at, ends_at, action, reason, started_by, ended_at, "
             "ended_by, joins, summary, lock_state, lock_status, lock_error")


def _verification(row: Row) -> Verification:
    community, user, status, joined_at, deadline, request, changed_at = row
    return Verification(community=community, user=user, status=status,
                        joined_at=codec.from_us(joined_at),
                        deadline=codec.from_us_or_none(deadline), request=bool(request),
                        changed_at=codec.from_us(changed_at))


def _lockdown(row: Row) -> Lockdown:
    (id_, community, started_at, ends_at, action, reason, started_by, ended_at, ended_by,
     joins, summary, lock_state, lock_status, lock_error) = row
    return Lockdown(id=id_, community=community, started_at=codec.from_us(started_at),
                    ends_at=codec.from_us(ends_at), action=action, reason=reason,
                    started_by=started_by, ended_at=codec.from_us_or_none(ended_at),
                    ended_by=ended_by, joins=joins, summary=json.loads(summary),
                    lock_state=lock_state, lock_status=lock_status, lock_error=lock_error)


class NewcomerRecords(SQLiteAccess):
    """Store methods for newcomers; see storage/roles.py for the roles they fill."""

    # -- verification ----------------------------------------------------------------------

    async def gate(self, community: str, user: str, joined_at: datetime,
                   deadline: datetime | None, *, request: bool = False) -> Verification:
        """Put a member behind the gate (pending), replacing an expired or absent record."""
        params = (community, user, codec.to_us(joined_at), codec.to_us_or_none(deadline),
                  int(request), codec.to_us(joined_at))

        async def op(conn: Connection) -> Verification:
            (row,) = await conn.execute_fetchall(
                f"INSERT INTO verifications ({_VERIFICATION}) VALUES (?, ?, 'pending', ?, ?, ?, ?) "
                "ON CONFLICT (community, user) DO UPDATE SET status = 'pending', "
                "joined_at = excluded.joined_at, deadline = excluded.deadline, "
                "request = excluded.request, changed_at = excluded.changed_at "
                f"RETURNING {_VERIFICATION}", params)
            return _verification(row)

        return await self._write(op)

    async def verification(self, community: str, user: str) -> Verification | None:
        rows = await self._read(
            f"SELECT {_VERIFICATION} FROM verifications WHERE community = ? AND user = ?",
            (community, user))
        return _verification(rows[0]) if rows else None

    async def settle_verification(self, community: str, user: str, status: str,
                                  at: datetime) -> Verification | None:
        """pending -> `status` (verified or expired); None when it was not pending."""
        if status not in ("verified", "expired"):
            raise ValueError(f"status must be verified or expired, got {status!r}")
        params = (status, codec.to_us(at), community, user)

        async def op(conn: Connection) -> Verification | None:
            rows = list(await conn.execute_fetchall(
                "UPDATE verifications SET status = ?, changed_at = ? WHERE community = ? "
                f"AND user = ? AND status = 'pending' RETURNING {_VERIFICATION}", params))
            return _verification(rows[0]) if rows else None

        return await self._write(op)

    # -- lockdowns ---------------------------------------------------------------------------

    async def start_lockdown(self, community: str, at: datetime, ends_at: datetime, action: str,
                             *, reason: str = "", by: str | None = None) -> Lockdown:
        """Open a lockdown; refused (StoreError) while one is open in the community."""
        params = (community, codec.to_us(at), codec.to_us(ends_at), action, reason, by)

        async def op(conn: Connection) -> Lockdown:
            if list(await conn.execute_fetchall(
                    "SELECT 1 FROM lockdowns WHERE community = ? AND ended_at IS NULL",
                    (community,))):
                raise StoreError(f"a lockdown is already open in {community}")
            (row,) = await conn.execute_fetchall(
                "INSERT INTO lockdowns (community, started_at, ends_at, action, reason, "
                f"started_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING {_LOCKDOWN}", params)
            return _lockdown(row)

        return await self._write(op)

    async def extend_lockdown(self, id: int, ends_at: datetime) -> Lockdown | None:
        """Move an open lockdown's end (a moderator restarts it); None when not open."""
        params = (codec.to_us(ends_at), id)

        async def op(conn: Connection) -> Lockdown | None:
            rows = list(await conn.execute_fetchall(
                "UPDATE lockdowns SET ends_at = ? WHERE id = ? AND ended_at IS NULL "
                f"RETURNING {_LOCKDOWN}", params))
            return _lockdown(rows[0]) if rows else None

        return await self._write(op)

    async def end_lockdown(self, id: int, at: datetime, *, by: str | None = None,
                           joins: int = 0) -> Lockdown | None:
        """Close an open lockdown; None when it was already closed (ends once)."""
        params = (codec.to_us(at), by, joins, id)

        async def op(conn: Connection) -> Lockdown | None:
            rows = list(await conn.execute_fetchall(
                "UPDATE lockdowns SET ended_at = ?, ended_by = ?, joins = joins + ? "
                f"WHERE id = ? AND ended_at IS NULL RETURNING {_LOCKDOWN}", params))
            return _lockdown(rows[0]) if rows else None

        return await self._write(op)

    async def end_lockdown_summary(self, id: int, summary: dict[str, Any]) -> None:
        """Keep the closing figures (cases per action and status, first and last case)."""
        params = (json.dumps(summary, sort_keys=True, separators=(",", ":")), id)

        async def op(conn: Connection) -> None:
            await conn.execute("UPDATE lockdowns SET summary = ? WHERE id = ?", params)

        await self._write(op)

    async def open_lockdowns(self) -> list[Lockdown]:
        """Every lockdown still open (restored at start-up)."""
        rows = await self._read(
            f"SELECT {_LOCKDOWN} FROM lockdowns WHERE ended_at IS NULL ORDER BY id")
        return [_lockdown(row) for row in rows]

    async def lockdowns(self, community: str) -> list[Lockdown]:
        rows = await self._read(
            f"SELECT {_LOCKDOWN} FROM lockdowns WHERE community = ? ORDER BY id", (community,))
        return [_lockdown(row) for row in rows]

    async def save_lock_state(self, id: int, state: str) -> Lockdown | None:
        """Keep the posting state to restore (status `saved`), written once: a lockdown whose
        state is already stored keeps it. None when there is no such lockdown."""

        async def op(conn: Connection) -> Lockdown | None:
            await conn.execute(
                "UPDATE lockdowns SET lock_state = ?, lock_status = 'saved', lock_error = NULL "
                "WHERE id = ? AND lock_state IS NULL", (state, id))
            rows = list(await conn.execute_fetchall(
                f"SELECT {_LOCKDOWN} FROM lockdowns WHERE id = ?", (id,)))
            return _lockdown(rows[0]) if rows else None

        return await self._write(op)

    async def set_lock_status(self, id: int, status: str, error: str | None = None) -> None:
        """Where the lock stands (see migration 0005 for the statuses)."""

        async def op(conn: Connection) -> None:
            await conn.execute("UPDATE lockdowns SET lock_status = ?, lock_error = ? WHERE id = ?",
                               (status, error, id))

        await self._write(op)

    async def locks_to_undo(self) -> list[Lockdown]:
        """Closed lockdowns whose lock is still in place (the bot stopped before undoing it)."""
        rows = await self._read(
            f"SELECT {_LOCKDOWN} FROM lockdowns WHERE ended_at IS NOT NULL "
            "AND lock_state IS NOT NULL AND lock_status IN ('saved', 'locked', 'failed') "
            "ORDER BY id")
        return [_lockdown(row) for row in rows]

    async def lockdown(self, id: int) -> Lockdown | None:
        rows = await self._read(f"SELECT {_LOCKDOWN} FROM lockdowns WHERE id = ?", (id,))
        return _lockdown(rows[0]) if rows else None

    # -- what newcomers' decisions read from the ledger --------------------------------------

    async def rule_case_counts(self, community: str, rule: str, since: datetime,
                               until: datetime) -> list[RuleCaseCount]:
        """Per action and status: how many of a rule's cases fall in a span, first and last."""
        rows = await self._read(
            "SELECT action, status, count(*), min(number), max(number) FROM cases "
            "WHERE community = ? AND rule = ? AND created_at >= ? AND created_at <= ? "
            "GROUP BY action, status ORDER BY action, status",
            (community, rule, codec.to_us(since), codec.to_us(until)))
        return [RuleCaseCount(a, s, n, first, last) for a, s, n, first, last in rows]

    async def last_timeout(self, community: str, user: str,
                           before: datetime) -> LastTimeout | None:
        """The member's latest done timeout or untimeout opened before `before` (a rejoin
        re-applies a running one, never the one its own join rules just gave)."""
        rows = await self._read(
            "SELECT action, number, expires_at, rule FROM cases WHERE community = ? AND user = ? "
            "AND action IN ('timeout', 'untimeout') AND status = 'done' AND created_at < ? "
            "ORDER BY id DESC LIMIT 1",
            (community, user, codec.to_us(before)))
        if not rows:
            return None
        action, number, expires_at, rule = rows[0]
        return LastTimeout(action, number, codec.from_us_or_none(expires_at), rule)
