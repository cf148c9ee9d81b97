"""Numbered SQL migrations for PostgreSQL, applied in order at open.

The version lives in the one-row table `gardien_schema` of the schema the connection
uses (its `search_path`). Several processes may open the same database at once, so
each migration runs in its own transaction under an advisory lock: one applies it,
the others then find it applied. Files are `storage/postgres/migrations/NNNN_name.sql`.
"""

from __future__ import annotations

import asyncpg

from storage.errors import NewerDatabaseError, StoreError
from storage.migrate import Migration
from storage.migrate import migrations as shipped

_MIGRATION_LOCK = 0x47415244  # 'GARD': one migrating process per database at a time
_VERSION_TABLE = ("CREATE TABLE IF NOT EXISTS gardien_schema "
                  "(only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row), "
                  "version INTEGER NOT NULL)")


def migrations() -> list[Migration]:
    """PostgreSQL's shipped migrations (read and checked as SQLite's are)."""
    return shipped("storage.postgres")


async def check(conn: asyncpg.Connection, label: str) -> int:
    """The schema's version, once it is known to be Gardien's and not from the future.

    Only reads. A schema with tables but no `gardien_schema` belongs to something else.
    """
    if await conn.fetchval("SELECT to_regclass('gardien_schema')") is None:
        tables = await conn.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        if tables:
            raise StoreError(f"{label}: the schema has tables but is not a Gardien database")
        return 0
    version = int(await conn.fetchval("SELECT COALESCE(max(version), 0) FROM gardien_schema"))
    known = len(migrations())
    if version > known:
        raise NewerDatabaseError(
            f"{label}: database schema version {version} was written by a newer Gardien "
            f"(this one knows up to {known}); upgrade Gardien or use another database")
    return version


async def migrate(conn: asyncpg.Connection, label: str, upto: int | None = None) -> int:
    """Bring the schema up to `upto` (default: the latest); return its version."""
    available = migrations()
    target = len(available) if upto is None else upto
    version = await check(conn, label)
    for migration in available[version:target]:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
            await conn.execute(_VERSION_TABLE)
            current = int(await conn.fetchval(
                "SELECT COALESCE(max(version), 0) FROM gardien_schema"))
            if current >= migration.version:   # another process applied it meanwhile
                continue
            try:
                await conn.execute(migration.sql)
            except asyncpg.PostgresError as error:
                raise StoreError(f"{label}: migration {migration.version:04d}_"
                                 f"{migration.name} failed: {error}") from error
            await conn.execute(
                "INSERT INTO gardien_schema (version) VALUES ($1) "
                "ON CONFLICT (only_row) DO UPDATE SET version = excluded.version",
                migration.version)
    return max(version, target)
