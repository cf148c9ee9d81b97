"""The file under the store: refused at open with the right reason, watched while open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import SQLiteStore, StoreError
from storage.errors import VanishedDatabaseError


def damage(path: Path) -> None:
    """Overwrite the schema's page (after the 100-byte header) with noise."""
    with path.open("r+b") as file:
        file.seek(100)
        file.write(b"\xa5" * 3000)


async def make_database(path: Path) -> None:
    async with SQLiteStore(path):
        pass


async def test_a_deleted_database_refuses_every_later_write(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        await store.open_case(new_case())
        db_path.unlink()
        with pytest.raises(VanishedDatabaseError, match="deleted while in use"):
            await store.open_case(new_case())
        with pytest.raises(VanishedDatabaseError):      # every batch checks, not just one
            await store.finish_case("discord:1", 1, "done")
    assert not db_path.exists()


async def test_a_replaced_database_refuses_the_writes(db_path, tmp_path, new_case):
    other = tmp_path / "other.db"
    await make_database(other)
    async with SQLiteStore(db_path) as store:
        other.replace(db_path)
        with pytest.raises(VanishedDatabaseError, match="replaced by another file"):
            await store.open_case(new_case())
    async with SQLiteStore(db_path, read_only=True) as reader:
        assert await reader.cases() == []               # nothing landed in the new file


async def test_a_refused_batch_fails_every_write_in_it(db_path, new_case):
    import asyncio

    async with SQLiteStore(db_path) as store:
        db_path.unlink()
        results = await asyncio.gather(*(store.open_case(new_case()) for _ in range(20)),
                                       return_exceptions=True)
    assert all(isinstance(r, VanishedDatabaseError) for r in results)


async def test_a_damaged_file_is_called_damaged(db_path):
    await make_database(db_path)
    damage(db_path)
    for store in (SQLiteStore(db_path), SQLiteStore(db_path, read_only=True)):
        with pytest.raises(StoreError, match="the file is damaged") as refused:
            await store.open()
        assert str(db_path) in str(refused.value)


async def test_a_file_that_is_not_sqlite_is_called_so(db_path):
    db_path.write_bytes(b"SQLite format 2\x00" + b"\x00" * 4000)
    for store in (SQLiteStore(db_path), SQLiteStore(db_path, read_only=True)):
        with pytest.raises(StoreError, match="it is not a SQLite file"):
            await store.open()


async def test_a_database_locked_by_another_program_is_called_locked(db_path):
    with sqlite3.connect(db_path) as conn:      # a rollback-journal database, not WAL yet
        conn.execute("CREATE TABLE other (x)")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match=r"locked by another process \(still locked "
                                             r"after 0.1 s\)"):
            await SQLiteStore(db_path, busy_timeout=0.1).open()
    finally:
        other.execute("ROLLBACK")
        other.close()


async def test_a_directory_at_the_path_is_not_a_database(tmp_path):
    (tmp_path / "gardien.db").mkdir()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not a database file"):
            await SQLiteStore(tmp_path / "gardien.db", read_only=read_only).open()
