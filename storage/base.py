"""The storage interface the bot depends on; SQLite implements it, PostgreSQL could.

Every write is durable when its `await` returns: the ledger must hold a sanction
before the platform is asked to carry it out. Times are aware UTC datetimes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from storage.models import (
    Appeal,
    Case,
    CaseChange,
    Lockdown,
    NewCase,
    NewTimer,
    Note,
    Report,
    Revision,
    Timer,
    Upload,
    Verification,
)


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

    # what commands record (storage/commands.py)
    async def amend_reason(
        self, community: str, number: int, reason: str, by: str, at: datetime,
    ) -> Case | None:
        """Set a case's reason, keeping the old one with who and when; None: no such case."""

    async def note_change(
        self, community: str, number: int, kind: str, by: str, at: datetime, new: str = "",
    ) -> None:
        """Record an appeal's outcome on its case (kind appeal_accepted / appeal_denied)."""

    async def case_changes(self, community: str, number: int) -> list[CaseChange]: ...

    async def withdraw_points(self, community: str, number: int) -> int:
        """Remove the points a case added; returns how many were removed."""

    async def open_appeal(
        self, community: str, number: int, user: str, text: str, at: datetime,
    ) -> Appeal | None:
        """Record an appeal; None when the case was already appealed."""

    async def appeal(self, id: int) -> Appeal | None: ...

    async def appeal_of(self, community: str, number: int) -> Appeal | None: ...

    async def decide_appeal(self, id: int, status: str, by: str, at: datetime) -> Appeal | None:
        """Accept or deny an open appeal; None when it is not open."""

    async def add_report(
        self, community: str, reporter: str, at: datetime, *, user: str = "", channel: str = "",
        message_id: str = "", reason: str = "", excerpt: str = "",
    ) -> Report: ...

    async def reports_since(
        self, community: str, reporter: str, since: datetime,
    ) -> list[Report]: ...

    async def add_upload(
        self, community: str, file_name: str, content: bytes, digest: str, by: str,
        at: datetime,
    ) -> Upload:
        """Store a new rule-file revision for a community and make it active."""

    async def activate_upload(
        self, community: str, revision: int | None, by: str, at: datetime,
    ) -> None:
        """Put a stored revision in force; None: the config's file on disk."""

    async def uploads(self, community: str) -> list[Upload]: ...

    async def upload(self, community: str, revision: int) -> Upload | None: ...

    async def active_uploads(self) -> list[Upload]:
        """The revision in force in each community that has one."""

    # newcomers (storage/newcomers.py): the verification gate and raid lockdowns
    async def gate(
        self, community: str, user: str, joined_at: datetime, deadline: datetime | None,
        *, request: bool = False,
    ) -> Verification:
        """Put a member behind the verification gate (pending), replacing an older record."""

    async def verification(self, community: str, user: str) -> Verification | None: ...

    async def settle_verification(
        self, community: str, user: str, status: str, at: datetime,
    ) -> Verification | None:
        """pending -> verified or expired; None when it was not pending (acts once)."""

    async def start_lockdown(
        self, community: str, at: datetime, ends_at: datetime, action: str,
        *, reason: str = "", by: str | None = None,
    ) -> Lockdown:
        """Open a lockdown; StoreError while one is already open in the community."""

    async def extend_lockdown(self, id: int, ends_at: datetime) -> Lockdown | None: ...

    async def end_lockdown(
        self, id: int, at: datetime, *, by: str | None = None, joins: int = 0,
    ) -> Lockdown | None:
        """Close an open lockdown (adding `joins` seen); None when it was already closed."""

    async def end_lockdown_summary(self, id: int, summary: dict[str, Any]) -> None:
        """Keep a closed lockdown's figures (cases per action and status, first/last case)."""

    async def open_lockdowns(self) -> list[Lockdown]: ...

    async def lockdowns(self, community: str) -> list[Lockdown]: ...

    async def lockdown(self, id: int) -> Lockdown | None: ...

    async def rule_case_counts(
        self, community: str, rule: str, since: datetime, until: datetime,
    ) -> list[tuple[str, str, int, int, int]]:
        """(action, status, count, first number, last number) of a rule's cases in a span."""

    async def last_timeout(
        self, community: str, user: str,
    ) -> tuple[str, int, datetime | None, str] | None:
        """The member's latest done timeout or untimeout: (action, number, expires_at, rule)."""
