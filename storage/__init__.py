"""Durable state of the bot: the case ledger, points, cooldowns, timers, notes, revisions."""

from storage.base import Store
from storage.errors import NewerDatabaseError, StoreError, UnknownCaseError
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
from storage.sqlite import SQLiteStore

__all__ = [
    "Appeal",
    "Case",
    "CaseChange",
    "Lockdown",
    "NewCase",
    "NewTimer",
    "NewerDatabaseError",
    "Note",
    "Report",
    "Revision",
    "SQLiteStore",
    "Store",
    "StoreError",
    "Timer",
    "UnknownCaseError",
    "Upload",
    "Verification",
]
