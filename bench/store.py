"""Benchmark of the SQLite store: open_case + finish_case pairs per second.

    python bench/store.py [--pairs 5000] [--tasks 500]

Sequential: one task awaits each write before the next (one commit per write).
Concurrent: `--tasks` tasks issue pairs at once, so the writer group-commits.
Each run uses a fresh database file in a temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import NewCase, SQLiteStore

START = datetime(2026, 11, 1, tzinfo=UTC)


def new_case(i: int) -> NewCase:
    return NewCase(community=f"discord:{i % 7}", user=str(10**18 + i), action="warn",
                   rule="no-insults", reason="insult", evidence="you moron " * 5,
                   created_at=START, points=1)


async def pair(store: SQLiteStore, i: int) -> None:
    case = await store.open_case(new_case(i))
    await store.finish_case(case.community, case.number, "done", at=START)


async def sequential(path: Path, pairs: int) -> float:
    async with SQLiteStore(path) as store:
        began = time.perf_counter()
        for i in range(pairs):
            await pair(store, i)
        return pairs / (time.perf_counter() - began)


async def concurrent(path: Path, pairs: int, tasks: int) -> float:
    async with SQLiteStore(path) as store:
        async def worker(k: int) -> None:
            for i in range(k, pairs, tasks):
                await pair(store, i)

        began = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(tasks)))
        rate = pairs / (time.perf_counter() - began)
        assert len(await store.cases()) == pairs
        return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--tasks", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seq = asyncio.run(sequential(Path(tmp) / "seq.db", min(args.pairs, 2000)))
        con = asyncio.run(concurrent(Path(tmp) / "con.db", args.pairs, args.tasks))
    print(f"sequential: {seq:,.0f} open_case+finish_case pairs/s (1 task)")
    print(f"concurrent: {con:,.0f} open_case+finish_case pairs/s ({args.tasks} tasks)")


if __name__ == "__main__":
    main()
