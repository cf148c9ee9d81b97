"""Rules enforced on Discord end to end: real discord.py, fake Discord, real core."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from . import guild as g
from .harness import TOKEN, running

GENERAL_MESSAGES = f"/channels/{g.GENERAL}/messages"


async def test_start_up_talks_to_the_configured_places(tmp_path):
    async with running(tmp_path) as bot:
        assert [(r.method, r.path) for r in bot.fake.requests] == [
            ("GET", "/users/@me"), ("GET", "/oauth2/applications/@me"),
            ("GET", "/gateway/bot")]
        assert all("Authorization" not in r.headers for r in bot.fake.requests)
        identify = bot.fake.gateway_ops[0]
        assert identify["op"] == 2
        assert identify["d"]["shard"] == [0, 1]     # an AutoShardedClient
        wanted = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 9) | (1 << 15) | (1 << 21)   # 21: AutoMod
        assert identify["d"]["intents"] == wanted
        assert bot.fake.gateway_query["v"] == "10"
        assert bot.fake.gateway_query["encoding"] == "json"
        assert bot.adapter.owns(f"discord:{g.GUILD}") and not bot.adapter.owns("telegram:1")


async def test_a_clean_message_makes_no_call(tmp_path):
    async with running(tmp_path) as bot:
        await bot.post(g.ALICE, "hello everyone, nice weather today")
        message = bot.events[-1]
        assert message.community == f"discord:{g.GUILD}"
        assert message.channel == "general" and message.channel_id == str(g.GENERAL)
        assert message.user.id == str(g.ALICE) and message.user.name == "alice"
        assert set(message.user.roles) == {"Members", str(g.ROLE_MEMBERS)}
        assert message.user.mention_text == f"<@{g.ALICE}>"
        assert message.user.joined_at == g.JOINED
        assert message.user.created_at.year == 2021
        assert bot.fake.calls() == []
        assert await bot.cases() == []


async def test_mentions_and_attachments_are_translated(tmp_path):
    async with running(tmp_path) as bot:
        await bot.post(g.ALICE, f"hi <@{g.BOB}>", mentions=(g.BOB,),
                       attachments=(("notes.pdf", 1200),))
        message = bot.events[-1]
        assert message.mentions == (str(g.BOB),)
        assert message.attachments[0].filename == "notes.pdf"
        assert message.attachments[0].size == 1200
        assert not message.mentions_everyone and not message.edited


async def test_an_insult_is_deleted_and_answered_with_a_restricted_reply(tmp_path):
    async with running(tmp_path) as bot:
        data = await bot.post(g.ALICE, "you moron")
        calls = bot.fake.calls(case_log=False)
        assert [(c.method, c.path) for c in calls] == [
            ("DELETE", f"{GENERAL_MESSAGES}/{data['id']}"), ("POST", GENERAL_MESSAGES)]
        reply = calls[1].body
        assert reply["content"].startswith(f"<@{g.ALICE}>, you have been warned")
        assert reply["allowed_mentions"] == {"parse": [], "users": [g.ALICE],
                                             "replied_user": True}
        assert reply["message_reference"]["message_id"] == int(data["id"])
        assert reply["message_reference"]["fail_if_not_exists"] is False
        [case] = await bot.cases()
        assert (case.action, case.rule, case.status, case.error) == (
            "warn", "no-insults", "done", None)
        # the production core posts the finished case to the mod log, pinging no one
        [entry] = bot.fake.case_log()
        assert entry.path == f"/channels/{g.MOD_LOG}/messages"
        assert entry.body["content"].startswith("Case #1 · warn · alice")
        assert entry.body["allowed_mentions"] == {"parse": []}


async def test_escalation_times_the_member_out_for_an_hour(tmp_path):
    async with running(tmp_path) as bot:
        await bot.post(g.ALICE, "you moron")
        before = datetime.now(UTC)
        await bot.post(g.ALICE, "what an idiot")
        [patch] = bot.fake.calls("PATCH")
        assert patch.path == f"/guilds/{g.GUILD}/members/{g.ALICE}"
        until = datetime.fromisoformat(patch.body["communication_disabled_until"])
        assert timedelta(minutes=59) < until - before < timedelta(minutes=61)
        cases = await bot.cases()
        assert [(c.action, c.rule, c.status) for c in cases] == [
            ("warn", "no-insults", "done"), ("warn", "no-insults", "done"),
            ("timeout", "escalation", "done")]


async def test_a_scam_link_bans_alerts_and_is_not_recorded_twice(tmp_path):
    async with running(tmp_path) as bot:
        data = await bot.post(g.BOB, "claim it at https://scam.example/gift")
        [delete] = bot.fake.calls("DELETE", case_log=False)
        assert delete.path == f"{GENERAL_MESSAGES}/{data['id']}"
        [ban] = bot.fake.calls("PUT", case_log=False)
        assert ban.path == f"/guilds/{g.GUILD}/bans/{g.BOB}"
        # discord.py sends the ban's options as a query string (see spec.ALLOWED)
        assert ban.query == {"delete_message_seconds": "86400"} and ban.body is None
        assert ban.headers["X-Audit-Log-Reason"].startswith("scam link")
        [alert] = bot.fake.calls("POST", f"/channels/{g.MOD_LOG}/messages", case_log=False)
        assert alert.body["content"] == "Banned bob for a scam link (no-scams)."
        assert alert.body["allowed_mentions"] == {"parse": []}
        [case] = await bot.cases()
        assert (case.action, case.status) == ("ban", "done")
        # Discord then reports the ban on the gateway, the audit log naming the bot
        bot.fake.audit_entries.append({"id": str(g.snowflake()), "user_id": str(g.BOT),
                                       "target_id": str(g.BOB), "action_type": 22,
                                       "changes": [], "reason": "scam link"})
        await bot.fake.dispatch("GUILD_BAN_ADD", {"guild_id": str(g.GUILD),
                                                  "user": g.user(g.BOB)})
        await bot.post(g.ALICE, "still here")    # the ban event was handled before this
        assert [c.rule for c in await bot.cases()] == ["no-scams"]


async def test_a_bare_ban_deletes_no_history(tmp_path):
    rules = """\
version: 1
name: bare ban
rules:
  - id: out
    match: {words: [begone]}
    actions: [ban]
"""

    async with running(tmp_path, rules) as bot:
        await bot.post(g.BOB, "begone")
        [ban] = bot.fake.calls("PUT")
        assert ban.query == {"delete_message_seconds": "0"}


async def test_an_edit_into_an_insult_is_checked_again(tmp_path):
    async with running(tmp_path) as bot:
        data = await bot.post(g.ALICE, "you are nice")
        assert bot.fake.calls(case_log=False) == []
        await bot.edit(data, "you are a moron")
        assert bot.events[-1].edited and bot.events[-1].text == "you are a moron"
        assert [(c.method, c.path) for c in bot.fake.calls(case_log=False)] == [
            ("DELETE", f"{GENERAL_MESSAGES}/{data['id']}"), ("POST", GENERAL_MESSAGES)]
        [case] = await bot.cases()
        assert (case.rule, case.status) == ("no-insults", "done")


async def test_a_join_reaches_the_core_and_newcomer_rules_use_its_time(tmp_path):
    async with running(tmp_path) as bot:
        now = datetime.now(UTC)
        joined = {**g.member(g.NEWBIE, [], now), "guild_id": str(g.GUILD)}
        bot.fake.guild.members[g.NEWBIE] = ([], now)
        await bot.fake.dispatch("GUILD_MEMBER_ADD", joined)
        await bot.until(lambda: bot.events and type(bot.events[-1]).__name__ == "Join",
                        "the join")
        join = bot.events[-1]
        assert join.user.id == str(g.NEWBIE) and join.user.joined_at == now.replace(
            microsecond=join.user.joined_at.microsecond)
        assert bot.fake.calls() == []
        await bot.post(g.ALICE, "see https://example.org")          # an old member
        assert bot.fake.calls() == []
        data = await bot.post(g.NEWBIE, "see https://example.org")    # a newcomer
        assert [(c.method, c.path) for c in bot.fake.calls()] == [
            ("DELETE", f"{GENERAL_MESSAGES}/{data['id']}"), ("POST", GENERAL_MESSAGES)]
        assert "first ten minutes" in bot.fake.calls("POST")[0].body["content"]


async def test_dms_bots_and_webhooks_are_ignored(tmp_path):
    async with running(tmp_path) as bot:
        other_bot = g.snowflake()
        from_bot = bot.fake.guild.message(other_bot, "you moron")
        from_bot["author"] = g.user(other_bot, bot=True)
        hook = {**bot.fake.guild.message(g.BOB, "you moron"), "webhook_id": str(g.APP)}
        dm = bot.fake.guild.message(g.BOB, "you moron", channel=g.snowflake())
        dm.pop("guild_id")
        dm.pop("member")
        for data in (from_bot, hook, dm):
            await bot.fake.dispatch("MESSAGE_CREATE", data)
        await bot.post(g.ALICE, "hello")      # handled after the three above
        assert [e.text for e in bot.events] == ["hello"]
        assert bot.fake.calls() == []


async def test_the_token_never_reaches_a_log_line(tmp_path, caplog, capsys):
    caplog.set_level(logging.DEBUG)

    async with running(tmp_path) as bot:
        await bot.post(g.ALICE, "you moron")
        bot.fake.refuse("PUT", f"/guilds/{g.GUILD}/bans/{g.BOB}")
        await bot.post(g.BOB, "claim it at https://scam.example/gift")
    out = capsys.readouterr()
    assert "_failed" in out.out + out.err + caplog.text      # something was logged
    for text in (caplog.text, out.out, out.err):
        assert TOKEN not in text
