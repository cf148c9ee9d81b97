"""Durable state of the bot: the case ledger, points, cooldowns, timers, notes, revisions.

`Store` combines the roles of storage/roles.py; records are in storage/models.py.
"""

from storage.base import Store
from storage.errors import (
    LeaseHeldError,
    NewerDatabaseError,
    NoDatabaseError,
    StoreError,
    UnknownCaseError,
    VanishedDatabaseError,
)
from storage.models import (
    Appeal,
    Case,
    CaseChange,
    Cooldown,
    LastTimeout,
    Lockdown,
    MemberPoints,
    NewCase,
    NewTimer,
    Note,
    PointEntry,
    Report,
    Revision,
    RuleCaseCount,
    Timer,
    Upload,
    Verification,
)
from storage.roles import (
    AppealStore,
    CaseLedger,
    CooldownStore,
    LockdownStore,
    NoteStore,
    PointStore,
    ReportStore,
    RuleRevisionStore,
    TimerStore,
    VerificationStore,
)
from storage.sqlite import SQLiteStore

__all__ = [
    "Appeal",
    "AppealStore",
    "Case",
    "CaseChange",
    "CaseLedger",
    "Cooldown",
    "CooldownStore",
    "LastTimeout",
    "LeaseHeldError",
    "Lockdown",
    "LockdownStore",
    "MemberPoints",
    "NewCase",
    "NewTimer",
    "NewerDatabaseError",
    "NoDatabaseError",
    "Note",
    "NoteStore",
    "PointEntry",
    "PointStore",
    "Report",
    "ReportStore",
    "Revision",
    "RuleCaseCount",
    "RuleRevisionStore",
    "SQLiteStore",
    "Store",
    "StoreError",
    "Timer",
    "TimerStore",
    "UnknownCaseError",
    "Upload",
    "VanishedDatabaseError",
    "Verification",
    "VerificationStore",
]
