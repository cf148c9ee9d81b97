"""Durable timers: temporary sanctions lifted by the bot, recorded as cases, across restarts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.core import build_core
from bot.errors import Forbidden, NotFound
from bot.rulebook import Rulebook
from rules.actions import Timeout, Unban, Untimeout
from storage.sqlite import SQLiteStore

from .fakes import T0, FakeAdapter, FakeClock
from .harness import COMMUNITY, running


async def test_nothing_fires_before_it_is_due(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("tempban", user="bob")
        bot.clock.advance(hours=23, minutes=59)
        assert await bot.timers.fire_due() == 0
        assert bot.adapter.of_kind("unban") == []
        assert len(await bot.open_timers()) == 1


async def test_a_temporary_ban_is_lifted_when_due_and_recorded(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("tempban", user="bob")
        bot.clock.advance(days=1)
        assert await bot.timers.fire_due() == 1
        [(unban, target)] = bot.adapter.of_kind("unban")
        assert isinstance(unban, Unban) and target.user == "bob"
        _, lifted = await bot.cases()
        assert (lifted.number, lifted.action, lifted.rule, lifted.status) == (
            2, "unban", "tempban", "done")
        assert lifted.user == "bob" and "case #1" in lifted.reason
        assert lifted.created_at == T0 + timedelta(days=1)
        assert await bot.open_timers() == []
        assert await bot.timers.fire_due() == 0   # completed: never fires twice


async def test_a_console_like_timeout_is_lifted_by_an_untimeout_case(tmp_path):
    async with running(tmp_path, adapter=FakeAdapter(max_timeout=None)) as bot:
        await bot.send("mutelong", user="bob")
        bot.clock.advance(hours=3)
        assert await bot.timers.fire_due() == 1
        [(untimeout, _)] = bot.adapter.of_kind("untimeout")
        assert isinstance(untimeout, Untimeout)
        cases = await bot.cases()
        assert [(c.action, c.rule, c.status) for c in cases] == [
            ("timeout", "mute", "done"), ("untimeout", "mute", "done")]
        assert await bot.open_timers() == []


async def test_a_timer_due_while_the_bot_was_down_fires_at_start(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("tempban", user="bob")
    # days later, a new process: new store connection, new pipeline, a later clock
    clock = FakeClock(T0 + timedelta(days=3))
    adapter = FakeAdapter()
    async with running(tmp_path, rules=None, adapter=adapter, clock=clock) as bot:
        stop = asyncio.Event()
        task = asyncio.create_task(bot.timers.run(stop))
        for _ in range(200):
            if adapter.of_kind("unban"):
                break
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, timeout=5)
        assert [a.kind for a, _ in adapter.executed] == ["unban"]
        cases = await bot.cases()
        assert [(c.action, c.status) for c in cases] == [("ban", "done"), ("unban", "done")]
        assert cases[1].created_at == clock()
        assert await bot.open_timers() == []


async def test_a_new_timer_wakes_the_running_service(tmp_path):
    async with running(tmp_path, adapter=FakeAdapter(max_timeout=None)) as bot:
        stop = asyncio.Event()
        task = asyncio.create_task(bot.timers.run(stop))
        await asyncio.sleep(0.05)      # idle: nothing scheduled, waits up to a minute
        await bot.send("mutelong", user="bob")
        bot.clock.advance(hours=3)     # already due when it is scheduled next
        bot.timers.wake()
        for _ in range(200):
            if bot.adapter.of_kind("untimeout"):
                break
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, timeout=5)
        assert bot.adapter.of_kind("untimeout")


async def test_a_long_timeout_is_renewed_stretch_by_stretch(tmp_path):
    adapter = FakeAdapter(max_timeout=timedelta(hours=1))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("mutelong", user="bob")     # 3 h, the platform lifts after 1 h
        bot.clock.advance(hours=1)
        assert await bot.timers.fire_due() == 1
        [timer] = await bot.open_timers()
        assert (timer.kind, timer.due_at) == ("renew_timeout", T0 + timedelta(hours=2))
        bot.clock.advance(hours=1)
        assert await bot.timers.fire_due() == 1
        assert await bot.open_timers() == []       # the last stretch reaches the end
        renewals = [a for a, _ in adapter.of_kind("timeout")][1:]
        assert all(isinstance(a, Timeout) for a in renewals)
        assert [a.duration for a in renewals] == [timedelta(hours=1), timedelta(hours=1)]
        assert {a.rule for a in renewals} == {"mute"}
        bot.clock.advance(hours=5)
        assert await bot.timers.fire_due() == 0
        # renewals carry on the original case; no extra case is opened
        assert [c.action for c in await bot.cases()] == ["timeout"]


async def test_a_renewal_ends_with_a_shorter_last_stretch(tmp_path):
    adapter = FakeAdapter(max_timeout=timedelta(hours=2))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("mutelong", user="bob")     # 3 h = 2 h + 1 h
        bot.clock.advance(hours=2)
        assert await bot.timers.fire_due() == 1
        assert await bot.open_timers() == []
        assert adapter.of_kind("timeout")[-1][0].duration == timedelta(hours=1)


async def test_a_refused_lifting_is_recorded_as_failed(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("unban", Forbidden("missing Ban Members"))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("tempban", user="bob")
        bot.clock.advance(days=2)
        assert await bot.timers.fire_due() == 1
        _, lifted = await bot.cases()
        assert (lifted.action, lifted.status, lifted.error) == (
            "unban", "failed", "missing Ban Members")
        assert await bot.open_timers() == []      # completed, with its failure
    rows = _timer_rows(tmp_path)
    assert rows == [("unban", "failed: missing Ban Members")]


async def test_a_member_already_unbanned_counts_as_lifted(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("unban", NotFound("unknown ban"))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("tempban", user="bob")
        bot.clock.advance(days=1)
        await bot.timers.fire_due()
        assert [c.status for c in await bot.cases()] == ["done", "done"]


async def test_timers_of_every_community_fire_in_due_order(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("tempban", user="a", community="fake:1")
        bot.clock.advance(hours=1)
        await bot.send("tempban", user="b", community="fake:2")
        bot.clock.advance(days=2)
        assert await bot.timers.fire_due() == 2
        assert [t.user for _, t in bot.adapter.of_kind("unban")] == ["a", "b"]
        lifted = [c for c in await bot.cases() if c.action == "unban"]
        assert [(c.community, c.number) for c in lifted] == [("fake:1", 2), ("fake:2", 2)]


async def test_a_timer_with_no_adapter_is_failed_not_lost(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("tempban", user="bob")
    store = SQLiteStore(tmp_path / "gardien.db")
    await store.open()
    try:
        rulebook = Rulebook(tmp_path / "rules.yaml", {})
        await rulebook.load()
        core = build_core(store, rulebook, [FakeAdapter(prefix="other:")],
                          clock=FakeClock(T0 + timedelta(days=2)))
        assert await core.timers.fire_due() == 1
        lifted = (await store.cases())[-1]
        assert lifted.status == "failed" and "no adapter" in lifted.error
    finally:
        await store.close()


def _timer_rows(tmp_path):
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(tmp_path / "gardien.db")) as conn:
        return conn.execute("SELECT kind, result FROM timers ORDER BY id").fetchall()


async def test_a_lifting_cut_short_by_a_crash_is_done_again_at_the_next_start(tmp_path):
    """The timer's case was opened (pending) but the process died before the call: the
    start-up fails that case with a restart reason and the still-open timer fires again."""
    from storage.models import NewCase

    async with running(tmp_path) as bot:
        await bot.send("tempban", user="bob")
        bot.clock.advance(days=1)
        await bot.store.open_case(NewCase(community=COMMUNITY, user="bob", action="unban",
                                          rule="tempban", created_at=bot.clock()))
    async with running(tmp_path, rules=None,
                       clock=FakeClock(T0 + timedelta(days=1, minutes=1))) as bot:
        await bot.reconcile()
        assert await bot.timers.fire_due() == 1
        cases = await bot.cases()
        assert [(c.action, c.status) for c in cases] == [
            ("ban", "done"), ("unban", "failed"), ("unban", "done")]
        assert "restart" in cases[1].error
        assert [a.kind for a, _ in bot.adapter.executed] == ["unban"]
        assert await bot.store.pending_cases() == []
