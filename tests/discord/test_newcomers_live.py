"""Newcomers end to end: real discord.py, the fake Discord, and the real core (Pipeline,
newcomers coordinator, CommandCenter, SQLite): the welcome and its verify button, the
role or timeout gate, and a raid locked down with one alert and bounded requests."""

from __future__ import annotations

from datetime import timedelta

from bot.commands.center import CommandCenter
from storage.models import Case

from . import guild as g
from . import interactions as ix
from .arrivals import COMMUNITY, GUILD_MEMBER, custom_ids, gated, join, sent
from .commanding import interact
from .harness import running

GATED = """\
version: 1
name: Newcomers
log_channel: mod-log
welcome:
  message: "Welcome {mention} to the server!"
  verify:
    prompt: "Press the button to accept the code of conduct."
    within: 10m
    on_timeout: kick
    role: verified
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
TIMEOUT_GATE = GATED.replace("    role: verified\n", "")
RAID = """\
version: 1
name: Raids
log_channel: mod-log
raid: {joins: 5, within: 30s, lockdown: 10m, action: timeout}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
RAIDERS = 50


def center(bot) -> CommandCenter:
    """The real commands, as `gardien run` wires them."""
    return bot.core.commands


async def welcomed(bot) -> dict:
    """The welcome the core posted in the system channel (#general), as a message."""
    await bot.until(lambda: bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages"),
                    "the welcome")
    assert await bot.core.drain(timeout=5)
    [posted] = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages")
    return posted


async def test_a_newcomer_is_welcomed_presses_the_button_and_gets_the_role(tmp_path):
    async with running(tmp_path, GATED, guild=gated(), center=center) as bot:
        await join(bot, g.NEWBIE)
        posted = await welcomed(bot)
        text = posted.body["content"]
        assert text.startswith(f"Welcome <@{g.NEWBIE}> to the server!")
        assert "accept the code of conduct" in text
        assert posted.body["allowed_mentions"] == {"parse": [], "users": [g.NEWBIE]}
        message = sent(bot, posted, g.GENERAL)
        [button] = custom_ids(message)
        assert [c for c in bot.fake.calls("PUT") if "/roles/" in c.path] == []
        # someone else's press is refused and grants nothing
        _, refused = await interact(bot, ix.press(bot.fake, button, message, user=g.ALICE))
        assert refused.body["content"] and g.ROLE_VERIFIED not in (
            bot.fake.guild.members[g.ALICE][0])
        # the newcomer's own press lets them in
        _, accepted = await interact(bot, ix.press(bot.fake, button, message,
                                                   user=g.NEWBIE))
        assert accepted.body["content"] != refused.body["content"]
        grants = [c for c in bot.fake.calls("PUT") if "/roles/" in c.path]
        assert [c.path for c in grants] == [
            f"{GUILD_MEMBER}/{g.NEWBIE}/roles/{g.ROLE_VERIFIED}"]
        assert g.ROLE_VERIFIED in bot.fake.guild.members[g.NEWBIE][0]
        assert await bot.cases() == []          # the gate is not a sanction
        record = await bot.store.verification(COMMUNITY, str(g.NEWBIE))
        assert record is not None and record.status == "verified"


async def test_without_a_role_the_newcomer_is_timed_out_until_they_press(tmp_path):
    async with running(tmp_path, TIMEOUT_GATE, guild=gated(), center=center) as bot:
        await join(bot, g.NEWBIE)
        posted = await welcomed(bot)
        [held] = bot.fake.calls("PATCH", f"{GUILD_MEMBER}/{g.NEWBIE}")
        assert held.body["communication_disabled_until"] is not None
        message = sent(bot, posted, g.GENERAL)
        [button] = custom_ids(message)
        await interact(bot, ix.press(bot.fake, button, message, user=g.NEWBIE))
        lifted = bot.fake.calls("PATCH", f"{GUILD_MEMBER}/{g.NEWBIE}")[-1]
        assert lifted.body == {"communication_disabled_until": None}
        assert await bot.cases() == []


async def test_a_raid_is_locked_down_with_one_alert_and_bounded_requests(tmp_path):
    async with running(tmp_path, RAID, center=center) as bot:
        raiders = [g.snowflake() for _ in range(RAIDERS)]
        for raider in raiders:
            await join(bot, raider)
        assert await bot.core.drain(timeout=20)
        alerts = bot.fake.calls("POST", f"/channels/{g.MOD_LOG}/messages")
        assert len(alerts) == 1, [a.body["content"] for a in alerts]
        assert alerts[0].body["allowed_mentions"] == {"parse": []}
        timeouts = bot.fake.calls("PATCH", GUILD_MEMBER)
        assert sorted(c.path for c in timeouts) == sorted(
            f"{GUILD_MEMBER}/{r}" for r in raiders)       # the triggering joins included
        assert all(c.body["communication_disabled_until"] for c in timeouts)
        # nothing else: no welcome, no per-case mod log post, no lookups
        raid_calls = [c for c in bot.fake.calls() if not c.path.startswith("/applications/")]
        assert len(raid_calls) == RAIDERS + 1
        cases: list[Case] = await bot.cases()
        assert len(cases) == RAIDERS
        assert {(c.action, c.rule, c.status) for c in cases} == {("timeout", "raid", "done")}
        assert {c.user for c in cases} == {str(r) for r in raiders}
        assert all(c.expires_at - c.created_at <= timedelta(minutes=10) for c in cases)
        # a moderator ends it: one closing alert summarising the cases
        _, answer = await interact(bot, ix.command(bot.fake, "lockdown end",
                                                   user=g.OWNER))
        assert answer.body["content"]
        assert await bot.core.drain(timeout=5)
        await bot.until(lambda: len(bot.fake.calls(
            "POST", f"/channels/{g.MOD_LOG}/messages")) == 2, "the closing alert")
        closing = bot.fake.calls("POST", f"/channels/{g.MOD_LOG}/messages")[-1]
        assert str(RAIDERS) in closing.body["content"]
