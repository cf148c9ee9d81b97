"""What Discord refuses, and what the bot refuses to ask: failed cases with clear reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.adapter import Target
from bot.errors import Forbidden, NotFound
from rules.actions import Alert, Dm, Timeout

from . import guild as g
from .harness import RULES, running

NO_EXEMPT = RULES.replace("exempt:\n  roles: [Moderators]\n", "")


async def test_a_member_above_the_bot_is_not_sanctioned(tmp_path):
    async with running(tmp_path, NO_EXEMPT) as bot:
        data = await bot.post(g.MOD, "claim it at https://scam.example/gift")
        # deleting anyone's message needs only Manage Messages; the ban is never sent
        assert [(c.method, c.path) for c in bot.fake.calls(case_log=False)] == [
            ("DELETE", f"/channels/{g.GENERAL}/messages/{data['id']}"),
            ("POST", f"/channels/{g.MOD_LOG}/messages")]
        [case] = await bot.cases()
        assert case.status == "failed"
        assert case.error == (
            "cannot ban the member: the member's highest role (Moderators) is not below "
            "the bot's highest role (Gardien); move the bot's role higher")


async def test_the_owner_is_not_sanctioned(tmp_path):
    async with running(tmp_path, NO_EXEMPT) as bot:
        await bot.post(g.OWNER, "you moron")
        await bot.post(g.OWNER, "you idiot")
        assert bot.fake.calls("PATCH") == []
        timeout = next(c for c in await bot.cases() if c.action == "timeout")
        assert timeout.status == "failed"
        assert timeout.error == "cannot time the member out: the member is the server owner"


async def test_a_missing_permission_is_reported_without_a_request(tmp_path):
    guild = g.Guild()
    guild.bot_perms &= ~g.BAN

    async with running(tmp_path, guild=guild) as bot:
        await bot.post(g.BOB, "claim it at https://scam.example/gift")
        assert bot.fake.calls("PUT") == []
        [case] = await bot.cases()
        assert (case.status, case.error) == (
            "failed", "the bot lacks the Ban Members permission")


async def test_a_403_on_ban_fails_the_case_with_a_clear_reason(tmp_path):
    async with running(tmp_path) as bot:
        bot.fake.refuse("PUT", f"/guilds/{g.GUILD}/bans/{g.BOB}")
        await bot.post(g.BOB, "claim it at https://scam.example/gift")
        assert len(bot.fake.calls("PUT")) == 1
        [case] = await bot.cases()
        assert case.status == "failed"
        assert case.error == ("cannot ban the member: the bot lacks the permission for this "
                              "(or the member is above the bot) (Discord error 50013, "
                              "HTTP 403)")
        assert "token" not in case.error.lower()


async def test_a_403_on_delete_fails_the_rules_case(tmp_path):
    async with running(tmp_path) as bot:
        data = bot.fake.guild.message(g.ALICE, "you moron")
        bot.fake.refuse("DELETE", f"/channels/{g.GENERAL}/messages/{data['id']}",
                        code=50001, message="Missing Access")
        await bot.push("MESSAGE_CREATE", data, data["id"])
        [case] = await bot.cases()
        assert (case.status, case.error) == (
            "failed", "cannot delete the message: the bot cannot see that channel "
                      "(Discord error 50001, HTTP 403)")
        assert len(bot.fake.calls("POST", case_log=False)) == 1     # the warning still went out


async def test_a_delete_of_a_gone_message_counts_as_done(tmp_path):
    async with running(tmp_path) as bot:
        data = bot.fake.guild.message(g.ALICE, "you moron")
        bot.fake.refuse("DELETE", f"/channels/{g.GENERAL}/messages/{data['id']}",
                        code=10008, message="Unknown Message", status=404)
        await bot.push("MESSAGE_CREATE", data, data["id"])
        [case] = await bot.cases()
        assert (case.status, case.error) == ("done", None)


async def test_a_429_is_waited_out_then_the_call_succeeds(tmp_path):
    async with running(tmp_path) as bot:
        data = bot.fake.guild.message(g.ALICE, "you moron")
        path = f"/channels/{g.GENERAL}/messages/{data['id']}"
        bot.fake.rate_limit("DELETE", path, retry_after=0.4)
        await bot.push("MESSAGE_CREATE", data, data["id"])
        first, second = bot.fake.calls("DELETE")
        assert first.path == second.path == path
        assert second.at - first.at >= 0.39        # retry_after honoured
        [case] = await bot.cases()
        assert (case.status, case.error) == ("done", None)


async def test_a_dm_to_closed_dms_is_recorded_not_fatal(tmp_path):
    async with running(tmp_path) as bot:
        await bot.post(g.CLOSED, "psst")
        assert [(c.method, c.path) for c in bot.fake.calls(case_log=False)][:2] == [
            ("POST", f"/channels/{g.GENERAL}/messages"), ("POST", "/users/@me/channels")]
        dm_posts = [c for c in bot.fake.calls("POST", case_log=False)
                    if c.path.startswith("/channels/")
                    and c.path != f"/channels/{g.GENERAL}/messages"]
        assert len(dm_posts) == 1 and dm_posts[0].body["content"] == "Please keep it public."
        [case] = await bot.cases()
        assert case.status == "done"        # a DM is not part of the warn's case
        target = Target(f"discord:{g.GUILD}", str(g.CLOSED))
        with pytest.raises(Forbidden) as refused:
            await bot.adapter.execute(Dm(rule="whisper", text="hello"), target)
        assert refused.value.reason == "the member does not accept direct messages"
        await bot.post(g.ALICE, "you moron")    # the bot goes on
        assert len(await bot.cases()) == 2


async def test_alerts_go_to_the_log_channel_by_name_or_id(tmp_path):
    async with running(tmp_path) as bot:
        community = f"discord:{g.GUILD}"
        for ref in ("mod-log", "#mod-log", str(g.MOD_LOG)):
            await bot.adapter.execute(Alert(rule="r", text=f"to {ref}"),
                                      Target(community, str(g.BOB), log_channel=ref))
        await bot.adapter.execute(Alert(rule="r", text="nowhere"), Target(community, "1"))
        posts = bot.fake.calls("POST")
        assert [p.path for p in posts] == [f"/channels/{g.MOD_LOG}/messages"] * 3
        assert [p.body["content"] for p in posts] == ["to mod-log", "to #mod-log",
                                                      f"to {g.MOD_LOG}"]
        with pytest.raises(NotFound, match="no channel 'staff'"):
            await bot.adapter.execute(Alert(rule="r", text="x"),
                                      Target(community, "1", log_channel="staff"))


async def test_timeouts_longer_than_28_days_are_capped(tmp_path):
    async with running(tmp_path) as bot:
        assert bot.adapter.max_timeout == timedelta(days=28)
        before = datetime.now(UTC)
        await bot.adapter.execute(Timeout(rule="r", duration=timedelta(days=60)),
                                  Target(f"discord:{g.GUILD}", str(g.BOB)))
        [patch] = bot.fake.calls("PATCH")
        until = datetime.fromisoformat(patch.body["communication_disabled_until"])
        assert timedelta(days=28) - timedelta(minutes=1) < until - before <= timedelta(
            days=28, seconds=5)
