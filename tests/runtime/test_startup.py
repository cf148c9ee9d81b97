"""Start-up: warm the state from the database, reconcile what a crash left pending."""

from __future__ import annotations

from datetime import timedelta

from bot.errors import Forbidden
from rules.actions import Ban, Kick, Timeout
from storage.models import NewCase

from .fakes import T0, FakeAdapter, FakeClock
from .harness import COMMUNITY, running


async def test_points_survive_a_restart_and_escalation_continues(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("moron", user="bob")
        bot.clock.advance(hours=1)
        await bot.send("idiot", user="bob")
    clock = FakeClock(T0 + timedelta(days=1))
    async with running(tmp_path, rules=None, clock=clock) as bot:
        assert await bot.warm() == (2, 0)
        verdict = await bot.send("moron", user="bob")
        assert verdict is not None and verdict.points == 3
        assert verdict.rules == ("no-insults", "escalation")
        assert [c.action for c in await bot.cases()] == ["warn", "warn", "warn", "timeout"]


async def test_without_warming_the_points_would_be_forgotten(tmp_path):
    """The control: the escalation above comes from warm_state, not from anything else."""

    async with running(tmp_path) as bot:
        await bot.send("moron", user="bob")
        await bot.send("idiot", user="bob")
    async with running(tmp_path, rules=None) as bot:
        verdict = await bot.send("moron", user="bob")
        assert verdict is not None and verdict.points == 1


async def test_expired_points_are_not_warmed(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("moron", user="bob")
        await bot.send("idiot", user="bob")
    clock = FakeClock(T0 + timedelta(days=31))    # expire_after: 30d
    async with running(tmp_path, rules=None, clock=clock) as bot:
        assert await bot.warm() == (0, 0)
        verdict = await bot.send("moron", user="bob")
        assert verdict is not None and verdict.points == 1


async def test_cooldowns_survive_a_restart(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("loud", user="bob")
    clock = FakeClock(T0 + timedelta(minutes=5))
    async with running(tmp_path, rules=None, clock=clock) as bot:
        assert await bot.warm() == (0, 1)
        verdict = await bot.send("loud", user="bob")
        assert verdict is not None and not verdict.triggered
        assert bot.adapter.attempts == []
        bot.clock.advance(minutes=6)               # the cooldown is over
        verdict = await bot.send("loud", user="bob")
        assert verdict is not None and verdict.rules == ("shouting",)


def _pending(action: str, *, created=T0, expires=None, user="bob", points=0) -> NewCase:
    return NewCase(community=COMMUNITY, user=user, action=action, rule="some-rule",
                   reason="r", created_at=created, expires_at=expires, points=points,
                   message_id="m1", channel="general")


async def test_reconcile_retries_or_fails_every_pending_case(tmp_path):
    later = T0 + timedelta(minutes=10)
    adapter = FakeAdapter(max_timeout=None)

    async with running(tmp_path, adapter=adapter, clock=FakeClock(later)) as bot:
        store = bot.store
        await store.open_case(_pending("timeout", expires=T0 + timedelta(hours=1)))
        await store.open_case(_pending("ban"))
        await store.open_case(_pending("warn", points=1))
        await store.open_case(_pending("timeout", expires=T0 + timedelta(minutes=5)))
        await store.open_case(_pending("ban", expires=T0 + timedelta(days=1)))
        await store.open_case(_pending("kick"))
        await store.open_case(_pending("kick", created=T0 - timedelta(hours=2)))
        assert await bot.reconcile() == 7
        assert await store.pending_cases() == []
        cases = await bot.cases()
        assert [(c.action, c.status) for c in cases] == [
            ("timeout", "done"), ("ban", "done"), ("warn", "failed"),
            ("timeout", "failed"), ("ban", "done"), ("kick", "done"), ("kick", "failed")]
        assert "restart" in cases[2].error and "points stand" in cases[2].error
        assert "already run out" in cases[3].error
        assert "restart" in cases[6].error
        kinds = [(type(a), a.duration if isinstance(a, Timeout | Ban) else None)
                 for a, _ in adapter.executed]
        assert kinds == [(Timeout, timedelta(minutes=50)), (Ban, None),
                         (Ban, timedelta(days=1) - timedelta(minutes=10)), (Kick, None)]
        # the replayed temporary sanctions are lifted by timers at their original end
        timers = sorted((t.kind, t.due_at, t.case_number) for t in await bot.open_timers())
        assert timers == [("lift_timeout", T0 + timedelta(hours=1), 1),
                          ("unban", T0 + timedelta(days=1), 5)]
        # warn points stand
        assert await store.all_points_since(T0 - timedelta(days=1)) == [
            (COMMUNITY, "bob", T0, 1)]


async def test_reconcile_fails_a_case_the_platform_refuses(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("ban", Forbidden("missing Ban Members"))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.store.open_case(_pending("ban"))
        await bot.reconcile()
        [case] = await bot.cases()
        assert (case.status, case.error) == ("failed", "missing Ban Members")


async def test_reconcile_schedules_a_renewal_beyond_the_platform_limit(tmp_path):
    adapter = FakeAdapter(max_timeout=timedelta(days=28))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.store.open_case(_pending("timeout", expires=T0 + timedelta(days=40)))
        await bot.reconcile()
        [case] = await bot.cases()
        assert case.status == "done"
        [timer] = await bot.open_timers()
        assert (timer.kind, timer.due_at) == ("renew_timeout", T0 + timedelta(days=28))


async def test_reconcile_with_nothing_pending_does_nothing(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("moron", user="bob")
        assert await bot.reconcile() == 0
        assert len(bot.adapter.attempts) == 2


async def test_a_crash_between_ledger_and_platform_is_reconciled_at_the_next_start(tmp_path):
    """The pipeline opens cases, the process dies before the platform call; the next start
    finishes them."""
    import asyncio

    async with running(tmp_path) as bot:
        hang = asyncio.Event()

        async def never(action, target):
            await hang.wait()

        bot.adapter.before_execute = never
        for _ in range(3):
            await bot.send("moron", user="bob", drain=False)
            await asyncio.sleep(0.05)
        for task in bot.core.background.tasks():   # the process dies here
            task.cancel()
        await asyncio.gather(*bot.core.background.tasks(), return_exceptions=True)
        assert len(await bot.store.pending_cases()) >= 1
    adapter = FakeAdapter()
    async with running(tmp_path, rules=None, adapter=adapter) as bot:
        await bot.warm()
        await bot.reconcile()
        assert await bot.store.pending_cases() == []
        statuses = {(c.action, c.status) for c in await bot.cases()}
        assert statuses <= {("warn", "failed"), ("timeout", "done")}
