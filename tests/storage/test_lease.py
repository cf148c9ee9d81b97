"""One writer per database: the lease on `<db>.lock`, and readers that need none."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storage import SQLiteStore, StoreError
from storage.errors import LeaseHeldError, NoDatabaseError
from storage.lease import Lease, lock_path

ROOT = Path(__file__).resolve().parents[2]

HOLDER = textwrap.dedent("""
    import asyncio, sys
    sys.path.insert(0, sys.argv[2])
    from storage import SQLiteStore

    async def main():
        async with SQLiteStore(sys.argv[1]):
            print("open", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)

    asyncio.run(main())
""")


async def test_a_second_writer_is_refused_naming_the_first(db_path):
    async with SQLiteStore(db_path) as first:
        with pytest.raises(LeaseHeldError) as refused:
            await SQLiteStore(db_path).open()
        message = str(refused.value)
        assert str(db_path) in message and "already writing this database" in message
        assert f"pid {os.getpid()} on {socket.gethostname()}, since " in message
        assert await first.cases() == []        # the first goes on unaffected
    async with SQLiteStore(db_path):      # given back at close: the next writer gets it
        pass


async def test_the_lock_file_names_its_holder_while_it_is_held(db_path):
    async with SQLiteStore(db_path):
        holder = json.loads(lock_path(db_path).read_text("utf-8"))
        assert holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
        assert holder["since"].endswith("Z")
    assert lock_path(db_path).read_text("utf-8") == ""   # no stale name once released


async def test_a_writer_in_another_process_is_named(db_path):
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), str(ROOT)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "open\n"
        with pytest.raises(LeaseHeldError, match=f"pid {child.pid} on "):
            await SQLiteStore(db_path).open()
    finally:
        child.communicate("\n", timeout=10)
    async with SQLiteStore(db_path):      # the holder has gone: free again
        pass


async def test_a_killed_holder_leaves_no_stale_lease(db_path):
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), str(ROOT)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "open\n"
    child.kill()
    child.wait(timeout=10)
    async with SQLiteStore(db_path):
        pass


async def test_a_refused_open_gives_the_lease_back(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"not a database\n" * 100)
    with pytest.raises(StoreError, match="not a SQLite file"):
        await SQLiteStore(path).open()
    Lease.take(path).release()            # nobody holds it after the refusal


async def test_readers_need_no_lease_and_see_committed_cases(db_path, new_case):
    async with SQLiteStore(db_path) as writer:
        await writer.open_case(new_case())
        async with SQLiteStore(db_path, read_only=True) as reader:
            assert [c.number for c in await reader.cases()] == [1]
            await writer.open_case(new_case())
            assert [c.number for c in await reader.cases()] == [1, 2]
            with pytest.raises(StoreError, match="read-only"):
                await reader.open_case(new_case())


async def test_a_reader_never_creates_a_database(tmp_path):
    path = tmp_path / "gardien.db"
    with pytest.raises(NoDatabaseError, match="no database at this path"):
        await SQLiteStore(path, read_only=True).open()
    assert list(tmp_path.iterdir()) == []


async def test_a_reader_refuses_an_empty_file(db_path):
    db_path.write_bytes(b"")
    with pytest.raises(NoDatabaseError, match="holds no Gardien database"):
        await SQLiteStore(db_path, read_only=True).open()
    assert db_path.read_bytes() == b""


async def test_a_deleted_lock_file_is_taken_again(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        lock_path(db_path).unlink()
        await store.open_case(new_case())          # the lease follows to a new lock file
        assert lock_path(db_path).exists()
        with pytest.raises(LeaseHeldError):
            await SQLiteStore(db_path).open()


async def test_a_lock_file_taken_by_another_after_deletion_stops_the_writes(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        lock_path(db_path).unlink()
        intruder = Lease.take(db_path)             # e.g. a second instance started meanwhile
        try:
            with pytest.raises(LeaseHeldError, match="lock file was deleted or replaced"):
                await store.open_case(new_case())
        finally:
            intruder.release()
