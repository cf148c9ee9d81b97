"""A process killed mid-burst loses no case it reported done, and leaves a sound file."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import asyncio, sys
    from datetime import UTC, datetime
    sys.path.insert(0, sys.argv[2])
    from storage import NewCase, SQLiteStore

    async def worker(store, k):
        while True:
            case = await store.open_case(NewCase(
                community=f"discord:{k % 3}", user=str(10**18 + k), action="warn",
                rule="no-insults", evidence="x" * 300, points=1,
                created_at=datetime.now(UTC)))
            await store.finish_case(case.community, case.number, "done")
            print(case.community, case.number, flush=True)

    async def main():
        store = SQLiteStore(sys.argv[1])
        await store.open()
        await asyncio.gather(*(worker(store, k) for k in range(16)))

    asyncio.run(main())
""")


def run_and_kill(path: Path, after: int) -> set[tuple[str, int]]:
    """Start the writer process, SIGKILL it once it reported `after` cases done."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(ROOT)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(15, child.kill)  # never hang the suite
    watchdog.start()
    reported: set[tuple[str, int]] = set()
    try:
        assert child.stdout is not None
        for line in child.stdout:
            community, number = line.split()
            reported.add((community, int(number)))
            if len(reported) >= after:
                time.sleep(random.uniform(0, 0.02))  # land anywhere in the next batches
                os.kill(child.pid, signal.SIGKILL)
                break
        rest, errors = child.communicate(timeout=10)
    finally:
        watchdog.cancel()
    assert child.returncode == -signal.SIGKILL, errors
    for line in rest.splitlines():  # printed before the kill landed: reported too
        community, number = line.split()
        reported.add((community, int(number)))
    return reported


async def test_killed_writer_keeps_every_reported_case(db_path):
    reported = run_and_kill(db_path, after=400)
    reported |= run_and_kill(db_path, after=200)  # a second burst on the crashed file

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT community, number, status FROM cases").fetchall()
        points = conn.execute("SELECT count(*) FROM points").fetchone()[0]
    status = {(community, number): s for community, number, s in rows}
    assert all(status.get(key) == "done" for key in reported)
    assert set(status.values()) <= {"pending", "done"}
    assert points == len(rows)  # each case committed with its point, never without
    for community in {c for c, _ in status}:  # numbers stay gapless per community
        numbers = sorted(n for c, n in status if c == community)
        assert numbers == list(range(1, len(numbers) + 1))

    from storage import SQLiteStore

    async with SQLiteStore(db_path) as store:
        pending = await store.pending_cases()
        assert {(c.community, c.number) for c in pending} == {
            key for key, s in status.items() if s == "pending"}
        assert len(await store.cases()) == len(rows)
