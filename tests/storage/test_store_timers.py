"""Timers: temporary sanctions the bot lifts itself, across restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import NewTimer, SQLiteStore, StoreError

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
BIG = "1234567890123456789"


def timer(kind: str = "lift_timeout", minutes: float = 0, user: str = BIG, **fields) -> NewTimer:
    return NewTimer(community="discord:1", user=user, kind=kind,
                    due_at=AT + timedelta(minutes=minutes), **fields)


async def test_due_timers_oldest_first_and_next_due(make_store):
    async with make_store() as store:
        assert await store.next_due() is None
        late = await store.schedule(timer("unban", 30))
        soon = await store.schedule(timer("lift_timeout", 10, payload={"role": "Muted"}))
        now = await store.schedule(timer("verify_deadline", 0, user="newcomer"))
        assert (late.done_at, late.result) == (None, None)
        assert soon.payload == {"role": "Muted"}
        assert await store.next_due() == AT
        assert await store.due_timers(AT - timedelta(seconds=1)) == []
        assert await store.due_timers(AT) == [now]
        assert await store.due_timers(AT + timedelta(minutes=10)) == [now, soon]
        assert await store.due_timers(AT + timedelta(days=1)) == [now, soon, late]


async def test_complete_timer(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        case = await store.open_case(new_case(action="timeout"))
        first = await store.schedule(timer(case_number=case.number))
        second = await store.schedule(timer(minutes=5))
        done_at = AT + timedelta(seconds=3)
        await store.complete_timer(first.id, "lifted", done_at)
        assert await store.next_due() == AT + timedelta(minutes=5)
        assert await store.due_timers(AT + timedelta(hours=1)) == [second]
        await store.complete_timer(first.id, "again", AT + timedelta(hours=1))  # no-op
        with pytest.raises(StoreError, match="no timer"):
            await store.complete_timer(12345, "lifted", AT)
    import sqlite3
    with sqlite3.connect(db_path) as conn:
        row = conn.execute("SELECT result, done_at FROM timers WHERE id = ?",
                           (first.id,)).fetchone()
    assert row[0] == "lifted"


async def test_cancel_timers_of_one_kind_for_one_member(make_store):
    async with make_store() as store:
        await store.schedule(timer("unban", 10))
        await store.schedule(timer("unban", 20))
        keep_kind = await store.schedule(timer("lift_timeout", 10))
        keep_user = await store.schedule(timer("unban", 10, user="someone-else"))
        assert await store.cancel_timers("discord:1", BIG, "unban", at=AT) == 2
        assert await store.cancel_timers("discord:1", BIG, "unban", at=AT) == 0
        assert await store.due_timers(AT + timedelta(days=1)) == [keep_kind, keep_user]


async def test_timers_survive_close_and_reopen(make_store):
    async def before():
        async with make_store() as store:
            a = await store.schedule(timer("lift_timeout", 10, payload={"until": "x", "n": [1]}))
            b = await store.schedule(timer("unban", 60 * 24))
            done = await store.schedule(timer("renew_timeout", 1))
            await store.complete_timer(done.id, "renewed", AT)
            return a, b

    a, b = await before()

    async with make_store() as store:
        assert await store.next_due() == a.due_at
        assert await store.due_timers(AT + timedelta(days=2)) == [a, b]


def test_naive_due_at_is_refused():
    with pytest.raises(ValueError, match="aware"):
        NewTimer(community="c", user="u", kind="unban", due_at=datetime(2026, 1, 1))
