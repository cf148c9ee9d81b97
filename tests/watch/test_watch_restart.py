"""The watch across a restart of the core on the same database: an open crisis stays open
and is ended once; the last day's negatives keep the usual, so no false alarm follows."""

from __future__ import annotations

import asyncio

from rules.actions import Alert
from tests.runtime.fakes import FakeAdapter, FakeClock
from tests.runtime.harness import running

RULES = """\
version: 1
name: Restart
log_channel: mod-log
watch:
  terms: [Acme]
crisis: {window: 10m, negative: 5, factor: 3}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
ANGRY = "I hate this, Acme is awful, the worst"


def alerts(adapter: FakeAdapter, rule: str) -> list[str]:
    return [action.text for action, _ in adapter.executed
            if isinstance(action, Alert) and action.rule == rule]


async def test_an_open_crisis_survives_a_restart_and_ends_once(tmp_path) -> None:
    clock = FakeClock()
    first = FakeAdapter()
    async with running(tmp_path, RULES, adapter=first, clock=clock) as bot:
        await bot.core.watch.start()
        for n in range(5):
            await bot.send(ANGRY, f"u{n}")
            clock.advance(seconds=10)
        assert len(alerts(first, "crisis")) == 1 and "5 negative messages" in alerts(
            first, "crisis")[0]
        await bot.core.watch.flush()
    clock.advance(minutes=2)
    second = FakeAdapter()
    async with running(tmp_path, RULES, adapter=second, clock=clock) as bot:
        await bot.core.watch.start()
        (crisis,) = await bot.store.open_crises()
        assert crisis.negative == 5
        wave = bot.core.watch.crises.waves["fake:g1"]
        assert wave.in_crisis and wave.count == 5
        for n in range(3):   # still in the crisis: nothing new is told
            await bot.send(ANGRY, f"v{n}")
        assert alerts(second, "crisis") == []
        clock.advance(minutes=30)
        stop = asyncio.Event()
        runner = asyncio.create_task(bot.core.watch.run(stop))
        bot.core.watch.flush_every = 0.01
        for _ in range(300):
            if alerts(second, "crisis"):
                break
            await asyncio.sleep(0.01)
        stop.set()
        await runner
        await bot.drain()
        (closing,) = alerts(second, "crisis")
        assert "Crisis over" in closing and "at most 8 negative messages" in closing
        assert await bot.store.open_crises() == []


async def test_the_day_before_a_restart_keeps_a_busy_community_from_a_false_alarm(
        tmp_path) -> None:
    clock = FakeClock()
    first = FakeAdapter()
    async with running(tmp_path, RULES, adapter=first, clock=clock) as bot:
        await bot.core.watch.start()
        for _ in range(6 * 12):   # 6 hours, 4 negatives every 10 minutes
            for k in range(4):
                await bot.send(ANGRY, f"u{k}")
            clock.advance(minutes=10)
        assert alerts(first, "crisis") == []
        await bot.core.watch.flush()
    second = FakeAdapter()
    async with running(tmp_path, RULES, adapter=second, clock=clock) as bot:
        await bot.core.watch.start()
        for k in range(8):        # 8 >= 5, but not 3 x the usual 4
            await bot.send(ANGRY, f"w{k}")
        assert alerts(second, "crisis") == []
        assert 3.5 < bot.core.watch.crises.waves["fake:g1"].usual(clock().timestamp()) < 4.5
