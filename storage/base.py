"""The storage interface the bot depends on; SQLite implements it, PostgreSQL could.

`Store` is every role of storage/roles.py on one connection, plus its lifecycle:
the bot opens one store and hands it around; a part that needs a single concern
can ask for that role instead. Every write is durable when its `await` returns:
the ledger must hold a sanction before the platform is asked to carry it out.
Times are aware UTC datetimes.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from storage.retention import RetentionStore
from storage.roles import (
    AppealStore,
    ArchiveStore,
    CaseLedger,
    CooldownStore,
    FeedStore,
    FollowupStore,
    InsightStore,
    LockdownStore,
    MemberDataStore,
    NoteStore,
    PointStore,
    ReportStore,
    RuleRevisionStore,
    ScheduleStore,
    TimerStore,
    VerificationStore,
    WatchStore,
)


@runtime_checkable
class Store(
    CaseLedger,
    PointStore,
    CooldownStore,
    TimerStore,
    NoteStore,
    RuleRevisionStore,
    AppealStore,
    ReportStore,
    VerificationStore,
    LockdownStore,
    InsightStore,
    WatchStore,
    FollowupStore,
    FeedStore,
    ScheduleStore,
    ArchiveStore,
    MemberDataStore,
    RetentionStore,
    Protocol,
):
    """All the roles together, with the connection's lifecycle, which only the owner drives."""

    async def open(self) -> None:
        """Connect and migrate the schema to the latest version."""

    async def close(self) -> None:
        """Finish queued writes and disconnect."""
