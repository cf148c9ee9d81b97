"""Storage errors: one base class so callers can catch every storage failure at once."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot do what was asked (bad file, closed store, refused transition)."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer Gardien; touching it could lose data."""


class UnknownCaseError(StoreError, LookupError):
    """No case has this number in this community."""
