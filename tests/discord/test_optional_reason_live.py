"""The sanctions' reason is optional on Discord too: registered `required: false`, and a
`/ban` without it goes through (real discord.py, the fake Discord, the real core)."""

from __future__ import annotations

from . import guild as g
from . import interactions as ix
from .commanding import interact
from .harness import RULES, running

LOG_MESSAGES = f"/channels/{g.MOD_LOG}/messages"
STRICT = RULES.replace("exempt:\n", "commands: {require_reason: true}\nexempt:\n")


def center(bot):
    return bot.core.commands


async def test_the_sanctions_register_their_reason_as_optional(tmp_path):
    async with running(tmp_path, center=center) as bot:
        [put] = bot.fake.calls("PUT", f"/applications/{g.APP}/commands")
        listed = {c["name"]: c for c in put.body if c["type"] == 1}
        for name in ("warn", "timeout", "kick", "ban"):
            [reason] = [o for o in listed[name]["options"] if o["name"] == "reason"]
            assert (reason["type"], reason["required"]) == (3, False), name
            assert reason["max_length"] == 512
            # Discord refuses a required option after an optional one
            flags = [o["required"] for o in listed[name]["options"]]
            assert flags == sorted(flags, reverse=True), name
        assert [(o["name"], o["required"]) for o in listed["timeout"]["options"]] == [
            ("member", True), ("duration", True), ("reason", False)]


async def test_a_ban_without_a_reason_bans_and_records_the_case(tmp_path):
    async with running(tmp_path, center=center) as bot:
        callback, answer = await interact(bot, ix.command(bot.fake, "ban",
                                                          {"member": g.ALICE}))
        assert callback.body == {"type": 5, "data": {"flags": 64}}
        assert answer.method == "PATCH" and "banned." in answer.body["content"]
        [ban] = bot.fake.calls("PUT", f"/guilds/{g.GUILD}/bans/{g.ALICE}")
        assert "X-Audit-Log-Reason" not in ban.headers     # as Discord's own dialog leaves it
        [case] = await bot.cases()
        assert (case.action, case.user, case.moderator, case.reason, case.status) == (
            "ban", str(g.ALICE), str(g.MOD), "", "done")
        await bot.until(lambda: bot.fake.calls("POST", LOG_MESSAGES), "the case in the mod log")
        [posted] = bot.fake.calls("POST", LOG_MESSAGES)
        assert "Reason: no reason given" in posted.body["content"].splitlines()


async def test_with_require_reason_a_ban_without_one_is_refused(tmp_path):
    async with running(tmp_path, STRICT, center=center) as bot:
        _, answer = await interact(bot, ix.command(bot.fake, "ban", {"member": g.ALICE}))
        assert answer.body["content"].startswith("A reason is required for ban here")
        assert bot.fake.calls("PUT", f"/guilds/{g.GUILD}/bans/{g.ALICE}") == []
        assert await bot.cases() == []
        await interact(bot, ix.command(bot.fake, "ban", {"member": g.ALICE, "reason": "spam"}))
        [ban] = bot.fake.calls("PUT", f"/guilds/{g.GUILD}/bans/{g.ALICE}")
        assert ban.headers["X-Audit-Log-Reason"] == "spam"
        [case] = await bot.cases()
        assert case.reason == "spam"
