"""Durable state of the bot: the case ledger, points, cooldowns, timers, notes, revisions."""

from storage.base import Store
from storage.errors import NewerDatabaseError, StoreError, UnknownCaseError
from storage.models import Case, NewCase, NewTimer, Note, Revision, Timer
from storage.sqlite import SQLiteStore

__all__ = [
    "Case",
    "NewCase",
    "NewTimer",
    "NewerDatabaseError",
    "Note",
    "Revision",
    "SQLiteStore",
    "Store",
    "StoreError",
    "Timer",
    "UnknownCaseError",
]
