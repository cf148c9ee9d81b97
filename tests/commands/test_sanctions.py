"""Manual sanctions go through the ledger like automatic ones, with timers and escalation."""

from __future__ import annotations

from datetime import timedelta

from bot.errors import Forbidden
from rules.actions import Ban, Kick, Timeout, Unban, Untimeout, Warn
from tests.runtime.fakes import T0

from .bench import COMMUNITY, MEMBER, MOD, OTHER, bench


async def test_warn_writes_a_manual_case_with_points_and_tells_the_member(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("warn", target=MEMBER, reason="rude", points=2)
        assert not answer.refused and answer.private
        assert answer.text == "Case #1: bob (10) warned; they now have 2 point(s)."
        [case] = await b.cases()
        assert (case.action, case.rule, case.moderator, case.reason, case.points,
                case.status) == ("warn", "manual", MOD.id, "rude", 2, "done")
        [(warn, target)] = b.adapter.of_kind("warn")
        assert isinstance(warn, Warn) and target.user == MEMBER.id
        assert warn.text == "@bob, you have been warned: rude. You now have 2 point(s)."
        assert await b.store.points_since(COMMUNITY, MEMBER.id, T0) == [(T0, 2)]
        state = b.pipeline.book.peek(COMMUNITY, MEMBER.id)
        assert state is not None and state.points_at(T0.timestamp(), None) == 2


async def test_manual_warns_escalate_like_automatic_ones(tmp_path):
    async with bench(tmp_path) as b:
        await b.adapter.push(_insult(b))          # 1 point from the engine
        assert await b.core.drain(timeout=10)
        answer = await b.run("warn", target=MEMBER, reason="again", points=2)  # 1 -> 3
        assert "Escalation: timeout (case #3)." in answer.text
        cases = await b.cases()
        assert [(c.action, c.rule, c.moderator) for c in cases] == [
            ("warn", "no-insults", None), ("warn", "manual", MOD.id),
            ("timeout", "escalation", None)]
        [(timeout, _)] = b.adapter.of_kind("timeout")
        assert isinstance(timeout, Timeout) and timeout.duration == timedelta(hours=1)
        assert timeout.rule == "escalation" and cases[2].expires_at == T0 + timedelta(hours=1)
        await b.run("warn", target=MEMBER, reason="and again", points=2)     # 3 -> 5
        [(ban, _)] = b.adapter.of_kind("ban")
        assert isinstance(ban, Ban) and ban.rule == "escalation" and ban.duration is None


def _insult(b):
    from tests.runtime.harness import message

    return message("you moron", MEMBER.id, at=b.clock())


async def test_temporary_ban_gets_a_timer_and_is_lifted_when_due(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("ban", target=MEMBER, reason="spam", duration="1d",
                             delete_messages="1d")
        assert answer.text == "Case #1: bob (10) banned for 1d."
        [(ban, _)] = b.adapter.of_kind("ban")
        assert ban.duration == timedelta(days=1) and ban.delete_messages == timedelta(days=1)
        [timer] = await b.store.due_timers(T0 + timedelta(days=2))
        assert (timer.kind, timer.case_number) == ("unban", 1)
        b.clock.advance(days=1)
        assert await b.timers.fire_due() == 1
        [(unban, target)] = b.adapter.of_kind("unban")
        assert isinstance(unban, Unban) and target.user == MEMBER.id
        lifted = (await b.cases())[-1]
        assert (lifted.action, lifted.rule, lifted.status) == ("unban", "manual", "done")


async def test_timeout_kick_untimeout_unban_and_failures(tmp_path):
    async with bench(tmp_path) as b:
        assert (await b.run("timeout", target=MEMBER, duration="10m", reason="calm")).text \
            == "Case #1: bob (10) timed out for 10m."
        assert (await b.run("untimeout", target=MEMBER)).text \
            == "Case #2: bob (10)'s timeout lifted."
        assert (await b.run("kick", target=OTHER, reason="bye")).text \
            == "Case #3: eve (11) kicked."
        assert (await b.run("ban", target=OTHER, reason="gone")).text \
            == "Case #4: eve (11) banned."
        assert await b.store.due_timers(T0 + timedelta(days=3650)) == []   # permanent
        assert (await b.run("unban", target=OTHER)).text == "Case #5: eve (11) unbanned."
        b.adapter.fail("kick", Forbidden("the member is above the bot"))
        failed = await b.run("kick", target=MEMBER, reason="try")
        assert failed.text == ("Case #6 is recorded but the platform refused: "
                               "the member is above the bot")
        kinds = [(type(a), a.rule) for a, _ in b.adapter.executed]
        assert kinds == [(Timeout, "manual"), (Untimeout, "manual"), (Kick, "manual"),
                         (Ban, "manual"), (Unban, "manual")]
        cases = await b.cases()
        assert [c.status for c in cases] == ["done"] * 5 + ["failed"]
        assert cases[-1].error == "the member is above the bot"
        assert all(c.moderator == MOD.id for c in cases)


async def test_unban_cancels_the_timer_of_a_temporary_ban(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("ban", target=MEMBER, reason="spam", duration="1d")
        await b.run("unban", target=MEMBER)
        assert await b.store.due_timers(T0 + timedelta(days=2)) == []


async def test_purge_uses_the_adapter_and_is_recorded(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("purge", target=MEMBER, count=20)
        assert answer.text == "Case #1: 7 message(s) deleted."
        assert b.adapter.purged == [(COMMUNITY, "general", 20, MEMBER.id)]
        [case] = await b.cases()
        assert (case.action, case.user, case.status) == ("purge", MEMBER.id, "done")
        assert case.reason == "purge of 20 message(s) in general"


async def test_purge_is_refused_where_the_adapter_cannot(tmp_path):
    async with bench(tmp_path) as b:
        b.adapter.capabilities = frozenset()   # a platform that declares no purge
        answer = await b.run("purge", count=5)
        assert answer.refused and answer.text == "Purge is not supported on this platform."
        assert await b.cases() == []
