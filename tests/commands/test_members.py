"""Member commands: report (rate-limited), appeal (own case, once) with accept/deny, rules."""

from __future__ import annotations

from datetime import timedelta

from bot.command_model import Answer, Invocation
from bot.commands import buttons
from rules.actions import Unban
from tests.runtime.fakes import T0

from .bench import BOT, COMMUNITY, MEMBER, MOD, OTHER, bench


async def test_report_alerts_the_log_channel_with_a_link(tmp_path):
    async with bench(tmp_path) as b:
        answer = await b.run("report", MEMBER, OTHER, message_id="m42",
                             message_text="buy cheap stuff", reason="spam")
        assert answer.text == "Thank you: the moderators have been told." and answer.private
        [post] = b.adapter.log_posts()
        assert post.text.splitlines() == [
            "Report #1 by bob (10): spam", "Member: eve (11)",
            "Message: “buy cheap stuff”", "Link: https://chat.example/fake:g1/general/m42"]
        assert await b.cases() == []


async def test_reports_are_rate_limited_per_member(tmp_path):
    async with bench(tmp_path) as b:
        for _ in range(3):
            assert not (await b.run("report", MEMBER, message_id="m1")).refused
            b.clock.advance(minutes=1)
        refused = await b.run("report", MEMBER, message_id="m1")
        assert refused.refused and refused.text == (
            "You can send 3 reports every 10 minutes; try again in 7 minute(s).")
        assert not (await b.run("report", OTHER, message_id="m1")).refused
        b.clock.advance(minutes=8)
        assert not (await b.run("report", MEMBER, message_id="m1")).refused
        empty = await b.run("report", MEMBER)
        assert empty.refused and empty.text.startswith("Reply to the message")


async def test_appeal_accepted_end_to_end(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("ban", target=MEMBER, reason="spam", duration="7d")
        b.clock.advance(hours=1)
        answer = await b.run("appeal", MEMBER, case=1, text="I was hacked")
        assert answer.text == "Your appeal #1 of case #1 was sent to the moderators."
        post = b.adapter.log_posts()[-1]
        assert post.text.splitlines()[0] == "Appeal #1 of case #1 (ban) by bob (10)"
        accept, deny = post.buttons
        assert (accept.command, accept.options, deny.command) == (
            "appeal accept", {"appeal": 1}, "appeal deny")
        command, options, _ = buttons.decode(buttons.encode(accept))
        result = await b.run(command, MOD, **options)
        assert result.text.splitlines() == [
            "Appeal #1 accepted (case #1).", "The sanction was lifted (case #2)."]
        [(unban, target)] = b.adapter.of_kind("unban")
        assert isinstance(unban, Unban) and target.user == MEMBER.id
        lifted = (await b.cases())[-1]
        assert (lifted.number, lifted.action, lifted.rule, lifted.moderator,
                lifted.status) == (2, "unban", "appeal", MOD.id, "done")
        [change] = await b.store.case_changes(COMMUNITY, 1)
        assert (change.kind, change.new, change.by) == ("appeal_accepted", "#1", MOD.id)
        [dm] = b.adapter.dms(MEMBER.id)
        assert dm.text == ("Your appeal of case #1 was accepted; the sanction is lifted.")
        assert await b.store.due_timers(T0 + timedelta(days=30)) == []
        again = await b.run("appeal accept", MOD, appeal=1)
        assert again.refused and again.text == "Appeal #1 was already decided (accepted)."
        shown = (await b.run("case", case=1)).text
        assert "Appeal #1 accepted by 2" in shown and "Appeal #1: accepted." in shown


async def test_appeal_denied_tells_the_member(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("kick", target=MEMBER, reason="x")
        await b.run("appeal", MEMBER, case=1, text="please")
        answer = await b.run("appeal deny", MOD, appeal=1)
        assert answer.text == "Appeal #1 denied (case #1); the member is told."
        assert [p.text for p in b.adapter.dms(MEMBER.id)] == [
            "Your appeal of case #1 was denied."]
        assert (await b.store.appeal(1)).status == "denied"


async def test_an_accepted_warn_appeal_withdraws_the_points(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("warn", target=MEMBER, reason="x", points=2)
        await b.run("appeal", MEMBER, case=1, text="not me")
        await b.run("appeal accept", MOD, appeal=1)
        assert await b.store.points_since(COMMUNITY, MEMBER.id, T0) == []
        history = (await b.run("history", target=MEMBER)).text
        assert history.startswith("bob (10): 0 active warning point(s).")


async def test_appeal_refusals(tmp_path):
    async with bench(tmp_path) as b:
        await b.run("kick", target=MEMBER, reason="x")
        someone_else = await b.run("appeal", OTHER, case=1, text="let me")
        assert someone_else.refused and someone_else.text == (
            "You can only appeal your own cases; case #1 is not yours.")
        assert not (await b.run("appeal", MEMBER, case=1, text="first")).refused
        second = await b.run("appeal", MEMBER, case=1, text="second")
        assert second.refused and second.text == "Case #1 has already been appealed."
        missing = await b.run("appeal", MEMBER, case=5, text="?")
        assert missing.refused and missing.text == "There is no case #5 here."
        by_member = await b.run("appeal accept", MEMBER, appeal=1)
        assert by_member.refused
        assert (await b.store.appeal(1)).status == "open"


async def test_rules_summarises_descriptions_in_the_community_language(tmp_path):
    async with bench(tmp_path, locale="fr") as b:
        answer = await b.run("rules", MEMBER)
        assert answer.text.splitlines() == [
            "Command tests : notre code de conduite", "• Be courteous.", "• No spam."]


async def test_appeal_from_a_private_chat_finds_its_community(tmp_path):
    """A banned member cannot post in the community: the case number says where to appeal."""
    async with bench(tmp_path) as b:
        await b.run("ban", target=MEMBER, reason="spam")

        async def private(number: object) -> Answer:
            return await b.center.invoke(Invocation(
                community="fake:", command="appeal", invoker=MEMBER, bot=BOT,
                options={"case": number, "text": "I was hacked"}))

        missing = await private(7)
        assert missing.refused and missing.text == "There is no case #7 here."
        sent = await private("#1")
        assert not sent.refused
        assert sent.text == "Your appeal #1 of case #1 was sent to the moderators."
        await b.core.drain(timeout=10)
        [appeal] = [p for p in b.adapter.log_posts() if p.text.startswith("Appeal #1")]
        assert len(appeal.buttons) == 2
        other = await b.center.invoke(Invocation(
            community="fake:", command="ban", invoker=MEMBER, bot=BOT,
            options={"case": 1}))
        assert other.refused
