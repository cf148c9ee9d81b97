"""Storage errors: one base class so callers can catch every storage failure at once."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot do what was asked (bad file, closed store, refused transition)."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer Gardien; touching it could lose data."""


class UnknownCaseError(StoreError, LookupError):
    """No case has this number in this community."""


class NoDatabaseError(StoreError):
    """Nothing to read at the path: a read-only open never creates a database."""


class LeaseHeldError(StoreError):
    """Another process is the database's writer; a second one would corrupt its state."""


class VanishedDatabaseError(StoreError):
    """The file the store has open is no longer the one at its path (deleted or replaced),
    so a write would land where nobody will ever read it."""
