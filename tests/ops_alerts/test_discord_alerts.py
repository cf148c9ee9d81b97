"""Malfunction alerts on Discord, through the real discord.py client and adapter against the
fake Discord: a permission the bot lacks, told once and once when granted; repeated 5xx on
actions, told once and once when over."""

from __future__ import annotations

from typing import Any

from tests.discord import guild as g
from tests.discord.harness import RULES, Running, running
from tests.runtime.fakes import FakeClock

LOG = f"/channels/{g.MOD_LOG}/messages"
ONLY_DELETE = RULES + """\
  - id: no-spam
    match: {words: [spamword]}
    actions: [delete]
"""


def alerts(bot: Running, *words: str) -> list[str]:
    """The mod log's posts that contain every one of `words`."""
    texts = [r.body.get("content", "") for r in bot.fake.calls("POST", LOG)
             if isinstance(r.body, dict)]
    return [text for text in texts if all(word in text for word in words)]


def bot_role(perms: int) -> dict[str, Any]:
    return g.role(g.ROLE_BOT, "Gardien", 5, perms)


async def settled(bot: Running) -> None:
    """Every gateway event sent so far handled: a message after them reached the core."""
    await bot.post(g.ALICE, "hello there")


async def test_a_missing_manage_messages_is_told_once_and_once_when_granted(tmp_path):
    server = g.Guild()
    server.bot_perms &= ~g.MANAGE_MESSAGES
    async with running(tmp_path, guild=server) as bot:
        await bot.until(lambda: alerts(bot, "Manage Messages"), "the start alert")
        await settled(bot)
        [told] = alerts(bot, "Manage Messages")
        assert "#general" in told and "#mod-log" in told
        assert "not deleted" in told and "Edit Channel → Permissions" in told
        assert any("lacks Manage Messages" in r for r in bot.core.malfunctions.current())

        # still missing: a role update, a channel that now allows it (but #mod-log does not)
        await bot.fake.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(server.id),
                                                      "role": bot_role(server.bot_perms)})
        general = next(c for c in server.channels() if int(c["id"]) == g.GENERAL)
        general["permission_overwrites"] = [{"id": str(g.ROLE_BOT), "type": 0,
                                             "allow": str(g.MANAGE_MESSAGES), "deny": "0"}]
        await bot.fake.dispatch("CHANNEL_UPDATE", general)
        await bot.fake.dispatch("GUILD_MEMBER_UPDATE", {"guild_id": str(server.id),
                                                        **server.member(g.BOT)})
        await settled(bot)
        assert len(alerts(bot, "Manage Messages")) == 1

        # granted on the bot's role: over, once
        server.bot_perms |= g.MANAGE_MESSAGES
        for _ in range(2):
            await bot.fake.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(server.id),
                                                          "role": bot_role(server.bot_perms)})
        await bot.until(lambda: alerts(bot, "Manage Messages", "again"), "the end alert")
        await settled(bot)
        assert len(alerts(bot, "Manage Messages")) == 2
        assert bot.core.malfunctions.current() == []


async def test_all_permissions_in_place_tell_nothing(tmp_path):
    async with running(tmp_path) as bot:
        await settled(bot)
        assert alerts(bot, "⚠") == [] and bot.core.malfunctions.current() == []


async def test_a_french_rule_file_is_told_in_french(tmp_path):
    server = g.Guild()
    server.bot_perms &= ~g.BAN
    async with running(tmp_path, RULES.replace("name: Discord tests\n",
                                               "name: Discord tests\nlocale: fr\n"),
                       guild=server) as bot:
        await bot.until(lambda: alerts(bot, "Bannir des membres"), "the French alert")
        [told] = alerts(bot, "Bannir des membres")
        assert "ne peuvent pas être bannis" in told and "Paramètres du serveur" in told


async def test_repeated_5xx_on_actions_are_one_incident_and_its_end_is_told(tmp_path):
    clock = FakeClock()
    async with running(tmp_path, ONLY_DELETE, clock=clock) as bot:
        await settled(bot)
        before = len(bot.events)
        first = g.snowflake()
        messages = [bot.fake.guild.message(who, "spamword", message_id=first + i)
                    for i, who in enumerate((g.ALICE, g.BOB, g.CLOSED))]
        for data in messages:
            bot.fake.respond("DELETE", f"/channels/{g.GENERAL}/messages/{data['id']}", 503,
                             {"message": "Service Unavailable", "code": 0}, times=None)
        bot.fake.respond("POST", f"/channels/{g.GENERAL}/messages/bulk-delete", 503,
                         {"message": "Service Unavailable", "code": 0}, times=None)
        for data in messages:   # at once: the retries' waits overlap
            await bot.fake.dispatch("MESSAGE_CREATE", data)
        await bot.until(lambda: len(bot.events) >= before + 3, "the three messages")
        await bot.until(lambda: alerts(bot, "keeps failing"), "the start alert", timeout=20.0)
        assert await bot.core.drain(timeout=20.0)
        [told] = alerts(bot, "keeps failing")
        assert "3 calls in a row" in told
        assert any("repeated discord errors" in r for r in bot.core.malfunctions.current())

        await bot.post(g.OWNER, "spamword")   # Discord answers again...
        clock.advance(seconds=59)
        bot.core.malfunctions.book.tick()
        assert alerts(bot, "answers again") == []   # ...but not for long enough yet
        clock.advance(seconds=1)
        bot.core.malfunctions.book.tick()
        await bot.until(lambda: alerts(bot, "answers again"), "the end alert")
        [over] = alerts(bot, "answers again")
        assert "3 failed calls" in over
        assert len(alerts(bot, "keeps failing")) == 1
        assert bot.core.malfunctions.current() == []

