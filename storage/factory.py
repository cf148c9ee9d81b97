"""One place that picks the store for the config's `storage:`: a SQLite file or PostgreSQL.

Entry points (`gardien run`, the CLI commands) call `store_for` instead of naming a
store class, so a new backend is one branch here. The store comes back unopened:
`async with store_for(target) as store:` or `await store.open()`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from storage.postgres.store import PostgresStore
from storage.sqlite import SQLiteStore, utc_now
from storage.target import PostgresURL, StorageTarget, is_postgres_url


def parse_target(value: str | Path | PostgresURL) -> StorageTarget:
    """A PostgreSQL URL (`postgresql://` or `postgres://`) or else a file path."""
    if isinstance(value, PostgresURL | Path):
        return value
    return PostgresURL(value) if is_postgres_url(value) else Path(value)


def store_for(target: str | Path | PostgresURL, *, read_only: bool = False,
              clock: Callable[[], datetime] = utc_now,
              **options: Any) -> SQLiteStore | PostgresStore:
    """The store at `target`, unopened; `options` go to that store's constructor."""
    where = parse_target(target)
    if isinstance(where, PostgresURL):
        return PostgresStore(where, read_only=read_only, clock=clock, **options)
    return SQLiteStore(where, read_only=read_only, clock=clock, **options)


def describe(target: str | Path | PostgresURL) -> str:
    """How to name `target` in a message: a path, or the URL without its password."""
    return str(parse_target(target))
