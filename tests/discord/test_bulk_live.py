"""Bulk requests through the real discord.py and the fake Discord: a raid with `action: ban`
uses bulk bans (with Manage Server), a spam wave bulk deletions, and every raider and every
message is handled exactly once, each case with its own outcome."""

from __future__ import annotations

import asyncio
from collections import Counter

from . import guild as g
from .arrivals import join
from .harness import running

RAID_BAN = """\
version: 1
name: Raids
log_channel: mod-log
raid: {joins: 5, within: 30s, lockdown: 10m, action: ban}
rules:
  - id: spam
    match: {words: [buyfollowersnow]}
    actions: [delete]
"""
RAIDERS = 30
BULK_BAN = f"/guilds/{g.GUILD}/bulk-ban"
BANS = f"/guilds/{g.GUILD}/bans/"


def banned(bot) -> Counter[int]:  # type: ignore[no-untyped-def]
    """Users banned, by the fake's successful answers, single and bulk alike."""
    out: Counter[int] = Counter()
    for call in bot.fake.calls():
        if call.status >= 300:
            continue
        if call.method == "PUT" and call.path.startswith(BANS):
            out[int(call.path.rsplit("/", 1)[1])] += 1
        elif call.method == "POST" and call.path == BULK_BAN:
            out.update(int(u) for u in call.body["user_ids"])
    return out


ROUND_TRIP = 0.05   # Discord's answers take time: bans pile up behind the one under way


def slow_bans(bot) -> None:  # type: ignore[no-untyped-def]
    bot.fake.delay("PUT", BANS, ROUND_TRIP)
    bot.fake.delay("POST", BULK_BAN, ROUND_TRIP)


def server(manage_guild: bool) -> g.Guild:
    guild = g.Guild()
    if manage_guild:
        guild.bot_perms |= g.MANAGE_GUILD
    return guild


async def raid(bot) -> list[int]:  # type: ignore[no-untyped-def]
    slow_bans(bot)
    raiders = [g.snowflake() for _ in range(RAIDERS)]
    for raider in raiders:
        await join(bot, raider)
    assert await bot.core.drain(timeout=20)
    return raiders


async def test_a_ban_raid_uses_bulk_bans_and_bans_every_raider_once(tmp_path):
    async with running(tmp_path, RAID_BAN, guild=server(manage_guild=True)) as bot:
        raiders = await raid(bot)
        bulk = bot.fake.calls("POST", BULK_BAN)
        assert bulk and max(len(c.body["user_ids"]) for c in bulk) >= 2
        assert all(c.body["delete_message_seconds"] == 0 for c in bulk)
        assert banned(bot) == Counter({r: 1 for r in raiders})
        cases = await bot.cases()
        assert sorted(c.user for c in cases) == sorted(map(str, raiders))
        assert {(c.action, c.rule, c.status) for c in cases} == {("ban", "raid", "done")}
        # fewer requests than raiders: the point of bulk bans
        assert len(bulk) + len(bot.fake.calls("PUT", BANS)) < RAIDERS


async def test_without_manage_server_every_raider_is_banned_one_request_each(tmp_path):
    async with running(tmp_path, RAID_BAN, guild=server(manage_guild=False)) as bot:
        raiders = await raid(bot)
        assert bot.fake.calls("POST", BULK_BAN) == []
        assert banned(bot) == Counter({r: 1 for r in raiders})
        assert {c.status for c in await bot.cases()} == {"done"}


async def test_a_refused_bulk_ban_falls_back_to_single_bans(tmp_path):
    async with running(tmp_path, RAID_BAN, guild=server(manage_guild=True)) as bot:
        bot.fake.respond("POST", BULK_BAN, 403, {"message": "Missing Permissions",
                                                 "code": 50013}, times=None)
        raiders = await raid(bot)
        assert banned(bot) == Counter({r: 1 for r in raiders})
        assert {c.status for c in await bot.cases()} == {"done"}


async def test_a_spam_wave_is_bulk_deleted_each_message_once(tmp_path):
    async with running(tmp_path, RAID_BAN, guild=server(manage_guild=True)) as bot:
        bot.fake.delay("DELETE", f"/channels/{g.GENERAL}/messages/", ROUND_TRIP)
        messages = [bot.fake.guild.message(g.ALICE if n % 2 else g.BOB, f"buyfollowersnow {n}")
                    for n in range(60)]
        await asyncio.gather(*(bot.fake.dispatch("MESSAGE_CREATE", m) for m in messages))
        wanted = {int(m["id"]) for m in messages}

        def deleted() -> Counter[int]:
            out: Counter[int] = Counter()
            for call in bot.fake.calls(prefix=f"/channels/{g.GENERAL}/messages/"):
                if call.method == "DELETE":
                    out[int(call.path.rsplit("/", 1)[1])] += 1
                elif call.path.endswith("/bulk-delete"):
                    out.update(int(m) for m in call.body["messages"])
            return out

        await bot.until(lambda: set(deleted()) >= wanted, "every spam message deleted")
        assert await bot.core.drain(timeout=20)
        assert deleted() == Counter({m: 1 for m in wanted})
        bulk = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages/bulk-delete")
        assert bulk and max(len(c.body["messages"]) for c in bulk) >= 2
        assert len(bulk) + len(bot.fake.calls("DELETE", f"/channels/{g.GENERAL}/messages/")) \
            < len(wanted)
