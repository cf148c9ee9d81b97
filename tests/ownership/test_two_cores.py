"""Two cores on one database, each owning half of the Discord shards: each reconciles,
fires and plans only its own communities', and together they do all of it exactly once.

SQLite allows one writer per file (storage/lease.py), so the two run one after the other
on the same file; a database several processes write at once (PostgreSQL) gets the same
split, plus the claim each timer takes before it is acted on (tested here too)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import structlog

from bot.core import Core, build_core
from bot.ownership import EVERYTHING, Ownership
from bot.privacy.retention import RetentionService
from bot.rulebook import Rulebook
from bot.scheduler import TimerKind
from bot.settings import Retention, Shards
from storage.models import NewCase, NewTimer, Timer
from storage.sqlite import SQLiteStore
from tests.runtime.fakes import T0, FakeAdapter, FakeClock

EVEN = "discord:81384788765712384"    # shard 0 of 2
ODD = "discord:267624335836053506"    # shard 1 of 2
SHARD0 = Ownership(frozenset({"discord"}), Shards(2, (0,)))
SHARD1 = Ownership(frozenset({"discord"}), Shards(2, (1,)))

RULES = """\
version: 1
name: Shards
schedule:
  - id: morning
    at: "09:00"
    channel: general
    post: "Good morning"
rules:
  - id: tempban
    match: {words: [tempban]}
    actions: [{ban: {duration: 1d, reason: cool off}}]
"""


async def _seed(path: Path, clock: FakeClock) -> None:
    """What a previous run left in both halves: a pending ban, an overdue unban."""
    store = SQLiteStore(path, clock=clock)
    await store.open()
    try:
        for community in (EVEN, ODD):
            await store.open_case(NewCase(community=community, user="bob", action="ban",
                                          rule="tempban", reason="cool off",
                                          created_at=T0 - timedelta(minutes=5)))
            await store.schedule(NewTimer(community=community, user="carol",
                                          kind=TimerKind.UNBAN.value,
                                          due_at=T0 - timedelta(hours=1)))
    finally:
        await store.close()


@asynccontextmanager
async def _core(tmp_path: Path, clock: FakeClock, owner: Ownership
                ) -> AsyncIterator[tuple[Core, SQLiteStore, FakeAdapter]]:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    store = SQLiteStore(tmp_path / "gardien.db", clock=clock)
    await store.open()
    try:
        rulebook = Rulebook(rules, {EVEN: rules, ODD: rules}, store)
        await rulebook.load()
        adapter = FakeAdapter()
        core = build_core(store, rulebook, [adapter], clock=clock, owner=owner)
        yield core, store, adapter
        assert await core.drain(timeout=10)
    finally:
        await store.close()


async def _start_like_gardien_run(core: Core) -> None:
    await core.start()
    await core.resume(connect_timeout=0)
    await core.schedules.replan()
    assert await core.drain(timeout=10)


async def _open_timers(store: SQLiteStore, clock: FakeClock) -> list[Timer]:
    return await store.due_timers(clock() + timedelta(days=3650))


def _acted(adapter: FakeAdapter) -> list[tuple[str, str, str]]:
    return sorted((action.kind, target.community, target.user)
                  for action, target in adapter.executed)


async def test_each_core_acts_on_its_half_and_together_on_everything_once(tmp_path):
    clock = FakeClock()
    await _seed(tmp_path / "gardien.db", clock)

    async with _core(tmp_path, clock, SHARD0) as (core, store, adapter):
        await _start_like_gardien_run(core)
        first = _acted(adapter)
        assert first == [("ban", EVEN, "bob"), ("unban", EVEN, "carol")]   # shard 0's only
        assert [c.community for c in await store.pending_cases()] == [ODD]
        left = await _open_timers(store, clock)
        assert sorted((t.community, t.kind) for t in left) == sorted([
            (EVEN, "schedule"), (ODD, "unban")])
        assert await core.timers.next_due() == next(t.due_at for t in left
                                                    if t.community == EVEN)

    async with _core(tmp_path, clock, SHARD1) as (core, store, adapter):
        await _start_like_gardien_run(core)
        second = _acted(adapter)
        assert second == [("ban", ODD, "bob"), ("unban", ODD, "carol")]
        assert await store.pending_cases() == []
        left = await _open_timers(store, clock)
        assert sorted((t.community, t.kind) for t in left) == sorted([
            (EVEN, "schedule"), (ODD, "schedule")])   # one plan per community, not two

    assert sorted(first + second) == sorted(
        (kind, community, user) for community in (EVEN, ODD)
        for kind, user in (("ban", "bob"), ("unban", "carol")))


async def test_another_process_s_overdue_timer_does_not_keep_a_core_awake(tmp_path):
    clock = FakeClock()
    async with _core(tmp_path, clock, SHARD0) as (core, store, adapter):
        await store.schedule(NewTimer(community=ODD, user="carol", kind="unban",
                                      due_at=T0 - timedelta(days=1)))
        assert await store.next_due() == T0 - timedelta(days=1)
        assert await core.timers.next_due() is None
        assert await core.timers.fire_due() == 0 and adapter.executed == []
        mine = await store.schedule(NewTimer(community=EVEN, user="carol", kind="unban",
                                             due_at=T0 + timedelta(hours=2)))
        assert await core.timers.next_due() == mine.due_at


async def test_a_due_timer_is_fired_once_even_by_two_loops_at_the_same_time(tmp_path):
    clock = FakeClock()
    async with _core(tmp_path, clock, EVERYTHING) as (core, store, adapter):
        for user in ("u1", "u2", "u3"):
            await store.schedule(NewTimer(community=EVEN, user=user, kind="unban",
                                          due_at=T0 - timedelta(minutes=1)))
        fired = await asyncio.gather(core.timers.fire_due(), core.timers.fire_due())
        assert sum(fired) == 3
        assert _acted(adapter) == [("unban", EVEN, u) for u in ("u1", "u2", "u3")]
        assert await _open_timers(store, clock) == []


async def test_a_timer_taken_elsewhere_waits_for_its_lease_then_fires(tmp_path):
    """Another process took it and died before completing it: it is fired again once the
    lease it took runs out, not before."""
    clock = FakeClock()
    async with _core(tmp_path, clock, EVERYTHING) as (core, store, adapter):
        timer = await store.schedule(NewTimer(community=EVEN, user="carol", kind="unban",
                                              due_at=T0 - timedelta(minutes=1)))
        assert await store.claim_timers([timer.id], clock(), clock() + timedelta(minutes=5)
                                        ) == {timer.id}
        assert await store.claim_timers([timer.id], clock(), clock() + timedelta(minutes=5)
                                        ) == set()   # taken: nobody else gets it
        assert await core.timers.fire_due() == 0 and adapter.executed == []
        clock.advance(minutes=6)
        assert await core.timers.fire_due() == 1
        assert _acted(adapter) == [("unban", EVEN, "carol")]


async def test_only_the_leading_process_applies_the_retention(tmp_path):
    clock = FakeClock()
    async with _core(tmp_path, clock, SHARD1) as (_built, store, _adapter):
        stop = asyncio.Event()
        with structlog.testing.capture_logs() as logs:
            await asyncio.wait_for(RetentionService(store, Retention(), clock, owner=SHARD1)
                                   .run(stop), 5)   # returns at once: shard 0's process prunes
        assert [entry["event"] for entry in logs] == ["privacy_prune_elsewhere"]
        with structlog.testing.capture_logs() as logs:
            service = RetentionService(store, Retention(), clock, owner=SHARD0, every=60)
            task = asyncio.create_task(service.run(stop))
            for _ in range(500):
                if any(entry["event"] == "privacy_pruned" for entry in logs):
                    break
                await asyncio.sleep(0.01)
            stop.set()
            await asyncio.wait_for(task, 5)
        assert "privacy_pruned" in [entry["event"] for entry in logs]
