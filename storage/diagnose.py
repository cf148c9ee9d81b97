"""Why a database cannot be used, in words a person can act on.

SQLite reports a read-only directory, a file that is not a database and a
damaged one with codes that a single "not SQLite, or damaged" hides; the fix
differs for each (permissions, the `storage` path, a backup), so each gets
its own message, always naming the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from storage.errors import StoreError

_CANNOT = "cannot open as a Gardien database"


def open_failure(path: Path, error: sqlite3.Error, *, busy_timeout: float) -> StoreError:
    """The `StoreError` to raise when opening `path` failed with `error`."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_NOTADB:
        return StoreError(f"{path}: {_CANNOT}: it is not a SQLite file")
    if code == sqlite3.SQLITE_CORRUPT:
        return StoreError(f"{path}: {_CANNOT}: the file is damaged ({error}); restore a "
                          "backup, or move it aside to start a new database")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(f"{path}: the database is locked by another process (still locked "
                          f"after {busy_timeout:g} s); stop the other program using it")
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM):
        return not_writable(path) or StoreError(f"{path}: {_CANNOT}: {error}")
    if code == sqlite3.SQLITE_FULL:
        return StoreError(f"{path}: the disk is full")
    return StoreError(f"{path}: {_CANNOT}: {error}")


def not_writable(path: Path) -> StoreError | None:
    """A read-only directory or file, named, or None when both are writable."""
    if not os.access(path.parent, os.W_OK):
        return read_only_directory(path)
    if path.exists() and not os.access(path, os.W_OK):
        return StoreError(f"{path}: the database file is read-only (or not writable by this "
                          "user)")
    return None


def read_only_directory(path: Path) -> StoreError:
    return StoreError(f"{path}: the directory {path.parent} is read-only (or not writable by "
                      "this user); Gardien writes its database, journal and lock file there")


def read_failure(path: Path, error: sqlite3.Error) -> StoreError:
    """The `StoreError` for a query that failed on an open database."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_CORRUPT:
        return StoreError(f"{path}: the database is damaged ({error}); restore a backup")
    return StoreError(f"{path}: {error}")
