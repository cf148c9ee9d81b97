"""The storage interface the bot depends on; SQLite implements it, PostgreSQL could.

Every write is durable when its `await` returns: the ledger must hold a sanction
before the platform is asked to carry it out. Times are aware UTC datetimes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from storage.models import Case, NewCase, NewTimer, Note, Revision, Timer


@runtime_checkable
class Store(Protocol):
    async def open(self) -> None:
        """Connect and migrate the schema to the latest version."""

    async def close(self) -> None:
        """Finish queued writes and disconnect."""

    # cases: the ledger
    async def open_case(self, new: NewCase) -> Case:
        """Number the case (from 1 per community) and commit it as pending, with its points."""

    async def finish_case(
        self, community: str, number: int, status: str, error: str | None = None,
        *, at: datetime | None = None,
    ) -> Case:
        """Mark a pending case `done` or `failed` (with the platform's error)."""

    async def pending_cases(self) -> list[Case]:
        """Cases still pending (to reconcile at start-up), oldest first."""

    async def case(self, community: str, number: int) -> Case | None: ...

    async def cases(
        self, community: str | None = None, user: str | None = None, limit: int | None = None,
    ) -> list[Case]:
        """Matching cases oldest first; with `limit`, the latest `limit` of them."""

    async def update_reason(
        self, community: str, number: int, reason: str, *, at: datetime | None = None,
    ) -> Case | None: ...

    # warning points (rows linked to their case) and rule cooldowns
    async def points_since(
        self, community: str, user: str, since: datetime,
    ) -> list[tuple[datetime, int]]: ...

    async def all_points_since(self, since: datetime) -> list[tuple[str, str, datetime, int]]:
        """(community, user, at, points) rows, to warm the in-memory state at start-up."""

    async def save_cooldown(
        self, community: str, user: str, rule: str, until: datetime,
    ) -> None: ...

    async def cooldowns_after(self, now: datetime) -> list[tuple[str, str, str, datetime]]:
        """(community, user, rule, until) for cooldowns still running after `now`."""

    # timers: temporary sanctions lifted by the bot, across restarts
    async def schedule(self, timer: NewTimer) -> Timer: ...

    async def due_timers(self, now: datetime) -> list[Timer]:
        """Open timers with due_at <= now, oldest first."""

    async def next_due(self) -> datetime | None:
        """When the earliest open timer is due, or None without any."""

    async def complete_timer(self, id: int, result: str, at: datetime) -> None: ...

    async def cancel_timers(
        self, community: str, user: str, kind: str, *, at: datetime | None = None,
    ) -> int:
        """Cancel a member's open timers of `kind`; return how many were open."""

    # moderator notes and accepted rule files
    async def add_note(
        self, community: str, user: str, moderator: str, text: str, at: datetime,
    ) -> Note: ...

    async def notes(self, community: str, user: str) -> list[Note]: ...

    async def record_revision(self, path: str, digest: str, size: int, at: datetime) -> bool:
        """Record an accepted rule file; False when `digest` is already its latest revision."""

    async def revisions(self, path: str) -> list[Revision]: ...
