"""The verification gate: restricted at the join, opened by the newcomer's own press,
or `on_timeout` at the deadline — durable across a restart."""

from __future__ import annotations

from datetime import timedelta

from bot.command_model import Authority
from bot.posts import DirectMessage
from rules.actions import ApproveJoin, Kick, Restrict, Unrestrict
from tests.runtime.fakes import FakeClock

from .bench import COMMUNITY, bench, rules_file

GATE = """\
log_channel: mod-log
welcome:
  message: "Welcome {mention}!"
  verify:
    prompt: "Press the button to accept the code of conduct."
    within: 10m
    on_timeout: {on_timeout}
    role: Verified
"""


def gate(on_timeout: str = "kick") -> str:
    return rules_file(GATE.replace("{on_timeout}", on_timeout))


async def test_a_newcomer_is_restricted_then_freed_by_their_own_press(tmp_path):
    async with bench(tmp_path, gate()) as b:
        await b.join("42", "alice")
        [(restrict, target)] = b.adapter.executed
        assert isinstance(restrict, Restrict) and restrict.role == "Verified"
        assert (restrict.rule, target.user) == ("verification", "42")
        [post] = b.adapter.posted("welcome:")
        assert post.text.endswith("Press the button to accept the code of conduct.")
        assert post.buttons[0].only_user == "42"
        [timer] = await b.store.due_timers(b.clock() + timedelta(hours=1))
        assert (timer.kind, timer.user, timer.payload) == (
            "verify_deadline", "42", {"on_timeout": "kick"})
        assert timer.due_at == b.clock() + timedelta(minutes=10)

        b.clock.advance(minutes=2)
        answer = await b.press("42")
        assert not answer.refused and answer.private
        assert answer.text == "Thank you! You can now take part."
        [(unrestrict, target)] = b.adapter.of_kind("unrestrict")
        assert isinstance(unrestrict, Unrestrict) and unrestrict.role == "Verified"
        assert target.user == "42"
        record = await b.store.verification(COMMUNITY, "42")
        assert record is not None and record.status == "verified"
        assert await b.store.next_due() is None           # the deadline is cancelled
        assert await b.store.cases() == []                # the gate is not a sanction
        # pressing again does nothing
        again = await b.press("42")
        assert again.refused and len(b.adapter.of_kind("unrestrict")) == 1
        # the deadline passing changes nothing any more
        b.clock.advance(minutes=20)
        assert await b.timers.fire_due() == 0
        assert b.adapter.of_kind("kick") == []


async def test_someone_else_pressing_the_button_is_refused_and_nothing_is_sent(tmp_path):
    async with bench(tmp_path, gate()) as b:
        await b.join("42", "alice")
        sent = b.adapter.requests()
        # Discord passes the button's only_user: the center refuses
        answer = await b.press("66", newcomer="42")
        assert answer.refused and answer.text == "This button is not for you."
        # Telegram checks only_user itself; a forged press still finds nothing to verify
        forged = await b.invoke("verify", Authority("66", "mallory"))
        assert forged.refused and forged.text == "There is nothing for you to accept here."
        assert b.adapter.requests() == sent
        record = await b.store.verification(COMMUNITY, "42")
        assert record is not None and record.status == "pending"


async def test_the_deadline_kicks_once_even_across_a_restart(tmp_path):
    clock = FakeClock()

    async def first_run():
        async with bench(tmp_path, gate(), clock=clock) as b:
            await b.join("42", "alice")
            assert b.adapter.kinds() == ["restrict"]

    async def second_run():
        async with bench(tmp_path, gate(), clock=clock, start=True) as b:
            # start-up fired the overdue deadline: one kick, a case with rule verification
            [(kick, target)] = b.adapter.of_kind("kick")
            assert isinstance(kick, Kick) and target.user == "42"
            assert kick.reason == "did not accept the code of conduct within 10m"
            [case] = await b.store.cases()
            assert (case.action, case.rule, case.status, case.user) == (
                "kick", "verification", "done", "42")
            record = await b.store.verification(COMMUNITY, "42")
            assert record is not None and record.status == "expired"
            assert await b.timers.fire_due() == 0
            # the mod log got the case
            assert any("verification" in p.text for p in b.adapter.posted("log:mod-log"))
            # an old button pressed after the kick does nothing
            late = await b.press("42")
            assert late.refused and not b.adapter.of_kind("unrestrict")

    async def third_run():
        async with bench(tmp_path, gate(), clock=clock, start=True) as b:
            assert b.adapter.of_kind("kick") == []     # never twice
            assert len(await b.store.cases()) == 1

    await first_run()
    clock.advance(minutes=30)       # the bot was down past the deadline
    await second_run()
    await third_run()


async def test_on_timeout_nothing_keeps_the_gate_and_the_button_still_works(tmp_path):
    async with bench(tmp_path, gate("nothing")) as b:
        await b.join("42", "alice")
        b.clock.advance(minutes=11)
        assert await b.timers.fire_due() == 1
        await b.drain()
        assert b.adapter.kinds() == ["restrict"] and await b.store.cases() == []
        answer = await b.press("42")
        assert not answer.refused and b.adapter.kinds() == ["restrict", "unrestrict"]


async def test_ban_on_timeout_is_a_ban_case(tmp_path):
    async with bench(tmp_path, gate("ban")) as b:
        await b.join("42", "alice")
        b.clock.advance(minutes=10)
        await b.timers.fire_due()
        await b.drain()
        [case] = await b.store.cases()
        assert (case.action, case.rule, case.expires_at) == ("ban", "verification", None)


async def test_a_join_request_is_verified_in_private_then_approved(tmp_path):
    async with bench(tmp_path, gate()) as b:
        await b.request("42")
        assert b.adapter.executed == []              # not a member yet: nothing to restrict
        [post] = b.adapter.posted("dm:")
        assert post.to == DirectMessage("42") and post.buttons[0].command == "verify"
        answer = await b.press("42")
        assert answer.text == "Thank you! Your request to join is accepted."
        [(approve, target)] = b.adapter.executed
        assert isinstance(approve, ApproveJoin) and target.user == "42"
        # the join that follows is welcomed without a gate
        await b.join("42", "alice")
        [welcome] = b.adapter.posted("welcome:")
        assert welcome.buttons == () and b.adapter.of_kind("restrict") == []


async def test_unverified_member_who_leaves_and_rejoins_is_restricted_again(tmp_path):
    async with bench(tmp_path, gate()) as b:
        await b.join("42", "alice")
        await b.leave("42")
        b.clock.advance(minutes=3)
        await b.join("42", "alice")
        assert b.adapter.kinds() == ["restrict", "restrict"]
        [timer] = await b.store.due_timers(b.clock() + timedelta(hours=1))
        assert timer.due_at == b.clock() - timedelta(minutes=3) + timedelta(minutes=10)
        assert [p.buttons[0].only_user for p in b.adapter.posted("welcome:")] == ["42", "42"]
