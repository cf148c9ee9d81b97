"""Schema migrations at open, and files that must be refused rather than touched."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from storage import NewerDatabaseError, NewTimer, SQLiteStore, StoreError
from storage import migrate as migrate_module
from storage.migrate import Migration, latest_version, migrations

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def user_version(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0]


def index_names(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall()
    return {name for (name,) in rows}


def test_shipped_migrations_are_numbered_without_gaps():
    found = migrations()
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    assert found[0].name == "initial" and found[1].name == "case_indexes"


async def test_empty_file_is_migrated_to_latest_with_wal(db_path):
    async with SQLiteStore(db_path):
        pass
    assert user_version(db_path) == latest_version() >= 2
    assert {"cases_by_member", "timers_open_by_due"} <= index_names(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47415244


async def test_version_1_database_is_migrated_keeping_its_rows(db_path, new_case):
    async def at_version_1():
        store = SQLiteStore(db_path)
        await store.open(upto=1)  # what the previous Gardien release created
        try:
            await store.open_case(new_case(points=2))
            await store.open_case(new_case(community="telegram:-1001234567890"))
            await store.finish_case("discord:1", 1, "done", at=AT)
            await store.schedule(NewTimer(community="discord:1", user="u", kind="unban",
                                          due_at=AT, case_number=1, payload={"n": 1}))
            await store.add_note("discord:1", "u", "mod", "watch", AT)
        finally:
            await store.close()

    await at_version_1()
    assert user_version(db_path) == 1
    assert "cases_by_member" not in index_names(db_path)

    async def reopened():
        async with SQLiteStore(db_path) as store:
            cases = await store.cases()
            assert [(c.community, c.number, c.status) for c in cases] == [
                ("discord:1", 1, "done"), ("telegram:-1001234567890", 1, "pending")]
            assert await store.points_since("discord:1", cases[0].user, AT) == [(AT, 2)]
            (timer,) = await store.due_timers(AT)
            assert (timer.kind, timer.case_number, timer.payload) == ("unban", 1, {"n": 1})
            assert len(await store.notes("discord:1", "u")) == 1
            assert (await store.open_case(new_case())).number == 2

    await reopened()
    assert user_version(db_path) == latest_version()
    assert {"cases_by_member", "cases_pending", "timers_open_by_due"} <= index_names(db_path)


async def test_newer_database_is_refused_untouched(db_path):
    async with SQLiteStore(db_path):
        pass
    with sqlite3.connect(db_path) as conn:  # a newer release that left WAL mode, say
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()

    with pytest.raises(NewerDatabaseError, match=r"version 99.*newer Gardien") as info:
        await SQLiteStore(db_path).open()
    assert str(db_path) in str(info.value)
    assert user_version(db_path) == 99
    assert db_path.read_bytes() == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


async def test_garbage_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "cases.db"
    path.write_bytes(b"this is not a database, just some text\n" * 200)
    with pytest.raises(StoreError, match="cannot open as a Gardien database") as info:
        await SQLiteStore(path).open()
    assert str(path) in str(info.value)
    assert path.read_bytes() == b"this is not a database, just some text\n" * 200


async def test_other_applications_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE cases (x)")
    with pytest.raises(StoreError, match="not a Gardien database"):
        await SQLiteStore(path).open()


async def test_missing_directory_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="nowhere"):
        await SQLiteStore(tmp_path / "nowhere" / "g.db").open()


async def test_failed_migration_leaves_the_previous_version(db_path, monkeypatch):
    store = SQLiteStore(db_path)
    await store.open(upto=1)
    await store.close()
    broken = [*migrations()[:1],
              Migration(2, "broken", "CREATE INDEX half_done ON cases (user);\nNOT SQL;")]
    monkeypatch.setattr(migrate_module, "migrations", lambda: broken)
    with pytest.raises(StoreError, match="0002_broken"):
        await SQLiteStore(db_path).open()
    assert user_version(db_path) == 1
    assert "half_done" not in index_names(db_path)
