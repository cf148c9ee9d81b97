"""Retention prune speed on both backends: 60,000 old notes plus 60,000 old insight
membership rows (pseudonymised), pruned through the store; prints rows/s per backend.

Usage: python bench/prune.py [postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import asyncio
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from storage import codec
from storage.factory import store_for
from storage.retention import Periods

ROWS = 60_000
NOW = datetime(2026, 12, 1, tzinfo=UTC)
OLD = NOW - timedelta(days=800)


async def _seed(store: Any) -> None:
    at = codec.to_us(OLD)
    notes = [("discord:1", f"u{n}", "m", "an old note", at) for n in range(ROWS // 2)]
    members = [("discord:1", "2024-01-01", f"u{n}", OLD.timestamp(), "join")
               for n in range(ROWS // 2)]

    async def op(conn: Any) -> None:
        await conn.executemany("INSERT INTO notes (community, user, moderator, text, at) "
                               "VALUES (?, ?, ?, ?, ?)", notes)
        await conn.executemany("INSERT INTO insight_membership (community, day, member, at, "
                               "change) VALUES (?, ?, ?, ?, ?)", members)
    await store._write(op)


async def _bench(name: str, make: Any) -> None:
    async with make() as store:
        await _seed(store)
    async with make() as store:
        start = time.perf_counter()
        done = await store.prune(Periods(), NOW)
        took = time.perf_counter() - start
    rows = sum(sum(v.values()) for v in done.tables.values())
    print(f"{name}: {rows} rows pruned in {took:.2f} s = {rows / took:,.0f} rows/s")


async def main(url: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        await _bench("sqlite", lambda: store_for(Path(tmp) / "g.db"))
    schema = f"bench_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(url)
    await conn.execute(f"CREATE SCHEMA {schema}")
    try:
        await _bench("postgresql", lambda: store_for(
            url, server_settings={"search_path": schema}))
    finally:
        await conn.execute(f"DROP SCHEMA {schema} CASCADE")
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1
                     else "postgresql://postgres@127.0.0.1:5432/test"))
