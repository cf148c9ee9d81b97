"""Commands end to end: real discord.py, the fake Discord, the real CommandCenter over a
real Pipeline, SQLite store and Rulebook (cases checked in the store)."""

from __future__ import annotations

from bot.commands.center import CommandCenter

from . import guild as g
from . import interactions as ix
from .commanding import interact
from .harness import running

LOG_MESSAGES = f"/channels/{g.MOD_LOG}/messages"
UPLOADED = b"""\
version: 1
name: Uploaded by the owner
log_channel: mod-log
rules:
  - id: no-spoilers
    description: No spoilers.
    match: {words: [spoiler]}
    actions: [delete]
"""


def center(bot) -> CommandCenter:
    """The real commands, as `gardien run` wires them (finished cases go to the mod log)."""
    return bot.core.commands


def log_posts(bot) -> list:
    return bot.fake.calls("POST", LOG_MESSAGES)


async def test_a_warn_writes_a_case_with_the_moderator_and_posts_it_to_the_mod_log(tmp_path):
    async with running(tmp_path, center=center) as bot:
        callback, answer = await interact(bot, ix.command(
            bot.fake, "warn", {"member": g.ALICE, "reason": "rude to bob", "points": 1}))
        assert callback.body == {"type": 5, "data": {"flags": 64}}
        assert answer.method == "PATCH" and answer.body["content"]
        [case] = await bot.cases()
        assert (case.action, case.user, case.moderator, case.status, case.reason) == (
            "warn", str(g.ALICE), str(g.MOD), "done", "rude to bob")
        await bot.until(lambda: log_posts(bot), "the case in the mod log")
        [posted] = log_posts(bot)
        assert f"#{case.number}" in posted.body["content"]
        assert posted.body["allowed_mentions"] == {"parse": []}


async def test_a_member_cannot_ban_a_moderator_and_no_case_is_written(tmp_path):
    async with running(tmp_path, center=center) as bot:
        callback, answer = await interact(bot, ix.command(
            bot.fake, "ban", {"member": g.MOD, "reason": "revenge"}, user=g.ALICE))
        assert callback.body == {"type": 5, "data": {"flags": 64}}
        assert answer.method == "PATCH" and answer.body["content"]
        assert await bot.cases() == []
        assert bot.fake.calls("PUT", f"/guilds/{g.GUILD}/bans") == []


async def test_the_owner_uploads_a_rule_file_and_it_applies_at_once(tmp_path):
    async with running(tmp_path, center=center) as bot:
        _, answer = await interact(bot, ix.command(
            bot.fake, "rules upload", {"file": "spoilers.yaml"}, user=g.OWNER,
            files={"spoilers.yaml": UPLOADED}))
        assert answer.method == "PATCH"
        _, summary = await interact(bot, ix.command(bot.fake, "rules summary",
                                                    user=g.ALICE))
        assert "No spoilers." in summary.body["content"]
        data = await bot.post(g.ALICE, "huge spoiler: he dies")
        assert bot.fake.calls("DELETE")[-1].path == (
            f"/channels/{g.GENERAL}/messages/{data['id']}")
        _, shown = await interact(bot, ix.command(bot.fake, "rules show", user=g.OWNER))
        assert "no-spoilers" in shown.body["content"]
        assert "spoilers.yaml" in shown.body["content"]


async def test_purge_deletes_in_bulk_and_records_a_case(tmp_path):
    async with running(tmp_path, center=center) as bot:
        messages = [bot.fake.guild.message(author, "x")
                    for author in (g.BOB, g.ALICE, g.BOB)][::-1]
        bot.fake.history[g.GENERAL] = messages
        _, answer = await interact(bot, ix.command(bot.fake, "purge",
                                                   {"count": 5, "member": g.BOB}))
        [bulk] = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages/bulk-delete")
        assert bulk.body == {"messages": [int(messages[0]["id"]), int(messages[2]["id"])]}
        [case] = await bot.cases()
        assert (case.action, case.moderator, case.status) == ("purge", str(g.MOD), "done")
        assert "2" in answer.body["content"]


async def test_an_appeal_is_accepted_with_its_button_and_the_member_told(tmp_path):
    async with running(tmp_path, center=center) as bot:
        await interact(bot, ix.command(bot.fake, "timeout", {
            "member": g.ALICE, "duration": "1h", "reason": "flooding"}))
        [timeout] = await bot.cases()
        await bot.until(lambda: log_posts(bot), "the timeout in the mod log")
        await interact(bot, ix.command(bot.fake, "appeal", {
            "case": timeout.number, "text": "it was my cat"}, user=g.ALICE))
        await bot.until(lambda: len(log_posts(bot)) >= 2, "the appeal in the mod log")
        appeal = log_posts(bot)[1]
        message = bot.fake.guild.message(g.BOT, appeal.body["content"], channel=g.MOD_LOG)
        message["components"] = appeal.body["components"]
        accept = message["components"][0]["components"][0]["custom_id"]
        callback, answer = await interact(bot, ix.press(bot.fake, accept, message))
        assert callback.body == {"type": 5, "data": {"flags": 64}}
        assert answer.method == "PATCH" and answer.body["content"]
        lifted = bot.fake.calls("PATCH", f"/guilds/{g.GUILD}/members/{g.ALICE}")[-1]
        assert lifted.body == {"communication_disabled_until": None}
        await bot.until(lambda: bot.fake.calls("POST", "/users/@me/channels"),
                        "the member told in DM")


async def test_a_banned_member_appeals_from_a_dm_and_the_case_finds_its_server(tmp_path):
    async with running(tmp_path, center=center) as bot:
        await interact(bot, ix.command(bot.fake, "ban", {
            "member": g.ALICE, "reason": "spam"}))
        [ban] = await bot.cases()
        assert ban.action == "ban"
        await bot.until(lambda: log_posts(bot), "the ban in the mod log")
        payload = ix.command(bot.fake, "appeal", {"case": ban.number,
                                                  "text": "my account was stolen"},
                             user=g.ALICE)
        for key in ("guild_id", "guild", "member"):
            payload.pop(key)
        dm_channel = str(g.snowflake())
        payload.update(user=g.user(g.ALICE), channel_id=dm_channel, context=1,
                       channel={"id": dm_channel, "type": 1},
                       authorizing_integration_owners={"1": str(g.ALICE)})
        callback, answer = await interact(bot, payload)
        assert callback.body == {"type": 5, "data": {"flags": 64}}
        assert f"case #{ban.number} was sent to the moderators" in answer.body["content"]
        await bot.until(lambda: len(log_posts(bot)) >= 2, "the appeal in the mod log")
        assert "my account was stolen" in log_posts(bot)[1].body["content"]


async def test_an_upload_over_the_limit_is_refused_before_it_is_downloaded(tmp_path):
    async with running(tmp_path, center=center) as bot:
        huge = b"# " + b"x" * (1_048_576 + 10)
        _, answer = await interact(bot, ix.command(
            bot.fake, "rules upload", {"file": "huge.yaml"}, user=g.OWNER,
            files={"huge.yaml": huge}))
        assert answer.method == "PATCH"
        assert answer.body["content"] == (
            f"The attached file is {len(huge)} bytes: the limit is 1048576.")
        assert bot.fake.downloads == []          # not a byte fetched
        assert await bot.store.uploads(f"discord:{g.GUILD}") == []
