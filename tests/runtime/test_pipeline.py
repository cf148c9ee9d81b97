"""The pipeline on real parts: SQLite ledger, compiled rules, the engine, a fake platform."""

from __future__ import annotations

from datetime import timedelta

from bot import executor
from bot import pipeline as pipeline_module
from bot.adapter import Target
from bot.errors import Forbidden, NotFound, RateLimited, Unavailable
from rules.actions import Action, Ban, Delete, Timeout, Warn

from .fakes import T0, FakeAdapter, FakeClock
from .harness import COMMUNITY, message, running


async def test_a_clean_message_opens_no_case_and_calls_nothing(tmp_path):
    async with running(tmp_path) as bot:
        verdict = await bot.send("hello everyone, lovely day")
        assert verdict is not None and not verdict.triggered
        assert bot.adapter.attempts == []
        assert await bot.cases() == []
        assert len(bot.core.background) == 0


async def test_an_insult_is_a_pending_case_before_the_call_then_done(tmp_path):
    seen: list[tuple[str, list[tuple[int, str, str]]]] = []

    async with running(tmp_path) as bot:
        async def look(action: Action, target: Target) -> None:
            cases = await bot.store.cases(community=target.community)
            seen.append((action.kind, [(c.number, c.action, c.status) for c in cases]))

        bot.adapter.before_execute = look
        verdict = await bot.send("you moron", user="bob")
        assert verdict is not None and verdict.rules == ("no-insults",)
        assert bot.adapter.kinds() == ["delete", "warn"]
        _, target = bot.adapter.executed[0]
        assert (target.community, target.user, target.message_id) == (
            COMMUNITY, "bob", verdict.event)
        [case] = await bot.cases()
        assert (case.number, case.user, case.action, case.rule) == (1, "bob", "warn",
                                                                    "no-insults")
        assert (case.status, case.error, case.points) == ("done", None, 1)
        assert "insult" in case.reason and case.evidence == "you moron"
        assert case.created_at == T0 and case.expires_at is None
    # ledger first: while the platform was being called, the case was already committed
    assert seen == [("delete", [(1, "warn", "pending")]), ("warn", [(1, "warn", "pending")])]


async def test_escalation_adds_a_timeout_case_on_the_third_point(tmp_path):
    async with running(tmp_path) as bot:
        for _ in range(2):
            await bot.send("idiot", user="bob")
            bot.clock.advance(minutes=1)
        verdict = await bot.send("you moron", user="bob")
        assert verdict is not None and verdict.rules == ("no-insults", "escalation")
        assert verdict.points == 3
        cases = await bot.cases()
        assert [(c.number, c.action, c.rule, c.status) for c in cases] == [
            (1, "warn", "no-insults", "done"),
            (2, "warn", "no-insults", "done"),
            (3, "warn", "no-insults", "done"),
            (4, "timeout", "escalation", "done"),
        ]
        assert cases[3].expires_at == bot.clock() + timedelta(hours=1)
        [(timeout, target)] = bot.adapter.of_kind("timeout")
        assert isinstance(timeout, Timeout) and timeout.duration == timedelta(hours=1)
        assert target.user == "bob"
        # a fourth insult crosses no new step
        await bot.send("moron", user="bob")
        assert [c.action for c in await bot.cases()][4:] == ["warn"]


async def test_a_forbidden_ban_fails_its_case_and_the_bot_keeps_going(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("ban", Forbidden("the member is above the bot"))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("see scam.example now", user="mallory")
        [case] = await bot.cases()
        assert (case.action, case.rule, case.status) == ("ban", "no-scams", "failed")
        assert case.error == "the member is above the bot"
        assert adapter.kinds() == ["delete"]   # the delete went through
        await bot.send("you idiot", user="bob")
        cases = await bot.cases()
        assert [(c.number, c.action, c.status) for c in cases] == [
            (1, "ban", "failed"), (2, "warn", "done")]


async def test_a_message_already_gone_still_makes_a_done_case(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("delete", NotFound("unknown message"))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("moron", user="bob")
        [case] = await bot.cases()
        assert (case.status, case.error) == ("done", None)
        assert adapter.kinds() == ["warn"]


async def test_a_refused_delete_fails_the_case_of_the_rule_that_asked(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("delete", Forbidden("missing Manage Messages"))

    async with running(tmp_path, adapter=adapter) as bot:
        for _ in range(2):
            await bot.send("moron", user="bob")
        # the third insult: warn (no-insults asked for the delete) + escalation timeout
        await bot.send("idiot", user="bob")
        cases = await bot.cases()
        assert [(c.action, c.rule, c.status, c.error) for c in cases] == [
            ("warn", "no-insults", "failed", "missing Manage Messages"),
            ("warn", "no-insults", "failed", "missing Manage Messages"),
            ("warn", "no-insults", "failed", "missing Manage Messages"),
            ("timeout", "escalation", "done", None),
        ]
        assert adapter.kinds() == ["warn", "warn", "warn", "timeout"]


async def test_a_rate_limit_is_retried_then_done(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("ban", RateLimited("slow down", retry_after=0.01), times=1)

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("scam.example", user="mallory")
        [case] = await bot.cases()
        assert (case.action, case.status, case.error) == ("ban", "done", None)
        assert [a.kind for a, _ in adapter.attempts] == ["delete", "ban", "ban"]
        assert adapter.kinds() == ["delete", "ban"]


async def test_an_outage_fails_the_case_after_bounded_retries(tmp_path, monkeypatch):
    monkeypatch.setattr(executor, "OUTAGE_BACKOFF", 0.001)
    adapter = FakeAdapter()
    adapter.fail("warn", Unavailable("502 Bad Gateway"))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("moron", user="bob")
        [case] = await bot.cases()
        assert (case.status, case.error) == ("failed", "502 Bad Gateway")
        warns = [a for a, _ in adapter.attempts if a.kind == "warn"]
        assert len(warns) == executor.MAX_ATTEMPTS == 4


async def test_an_outage_that_ends_in_time_is_done(tmp_path, monkeypatch):
    monkeypatch.setattr(executor, "OUTAGE_BACKOFF", 0.001)
    adapter = FakeAdapter()
    adapter.fail("warn", Unavailable("503"), times=3)

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("moron", user="bob")
        [case] = await bot.cases()
        assert case.status == "done"


async def test_an_adapter_bug_fails_the_case_without_leaking_the_exception(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("warn", RuntimeError("secret internals at 0xdeadbeef"))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("moron", user="bob")
        [case] = await bot.cases()
        assert case.status == "failed"
        assert "0xdeadbeef" not in case.error and "fake adapter" in case.error
        await bot.send("idiot", user="carol")   # still running
        assert len(await bot.cases()) == 2


async def test_a_shadow_rule_records_nothing_and_acts_on_nothing(tmp_path):
    async with running(tmp_path) as bot:
        verdict = await bot.send("shadowword", user="bob")
        assert verdict is not None and verdict.shadow == ("trial",)
        assert verdict.actions == ()
        assert bot.adapter.attempts == []
        assert await bot.cases() == []


async def test_a_cooldown_is_persisted_and_honoured(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("so loud", user="bob")
        assert bot.adapter.kinds() == ["reply"]
        assert await bot.store.cooldowns_after(T0) == [
            (COMMUNITY, "bob", "shouting", T0 + timedelta(minutes=10))]
        bot.clock.advance(minutes=5)
        verdict = await bot.send("loud again", user="bob")
        assert verdict is not None and not verdict.triggered
        assert bot.adapter.kinds() == ["reply"]
        assert await bot.cases() == []   # a reply is no case


async def test_a_temporary_ban_schedules_an_unban_at_its_end(tmp_path):
    async with running(tmp_path) as bot:
        await bot.send("tempban", user="bob")
        [case] = await bot.cases()
        assert (case.action, case.status) == ("ban", "done")
        assert case.expires_at == T0 + timedelta(days=1)
        [timer] = await bot.open_timers()
        assert (timer.kind, timer.user, timer.due_at, timer.case_number) == (
            "unban", "bob", T0 + timedelta(days=1), case.number)
        [(ban, _)] = bot.adapter.of_kind("ban")
        assert isinstance(ban, Ban) and ban.duration == timedelta(days=1)


async def test_a_permanent_ban_or_a_failed_ban_schedules_nothing(tmp_path):
    adapter = FakeAdapter()
    adapter.fail("ban", Forbidden("no"), times=1)

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("tempban", user="bob")     # refused: nothing to lift
        await bot.send("scam.example", user="eve")
        assert [c.status for c in await bot.cases()] == ["failed", "done"]
        assert await bot.open_timers() == []


async def test_a_timeout_beyond_the_platform_limit_schedules_a_renewal(tmp_path):
    adapter = FakeAdapter(max_timeout=timedelta(hours=1))

    async with running(tmp_path, adapter=adapter) as bot:
        await bot.send("mutelong", user="bob")
        [case] = await bot.cases()
        assert case.expires_at == T0 + timedelta(hours=3)
        [timer] = await bot.open_timers()
        assert (timer.kind, timer.due_at, timer.case_number) == (
            "renew_timeout", T0 + timedelta(hours=1), case.number)


async def test_a_timeout_the_platform_lifts_itself_needs_no_timer(tmp_path):
    async with running(tmp_path, adapter=FakeAdapter(max_timeout=timedelta.max)) as bot:
        await bot.send("mutelong", user="bob")
        assert await bot.open_timers() == []


async def test_a_platform_that_never_lifts_timeouts_gets_a_lift_timer(tmp_path):
    async with running(tmp_path, adapter=FakeAdapter(max_timeout=None)) as bot:
        await bot.send("mutelong", user="bob")
        [timer] = await bot.open_timers()
        assert (timer.kind, timer.due_at) == ("lift_timeout", T0 + timedelta(hours=3))


async def test_cases_are_numbered_per_community(tmp_path):
    async with running(tmp_path) as bot:
        for community in ("fake:a", "fake:b", "fake:a", "fake:b", "fake:a"):
            await bot.send("moron", user="bob", community=community)
        numbers = [(c.community, c.number) for c in await bot.cases()]
        assert numbers == [("fake:a", 1), ("fake:b", 1), ("fake:a", 2), ("fake:b", 2),
                           ("fake:a", 3), ("fake:a", 4)]
        # points are per community too: three in fake:a crossed the step, two in b not
        assert [c.community for c in await bot.cases() if c.action == "timeout"] == [
            "fake:a"]


async def test_a_community_no_adapter_serves_fails_its_cases(tmp_path):
    async with running(tmp_path, adapter=FakeAdapter(prefix="fake:")) as bot:
        await bot.send("moron", user="bob", community="other:1")
        [case] = await bot.cases()
        assert case.status == "failed" and "other:1" in case.error
        assert bot.adapter.attempts == []


async def test_the_sweep_evicts_idle_members_and_keeps_those_with_points(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline_module, "SWEEP_EVERY", 4)

    async with running(tmp_path) as bot:
        await bot.send("hello", user="idle")
        await bot.send("moron", user="warned")
        bot.clock.advance(days=1)
        book = bot.pipeline.book
        assert book.peek(COMMUNITY, "idle") is not None
        await bot.send("hi", user="fresh")
        await bot.send("hi again", user="fresh")   # the fourth event sweeps
        assert book.peek(COMMUNITY, "idle") is None
        assert book.peek(COMMUNITY, "warned") is not None
        assert book.peek(COMMUNITY, "fresh") is not None
        # the kept member's points still count
        await bot.send("idiot", user="warned")
        verdict = await bot.send("moron", user="warned")
        assert verdict is not None and "escalation" in verdict.rules


async def test_handle_returns_before_the_platform_answers(tmp_path):
    """Sanctions run in the background: handle() returns while the call is in flight."""
    import asyncio

    release = asyncio.Event()

    async def hold(action: Action, target: Target) -> None:
        await release.wait()

    async with running(tmp_path) as bot:
        bot.adapter.before_execute = hold
        verdict = await bot.adapter.push(message("moron", "bob", at=bot.clock()))
        assert verdict is not None and verdict.triggered
        assert len(bot.core.background) == 1
        assert not await bot.drain(timeout=0.05)
        [case] = await bot.cases()
        assert case.status == "pending"
        release.set()
        assert await bot.drain(timeout=5)
        assert [c.status for c in await bot.cases()] == ["done"]
        assert isinstance(bot.adapter.executed[0][0], Delete)
        assert isinstance(bot.adapter.executed[1][0], Warn)


async def test_the_clock_stamps_cases(tmp_path):
    clock = FakeClock(T0 + timedelta(days=3))

    async with running(tmp_path, clock=clock) as bot:
        await bot.send("moron", user="bob")
        [case] = await bot.cases()
        assert case.created_at == clock()
