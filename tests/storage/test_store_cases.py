"""The case ledger: numbering, status transitions, evidence, points, ids and times."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest

from storage import (
    Cooldown,
    NewCase,
    NewTimer,
    SQLiteStore,
    Store,
    StoreError,
    UnknownCaseError,
)

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
BIG = "1234567890123456789"


def test_sqlite_store_implements_the_protocol(make_store):
    assert isinstance(make_store(), Store)


async def test_numbers_start_at_one_in_each_community(make_store, new_case):
    async with make_store() as store:
        numbers = [
            (c.community, c.number) for c in [
                await store.open_case(new_case(community="discord:a")),
                await store.open_case(new_case(community="discord:a")),
                await store.open_case(new_case(community="telegram:b")),
                await store.open_case(new_case(community="discord:a")),
            ]
        ]
    assert numbers == [("discord:a", 1), ("discord:a", 2), ("telegram:b", 1),
                       ("discord:a", 3)]
    async with make_store() as store:  # numbering continues after a reopen
        assert (await store.open_case(new_case(community="telegram:b"))).number == 2


async def test_concurrent_open_case_never_duplicates_numbers(make_store, new_case):
    async with make_store() as store:
        cases = await asyncio.gather(*(
            store.open_case(new_case(community=f"discord:{i % 3}", user=str(i)))
            for i in range(300)
        ))
        stored = await store.cases()
    for community in ("discord:0", "discord:1", "discord:2"):
        numbers = sorted(c.number for c in cases if c.community == community)
        assert numbers == list(range(1, 101))
    assert len(stored) == 300
    assert {(c.community, c.number) for c in stored} == {
        (c.community, c.number) for c in cases}


async def test_open_case_is_pending_and_committed(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        case = await store.open_case(new_case(action="ban", reason="spam",
                                              moderator="42", message_id="m1",
                                              channel="c1", expires_at=AT + timedelta(1)))
        assert case.status == "pending" and case.error is None
        assert case.updated_at == AT
        # committed: a separate connection (another process) sees it at once
        import sqlite3
        with sqlite3.connect(db_path) as other:
            assert other.execute("SELECT status FROM cases").fetchall() == [("pending",)]
        assert await store.pending_cases() == [case]
        assert await store.case("discord:1", 1) == case


async def test_pending_then_done_or_failed_with_error(make_store, new_case):
    later = AT + timedelta(seconds=2)

    async with make_store() as store:
        first = await store.open_case(new_case())
        second = await store.open_case(new_case(action="ban"))
        done = await store.finish_case(first.community, first.number, "done", at=later)
        failed = await store.finish_case(second.community, second.number, "failed",
                                         "403 Missing Permissions", at=later)
        assert (done.status, done.error, done.updated_at) == ("done", None, later)
        assert (failed.status, failed.error) == ("failed", "403 Missing Permissions")
        assert await store.pending_cases() == []
    async with make_store() as store:
        assert await store.case("discord:1", 2) == failed


async def test_finishing_twice(make_store, new_case):
    async with make_store() as store:
        case = await store.open_case(new_case())
        done = await store.finish_case(case.community, case.number, "done", at=AT)
        # the same outcome again is harmless (a retried call)...
        assert await store.finish_case(case.community, case.number, "done") == done
        # ...but a final outcome is never rewritten
        with pytest.raises(StoreError, match="already done"):
            await store.finish_case(case.community, case.number, "failed", "late")
        with pytest.raises(UnknownCaseError):
            await store.finish_case("discord:1", 99, "done")
        with pytest.raises(ValueError):
            await store.finish_case(case.community, case.number, "pending")
        assert await store.case("discord:1", 1) == done


async def test_refused_write_does_not_fail_its_batch(make_store, new_case):
    """A bad write in a group commit fails alone; its neighbours still commit."""

    async with make_store() as store:
        results = await asyncio.gather(
            *(store.open_case(new_case()) for _ in range(20)),
            store.finish_case("discord:1", 999, "done"),  # refused before writing
            store.schedule(NewTimer(community="discord:1", user="u", kind="unban",
                                    due_at=AT, case_number=999)),  # foreign key fails
            *(store.open_case(new_case()) for _ in range(20)),
            return_exceptions=True,
        )
        errors = [r for r in results if isinstance(r, BaseException)]
        assert len(errors) == 2 and all(isinstance(e, StoreError) for e in errors)
        assert [c.number for c in await store.cases()] == list(range(1, 41))
        assert await store.due_timers(AT) == []


async def test_evidence_is_cut_to_200_characters(make_store, new_case):
    async with make_store() as store:
        exact = await store.open_case(new_case(evidence="a" * 200))
        long = await store.open_case(new_case(evidence="b" * 5000))
        short = await store.open_case(new_case(evidence="short"))
    assert exact.evidence == "a" * 200
    assert len(long.evidence) == 200 and long.evidence == "b" * 199 + "…"
    assert short.evidence == "short"


async def test_big_ids_and_times_round_trip_exactly(make_store, new_case):
    created = datetime(2026, 11, 20, 10, 0, 0, 123456, tzinfo=UTC)
    paris = timezone(timedelta(hours=1))

    async with make_store() as store:
        await store.open_case(new_case(
            community="discord:987654321098765432", user=BIG, moderator="876543210987654321",
            message_id="1111111111111111111", channel="2222222222222222222",
            created_at=created, expires_at=datetime(2026, 11, 21, 12, tzinfo=paris)))
    async with make_store() as store:
        (case,) = await store.cases(user=BIG)
    assert case.community == "discord:987654321098765432"
    assert (case.user, case.moderator) == (BIG, "876543210987654321")
    assert (case.message_id, case.channel) == ("1111111111111111111", "2222222222222222222")
    assert case.created_at == created and case.created_at.tzinfo is UTC
    assert case.expires_at == datetime(2026, 11, 21, 11, tzinfo=UTC)
    assert case.expires_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        NewCase(community="c", user="u", action="warn", rule="r",
                created_at=datetime(2026, 1, 1))


async def test_cases_filters_and_limit(make_store, new_case):
    async with make_store() as store:
        for i in range(6):
            await store.open_case(new_case(community=f"discord:{i % 2}", user=f"u{i % 3}",
                                           reason=str(i)))
        every = await store.cases()
        assert [c.reason for c in every] == ["0", "1", "2", "3", "4", "5"]
        assert [c.reason for c in await store.cases(community="discord:0")] == ["0", "2", "4"]
        assert [c.reason for c in await store.cases(user="u0")] == ["0", "3"]
        assert [c.reason for c in await store.cases("discord:1", "u0")] == ["3"]
        assert [c.reason for c in await store.cases(limit=2)] == ["4", "5"]
        assert await store.cases(community="nowhere") == []


async def test_update_reason(make_store, new_case):
    async with make_store() as store:
        await store.open_case(new_case(reason="insult"))
        later = AT + timedelta(hours=1)
        updated = await store.update_reason("discord:1", 1, "repeated insults", at=later)
        assert updated is not None
        assert (updated.reason, updated.updated_at, updated.status) == (
            "repeated insults", later, "pending")
        assert await store.update_reason("discord:1", 2, "nope") is None
        assert await store.case("discord:1", 1) == updated


async def test_points_are_recorded_with_their_case(db_path, new_case):
    async with SQLiteStore(db_path) as store:
        await store.open_case(new_case(points=2, created_at=AT))
        await store.open_case(new_case(points=0, created_at=AT + timedelta(minutes=1)))
        await store.open_case(new_case(points=1, created_at=AT + timedelta(minutes=2)))
        await store.open_case(new_case(points=3, shadow=True,  # shadow: would, not did
                                       created_at=AT + timedelta(minutes=3)))
        await store.open_case(new_case(points=5, user="other",
                                       created_at=AT + timedelta(minutes=4)))
        mine = await store.points_since("discord:1", BIG, AT)
        assert mine == [(AT, 2), (AT + timedelta(minutes=2), 1)]
        assert await store.points_since("discord:1", BIG, AT + timedelta(seconds=1)) == [
            (AT + timedelta(minutes=2), 1)]
        assert await store.all_points_since(AT + timedelta(minutes=1)) == [
            ("discord:1", BIG, AT + timedelta(minutes=2), 1),
            ("discord:1", "other", AT + timedelta(minutes=4), 5)]
        shadow = await store.case("discord:1", 4)
        assert shadow is not None and shadow.shadow and shadow.points == 3
    import sqlite3
    with sqlite3.connect(db_path) as conn:
        linked = conn.execute(
            "SELECT c.number, p.points FROM points p JOIN cases c ON c.id = p.case_id "
            "ORDER BY p.id").fetchall()
    assert linked == [(1, 2), (3, 1), (5, 5)]


async def test_closed_store_refuses_work(make_store, new_case):
    store = make_store()
    with pytest.raises(StoreError, match="not open"):
        await store.open_case(new_case())
    await store.open()
    await store.close()
    with pytest.raises(StoreError, match="not open"):
        await store.cases()
    await store.close()  # closing twice is harmless


async def test_close_finishes_queued_writes(make_store, new_case):
    store = make_store()
    await store.open()
    writes = [asyncio.ensure_future(store.open_case(new_case())) for _ in range(50)]
    await asyncio.sleep(0)
    await store.close()
    assert [w.result().number for w in writes] == list(range(1, 51))


async def test_lock_held_by_another_process_fails_the_batch_quickly(db_path, new_case):
    async with SQLiteStore(db_path, busy_timeout=0.1) as store:
        import sqlite3
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            results = await asyncio.gather(*(store.open_case(new_case()) for _ in range(30)),
                                           return_exceptions=True)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert all(isinstance(r, StoreError) and "locked" in str(r) for r in results)
        assert (await store.open_case(new_case())).number == 1  # fine once released


async def test_a_decisions_cases_and_cooldowns_are_written_together(make_store, new_case):
    async with make_store() as store:
        await store.open_case(new_case())
        until = AT + timedelta(minutes=5)
        opened = await store.open_cases(
            [new_case(action="delete"), new_case(action="warn", points=2)],
            [Cooldown("discord:1", "u", "no-insults", until)])
        assert [(c.number, c.action, c.status) for c in opened] == [
            (2, "delete", "pending"), (3, "warn", "pending")]
        assert await store.cooldowns_after(AT) == [Cooldown("discord:1", "u", "no-insults",
                                                            until)]
        assert [p.points for p in await store.points_since("discord:1", opened[1].user, AT)
                ] == [2]
        with pytest.raises(ValueError):   # one decision, one community
            await store.open_cases([new_case(), new_case(community="discord:2")])
        assert len(await store.cases()) == 3
