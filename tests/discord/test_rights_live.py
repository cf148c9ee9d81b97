"""Reproduction 9 end to end on Discord (real discord.py and the fake Discord, the real
CommandCenter over SQLite). A helper with Moderate Members only warns past the ban step:
the warn is recorded, nobody is banned, the mod log gets the request with its button,
the helper's press is refused and a moderator's press bans through an escalation case.
And the owner's case keeps its reason, the owner's messages their place."""

from __future__ import annotations

from typing import Any

from . import guild as g
from . import interactions as ix
from .commanding import interact
from .harness import running

HELPER = g.snowflake(g.datetime(2021, 5, 1, tzinfo=g.UTC))
ROLE_HELPERS = g.snowflake(g.datetime(2023, 1, 9, tzinfo=g.UTC))
LOG_MESSAGES = f"/channels/{g.MOD_LOG}/messages"
BANS = f"/guilds/{g.GUILD}/bans"
RULES = """\
version: 1
name: Escalation on Discord
log_channel: mod-log
escalation:
  steps:
    - {points: 2, action: ban}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1, reason: insult}}]
"""


class HelpersGuild(g.Guild):
    """The test server plus a Helpers role (Moderate Members only) above the members."""

    def __init__(self) -> None:
        super().__init__()
        self.members[HELPER] = ([ROLE_HELPERS], g.JOINED)

    def roles(self) -> list[dict[str, Any]]:
        return [*super().roles(), g.role(ROLE_HELPERS, "Helpers", 3, g.MODERATE)]


def requests_in_log(bot) -> list:
    return [call for call in bot.fake.calls("POST", LOG_MESSAGES)
            if call.body.get("components")]


async def test_a_helpers_warn_leaves_the_ban_step_to_a_moderator_with_ban(tmp_path):
    async with running(tmp_path, RULES, guild=HelpersGuild(),
                       center=lambda bot: bot.core.commands) as bot:
        _, answer = await interact(bot, ix.command(
            bot.fake, "warn", {"member": g.ALICE, "reason": "spam", "points": 2},
            user=HELPER))
        assert "waits for a moderator who has it" in answer.body["content"]
        [warn] = await bot.cases()
        assert (warn.action, warn.moderator, warn.points, warn.status) == (
            "warn", str(HELPER), 2, "done")
        assert bot.fake.calls("PUT", BANS) == []

        await bot.until(lambda: requests_in_log(bot), "the request in the mod log")
        [posted] = requests_in_log(bot)
        assert "needs the Ban Members" in posted.body["content"]
        message = bot.fake.guild.message(g.BOT, posted.body["content"], channel=g.MOD_LOG)
        message["components"] = posted.body["components"]
        [button] = message["components"][0]["components"]
        assert button["custom_id"] == f"g1|escalation_apply|case={warn.number}&step=2"

        _, refused = await interact(bot, ix.press(bot.fake, button["custom_id"], message,
                                                  user=HELPER))
        assert "You need the Ban Members" in refused.body["content"]
        assert bot.fake.calls("PUT", BANS) == [] and len(await bot.cases()) == 1

        _, applied = await interact(bot, ix.press(bot.fake, button["custom_id"], message))
        assert "escalation ban applied to alice" in applied.body["content"]
        [ban] = bot.fake.calls("PUT", BANS)
        assert ban.path == f"{BANS}/{g.ALICE}"
        step = (await bot.cases())[-1]
        assert (step.action, step.rule, step.moderator, step.status) == (
            "ban", "escalation", str(g.MOD), "done")


async def test_a_moderator_cannot_amend_the_owners_case_nor_purge_the_owner(tmp_path):
    async with running(tmp_path, RULES, guild=HelpersGuild(),
                       center=lambda bot: bot.core.commands) as bot:
        await interact(bot, ix.command(bot.fake, "ban", {"member": g.ALICE,
                                                         "reason": "raid leader"},
                                       user=g.OWNER))
        [case] = await bot.cases()
        _, refused = await interact(bot, ix.command(
            bot.fake, "reason", {"case": case.number, "text": "nothing really"}))
        assert refused.body["content"] == (
            f"Case #{case.number} is the owner's: only the owner can amend its reason.")
        assert (await bot.store.case(case.community, case.number)).reason == "raid leader"
        _, purge = await interact(bot, ix.command(bot.fake, "purge",
                                                  {"count": 5, "member": g.OWNER}))
        assert purge.body["content"] == "No one can act on the owner."
        assert bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages/bulk-delete") == []
