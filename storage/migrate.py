"""Numbered SQL migrations, applied in order at open.

The schema version lives in `PRAGMA user_version`. Each `NNNN_name.sql` file in
`storage/migrations` (shipped as package data, read with importlib.resources) is
applied in its own transaction together with the version bump, so a crash leaves
the database at the previous version, never half-way.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib.resources import files

import aiosqlite

from storage.errors import NewerDatabaseError, StoreError

APPLICATION_ID = 0x47415244  # 'GARD', set by 0001_initial.sql
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(package: str = "storage") -> list[Migration]:
    """The shipped migrations of `package` (SQLite's in `storage`, PostgreSQL's in
    `storage.postgres`), checked to be numbered 1, 2, 3... without gaps."""
    found = []
    for entry in files(package).joinpath("migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise StoreError(f"migration {expected:04d} is missing (found {migration.name})")
    return found


def latest_version() -> int:
    return len(migrations())


async def migrate(conn: aiosqlite.Connection, label: str, upto: int | None = None) -> int:
    """Bring the database at `label` up to `upto` (default: the latest); return its version.

    Refuses a database from a newer Gardien and a SQLite file that belongs to
    another program, without writing to either.
    """
    available = migrations()
    target = len(available) if upto is None else upto
    version = await check(conn, label)
    for migration in available[version:target]:
        await _apply(conn, label, migration)
    return max(version, target)


async def check(conn: aiosqlite.Connection, label: str) -> int:
    """The database's schema version, once it is known to be ours and not from the future.

    Only reads: call it before anything that could write to a file we must refuse.
    """
    version = await _pragma(conn, "user_version")
    known = len(migrations())
    if version > known:
        raise NewerDatabaseError(
            f"{label}: database schema version {version} was written by a newer Gardien "
            f"(this one knows up to {known}); upgrade Gardien or use a copy"
        )
    await _check_owner(conn, label, version)
    return version


async def _apply(conn: aiosqlite.Connection, label: str, migration: Migration) -> None:
    script = (
        f"BEGIN IMMEDIATE;\n{migration.sql}\n"
        f";\nPRAGMA user_version = {migration.version};\nCOMMIT;\n"
    )
    try:
        await conn.executescript(script)
    except sqlite3.Error as error:
        if conn.in_transaction:
            await conn.rollback()
        raise StoreError(
            f"{label}: migration {migration.version:04d}_{migration.name} failed: {error}"
        ) from error


async def _check_owner(conn: aiosqlite.Connection, label: str, version: int) -> None:
    app_id = await _pragma(conn, "application_id")
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(f"{label}: SQLite file belongs to another application ({app_id:#x})")
    if version == 0:
        rows = await conn.execute_fetchall(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
        if next(iter(rows))[0]:
            raise StoreError(f"{label}: SQLite file has tables but is not a Gardien database")


async def _pragma(conn: aiosqlite.Connection, name: str) -> int:
    rows = await conn.execute_fetchall(f"PRAGMA {name}")
    return int(next(iter(rows))[0])
