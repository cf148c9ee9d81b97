"""Verification states and lockdowns on a real SQLite file, across reopenings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage import SQLiteStore, StoreError
from storage.models import NewCase

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LATER = AT + timedelta(seconds=1)


async def test_verification_states_change_once(tmp_path):
    path = tmp_path / "gardien.db"

    async with SQLiteStore(path) as store:
        record = await store.gate("c", "u", AT, AT + timedelta(minutes=10))
        assert (record.status, record.deadline, record.request) == (
            "pending", AT + timedelta(minutes=10), False)
    async with SQLiteStore(path) as store:
        done = await store.settle_verification("c", "u", "verified", AT + timedelta(1))
        assert done is not None and done.status == "verified"
        assert await store.settle_verification("c", "u", "expired", AT) is None
        assert (await store.verification("c", "u")).status == "verified"
        assert await store.verification("c", "other") is None
        await store.gate("c", "r", AT, None, request=True)
        again = await store.gate("c", "r", AT + timedelta(hours=1), AT + timedelta(hours=2))
        assert (again.status, again.request, again.joined_at) == (
            "pending", False, AT + timedelta(hours=1))
        with pytest.raises(ValueError):
            await store.settle_verification("c", "r", "pending", AT)


async def test_lockdowns_open_extend_end_and_summarise(tmp_path):
    path = tmp_path / "gardien.db"

    async with SQLiteStore(path) as store:
        first = await store.start_lockdown("c", AT, AT + timedelta(minutes=15), "kick",
                                           reason="raid")
        with pytest.raises(StoreError):
            await store.start_lockdown("c", AT, AT + timedelta(minutes=5), "ban")
        other = await store.start_lockdown("d", AT, AT + timedelta(minutes=5), "ban",
                                           by="mod")
        for user in ("a", "b"):
            case = await store.open_case(NewCase(community="c", user=user, action="kick",
                                                 rule="raid", created_at=AT))
            await store.finish_case("c", case.number, "done")
        await store.open_case(NewCase(community="c", user="z", action="kick", rule="raid",
                                      created_at=AT + timedelta(hours=2)))
    async with SQLiteStore(path) as store:
        assert [(lk.community, lk.started_by) for lk in await store.open_lockdowns()] == [
            ("c", None), ("d", "mod")]
        longer = await store.extend_lockdown(first.id, AT + timedelta(hours=1))
        assert longer is not None and longer.ends_at == AT + timedelta(hours=1)
        ended = await store.end_lockdown(first.id, AT + timedelta(minutes=20), joins=7)
        assert ended is not None and ended.ended_at == AT + timedelta(minutes=20)
        assert ended.joins == 7 and ended.ended_by is None
        assert await store.end_lockdown(first.id, AT) is None     # ends once
        assert await store.extend_lockdown(first.id, AT) is None
        assert await store.rule_case_counts("c", "raid", AT, AT + timedelta(hours=1)) == [
            ("kick", "done", 2, 1, 2)]
        await store.end_lockdown_summary(first.id, {"actions": {"kick": {"done": 2}}})
        assert (await store.lockdown(first.id)).summary == {"actions": {"kick": {"done": 2}}}
        assert [lk.id for lk in await store.open_lockdowns()] == [other.id]
        # a new lockdown may open once the previous one ended
        await store.start_lockdown("c", AT + timedelta(hours=3), AT + timedelta(hours=4),
                                   "timeout")
        assert len(await store.lockdowns("c")) == 2


async def test_last_timeout_reads_the_latest_done_timeout_or_lifting(tmp_path):
    async with SQLiteStore(tmp_path / "gardien.db") as store:
        assert await store.last_timeout("c", "u", LATER) is None
        case = await store.open_case(NewCase(community="c", user="u", action="timeout",
                                             rule="mute", created_at=AT,
                                             expires_at=AT + timedelta(hours=3)))
        await store.open_case(NewCase(community="c", user="u", action="untimeout",
                                      rule="manual", created_at=AT))   # still pending
        await store.finish_case("c", case.number, "done")
        assert await store.last_timeout("c", "u", LATER) == (
            "timeout", 1, AT + timedelta(hours=3), "mute")
        await store.finish_case("c", 2, "done")
        assert (await store.last_timeout("c", "u", LATER))[0] == "untimeout"
        # a case opened at or after the moment asked about is not "before": the timeout a
        # join rule gives at the join is not the rejoin's to re-apply
        assert await store.last_timeout("c", "u", AT) is None
