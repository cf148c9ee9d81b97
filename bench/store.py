"""Benchmark of the store: open_case + finish_case pairs per second, and write latency.

    python bench/store.py [--backend sqlite|postgresql] [--processes 1|4]
                          [--pairs 5000] [--tasks 500] [--url postgresql://...]

Each process runs `--tasks` tasks issuing pairs at once (the writer group-commits) on
one shared database: a fresh SQLite file, or a fresh schema of the PostgreSQL at `--url`
(default $GARDIEN_BENCH_POSTGRES or postgresql://postgres@127.0.0.1:5432/test), dropped
after. Printed: total cases/s over the wall-clock window of all processes, and p50 / p99
of one case write (open_case, then finish_case, each timed from call to commit).
With one process, a sequential run (one write at a time, one commit each) comes first.
SQLite serves one writing process (its lease), so `--processes 4` needs PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import NewCase
from storage.factory import store_for

START = datetime(2026, 11, 1, tzinfo=UTC)
DEFAULT_URL = os.environ.get("GARDIEN_BENCH_POSTGRES",
                             "postgresql://postgres@127.0.0.1:5432/test")


SHARED = True   # every process on the same 7 communities (set by _process; case i of
#                 process k is numbered k * 10**6 + i, so `own` gives it 7 of its own)


def new_case(i: int, process: int = 0) -> NewCase:
    community = f"discord:{i % 7}" if SHARED else f"discord:{process}-{i % 7}"
    return NewCase(community=community, user=str(10**18 + i), action="warn",
                   rule="no-insults", reason="insult", evidence="you moron " * 5,
                   created_at=START, points=1)


def _open(target: str, schema: str | None) -> Any:
    if schema is None:
        return store_for(target)
    return store_for(target, server_settings={"search_path": schema})


async def _pair(store: Any, i: int, latencies: list[float]) -> None:
    began = time.perf_counter()
    case = await store.open_case(new_case(i, i // 10**6))
    opened = time.perf_counter()
    await store.finish_case(case.community, case.number, "done", at=START)
    latencies += [opened - began, time.perf_counter() - opened]


async def sequential(target: str, schema: str | None, pairs: int) -> float:
    async with _open(target, schema) as store:
        began = time.perf_counter()
        for i in range(pairs):
            await _pair(store, i, [])
        return pairs / (time.perf_counter() - began)


async def concurrent(target: str, schema: str | None, pairs: int, tasks: int, offset: int
                     ) -> tuple[float, float, list[float]]:
    latencies: list[float] = []
    async with _open(target, schema) as store:
        async def worker(k: int) -> None:
            for i in range(k, pairs, tasks):
                await _pair(store, offset + i, latencies)

        began = time.time()
        await asyncio.gather(*(worker(k) for k in range(tasks)))
        ended = time.time()
    return began, ended, latencies


def _process(job: tuple[str, str | None, int, int, int, bool]
             ) -> tuple[float, float, list[float]]:
    global SHARED
    target, schema, pairs, tasks, offset, SHARED = job
    return asyncio.run(concurrent(target, schema, pairs, tasks, offset))


async def _schema(url: str, sql: str) -> None:
    import asyncpg
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def run(args: argparse.Namespace, target: str, schema: str | None) -> None:
    if args.processes == 1:
        seq = asyncio.run(sequential(target, schema, min(args.pairs, 2000)))
        print(f"sequential: {seq:,.0f} open_case+finish_case pairs/s (1 task)")
        target_seq = target
        if schema is None:   # a fresh file for the concurrent run
            target_seq = str(Path(target).with_name("con.db"))
        results = [_process((target_seq, schema, args.pairs, args.tasks, 0, True))]
    else:
        # prime the schema once, so the processes do not all wait on the migration
        asyncio.run(sequential(target, schema, 1))
        jobs = [(target, schema, args.pairs, args.tasks, (k + 1) * 10**6,
                 args.communities == "shared") for k in range(args.processes)]
        with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
            results = pool.map(_process, jobs)
    began = min(r[0] for r in results)
    ended = max(r[1] for r in results)
    latencies = sorted(x for r in results for x in r[2])
    total = args.pairs * args.processes
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(f"concurrent: {total / (ended - began):,.0f} cases/s opened+finished "
          f"({args.backend}, {args.processes} process(es) x {args.tasks} tasks, "
          f"{total:,} cases, " + (f"{args.communities} communities)" if args.processes > 1
                                   else "7 communities)"))
    print(f"case write latency: p50 {p50:.1f} ms, p99 {p99:.1f} ms "
          f"({len(latencies):,} writes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--processes", type=int, choices=(1, 4), default=1)
    parser.add_argument("--pairs", type=int, default=5000, help="per process")
    parser.add_argument("--tasks", type=int, default=500, help="per process")
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--communities", choices=("shared", "own"), default="shared",
                        help="with 4 processes: all on the same 7 communities, or 7 each "
                             "(as shards own theirs)")
    args = parser.parse_args()
    if args.backend == "sqlite":
        if args.processes != 1:
            parser.error("SQLite has one writing process (its lease): use --backend postgresql")
        with tempfile.TemporaryDirectory() as tmp:
            run(args, str(Path(tmp) / "seq.db"), None)
        return
    schema = f"bench_{secrets.token_hex(4)}"
    asyncio.run(_schema(args.url, f"CREATE SCHEMA {schema}"))
    try:
        run(args, args.url, schema)
    finally:
        asyncio.run(_schema(args.url, f"DROP SCHEMA {schema} CASCADE"))


if __name__ == "__main__":
    main()
