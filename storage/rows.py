"""What the privacy passes (retention, export, erasure) need of a table on either backend:
its columns, its key, the tables holding a community, and batched rewrites in Python.

Pseudonyms and scrubbed texts are computed here in Python, not by a function registered
into the database (SQLite's `create_function`, which PostgreSQL has no equivalent of), so
SQLite and PostgreSQL run one code path and give the same rows: read a batch by key,
compute, write it back with parameterised statements, in one writer operation per batch.
The few catalogue queries that differ pick their variant by the store's `dialect`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from storage.access import Connection, Row, SQLiteAccess
from storage.errors import StoreError

BATCH = 1000
# The new values of a row's read columns, or None when it stays as it is.
Rewrite = Callable[[Row], tuple[Any, ...] | None]


async def table_columns(store: SQLiteAccess, table: str) -> list[str]:
    """`table`'s columns in their declared order."""
    if store.dialect == "sqlite":
        return [str(r[1]) for r in await store._read(f"PRAGMA table_info({table})")]
    return [str(r[0]) for r in await store._read(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = ? ORDER BY ordinal_position", (table,))]


async def primary_key(store: SQLiteAccess, table: str) -> tuple[str, ...]:
    """The columns a row of `table` is found by: its primary key (SQLite: `rowid` for a
    rowid table, which its INTEGER PRIMARY KEY aliases)."""
    if store.dialect == "sqlite":
        ((sql,),) = await store._read(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        if "WITHOUT ROWID" not in str(sql).upper():
            return ("rowid",)
        columns = await store._read(f"PRAGMA table_info({table})")
        return tuple(str(c[1]) for c in sorted(columns, key=lambda c: int(c[5])) if c[5])
    keys = tuple(str(r[0]) for r in await store._read(
        "SELECT k.column_name FROM information_schema.table_constraints t "
        "JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name "
        "AND k.table_schema = t.table_schema AND k.table_name = t.table_name "
        "WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = current_schema() "
        "AND t.table_name = ? ORDER BY k.ordinal_position", (table,)))
    if not keys:
        raise StoreError(f"table {table} has no primary key to walk it by")
    return keys


async def community_tables(store: SQLiteAccess) -> list[tuple[str, tuple[str, ...]]]:
    """Every table with a `community` column and the key to walk it by: the tables that
    reference others first (a case's timers, changes and appeals before the case), the
    record of the removal itself last."""
    if store.dialect == "sqlite":
        names = [str(n) for (n,) in await store._read(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        with_community = [n for n in names if "community" in await table_columns(store, n)]
        referencing = {n for n in with_community
                       if await store._read(f"PRAGMA foreign_key_list({n})")}
    else:
        with_community = [str(n) for (n,) in await store._read(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND column_name = 'community' ORDER BY table_name")]
        referencing = {str(n) for (n,) in await store._read(
            "SELECT DISTINCT table_name FROM information_schema.table_constraints WHERE "
            "table_schema = current_schema() AND constraint_type = 'FOREIGN KEY'")}
    found = []
    for name in with_community:
        order = 2 if name == "communities_left" else (0 if name in referencing else 1)
        found.append((order, name, await primary_key(store, name)))
    return [(name, keys) for _, name, keys in sorted(found)]


def contains(dialect: str, column: str) -> str:
    """SQL true when text `column` contains the bound parameter (one `?`)."""
    return f"instr({column}, ?) > 0" if dialect == "sqlite" else f"strpos({column}, ?) > 0"


def in_json_array(dialect: str, column: str) -> str:
    """SQL true when the JSON array of strings in `column` holds the bound parameter."""
    if dialect == "sqlite":
        return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = ?)"
    return (f"EXISTS (SELECT 1 FROM json_array_elements_text({column}::json) AS e(value) "
            "WHERE e.value = ?)")


async def sweep(store: SQLiteAccess, table: str, keys: tuple[str, ...], where: str,
                params: tuple[object, ...] | list[object], change: str,
                rewrite: tuple[tuple[str, ...], Rewrite] | None = None) -> int:
    """`change` on every row matching `where`, `BATCH` rows per writer operation, walking
    the table in key order and yielding to the event loop between batches; rows changed.

    Without `rewrite`, `change` is a DELETE or an UPDATE without WHERE. With `rewrite`
    (columns, function), each row's columns are read and `change` is an UPDATE whose `?`
    take the function's new values (rows it returns None for are left alone)."""
    columns = ", ".join(keys)
    marks = ", ".join("?" * len(keys))
    read = rewrite[0] if rewrite else ()
    selected = ", ".join((*keys, *read))
    total = 0
    cursor: tuple[object, ...] | None = None
    while True:
        after = "" if cursor is None else f" AND ({columns}) > ({marks})"
        select = (f"SELECT {selected} FROM {table} WHERE ({where}){after} "
                  f"ORDER BY {columns} LIMIT {BATCH}")
        args = (*params, *(cursor or ()))

        async def op(conn: Connection, select: str = select, args: tuple[object, ...] = args
                     ) -> tuple[int, tuple[object, ...] | None]:
            found = [tuple(row) for row in await conn.execute_fetchall(select, args)]
            if not found:
                return 0, None
            width = len(keys)
            if rewrite is None:
                writes = [row[:width] for row in found]
            else:
                changed = ((rewrite[1](row[width:]), row[:width]) for row in found)
                writes = [(*new, *key) for new, key in changed if new is not None]
            if writes:
                await conn.executemany(f"{change} WHERE ({columns}) = ({marks})", writes)
            more = found[-1][:width] if len(found) == BATCH else None
            return len(writes), more

        changed, cursor = await store._write(op)
        total += changed
        if cursor is None:
            return total
        await asyncio.sleep(0)
