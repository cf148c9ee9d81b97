"""`raid.lock` on Discord end to end: real discord.py, the fake Discord and the real core.

A raid with `lock: true` takes the posting permissions from `@everyone` and pauses the
invites before any raider is acted on; the lockdown's end gives back exactly the
permissions the server had, unusual bits included, also after a restart; a refusal is
told in the log channel while the lockdown goes on."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
from pydantic import SecretStr

from adapters.discord import DiscordAdapter
from bot.config import DiscordConfig
from bot.errors import Forbidden, Invalid, NotFound

from . import guild as g
from . import interactions as ix
from .arrivals import COMMUNITY, GUILD_MEMBER, join
from .commanding import interact
from .fake import FakeDiscord
from .harness import TOKEN, running
from .test_newcomers_live import RAID, center

LOCKING = RAID.replace("action: timeout}", "action: timeout, lock: true}")
ROLE = f"/guilds/{g.GUILD}/roles/{g.GUILD}"       # @everyone's id is the server's
INCIDENTS = f"/guilds/{g.GUILD}/incident-actions"
# permission bits beyond those guild.py names
ADD_REACTIONS, MANAGE_GUILD, ATTACH, MENTION_EVERYONE = 1 << 6, 1 << 5, 1 << 15, 1 << 17
CREATE_PUBLIC, CREATE_PRIVATE, IN_THREADS = 1 << 35, 1 << 36, 1 << 38
SEND_POLLS = 1 << 49
POSTING = g.SEND | IN_THREADS | CREATE_PUBLIC | CREATE_PRIVATE
# an @everyone a server set up by hand: no embeds, polls, or private threads, but files,
# @everyone mentions and thread posting allowed
ORIGINAL = (g.VIEW | g.SEND | g.HISTORY | ADD_REACTIONS | ATTACH | MENTION_EVERYONE
            | IN_THREADS | CREATE_PUBLIC)
RAIDERS = 6


def server(*, manage_guild: bool = True, threads: bool = True) -> g.Guild:
    """The test server with ORIGINAL on @everyone; the bot may manage the server and
    holds the thread permissions unless told otherwise."""
    guild = g.Guild()
    guild.role_permissions[guild.id] = ORIGINAL
    guild.bot_perms |= (MANAGE_GUILD if manage_guild else 0) | (
        IN_THREADS | CREATE_PUBLIC | CREATE_PRIVATE if threads else 0)
    return guild


async def raid(bot) -> list[int]:
    raiders = [g.snowflake() for _ in range(RAIDERS)]
    for raider in raiders:
        await join(bot, raider)
    assert await bot.core.drain(timeout=10)
    return raiders


def index(bot, method: str, prefix: str) -> int:
    """Where the first such request is among everything the bot sent."""
    return next(i for i, r in enumerate(bot.fake.requests)
                if r.method == method and r.path.startswith(prefix))


def alerts(bot) -> list[str]:
    return [r.body["content"] for r in bot.fake.calls("POST", f"/channels/{g.MOD_LOG}/messages")]


async def lockdown(bot, status: str):
    """The only lockdown, once its lock reached `status` (the lock runs in the queue)."""
    async def current():
        [record] = await bot.store.lockdowns(COMMUNITY)
        return record
    for _ in range(500):
        record = await current()
        if record.lock_status == status:
            return record
        await bot.core.drain(timeout=1)
        await asyncio.sleep(0.01)
    raise AssertionError(f"the lock stayed {record.lock_status!r}, not {status!r}")


async def end(bot) -> None:
    _, answer = await interact(bot, ix.command(bot.fake, "lockdown end", user=g.OWNER))
    assert answer.body["content"]
    assert await bot.core.drain(timeout=5)


async def test_the_lock_comes_before_the_raiders_and_its_end_restores_everything(tmp_path):
    guild = server()
    async with running(tmp_path, LOCKING, guild=guild, center=center) as bot:
        started = datetime.now(UTC)
        await raid(bot)
        record = await lockdown(bot, "locked")
        [edit] = bot.fake.calls("PATCH", ROLE)
        assert edit.body == {"permissions": ORIGINAL & ~POSTING}
        assert guild.everyone() == ORIGINAL & ~POSTING          # reactions, files kept
        assert edit.headers["X-Audit-Log-Reason"] == quote(f"raid lockdown #{record.id}",
                                                            safe="/ ")
        [pause] = bot.fake.calls("PUT", INCIDENTS)
        until = datetime.fromisoformat(pause.body["invites_disabled_until"])
        assert pause.body["dms_disabled_until"] is None
        assert started + timedelta(minutes=9) < until <= record.ends_at   # 10m lockdown
        # the lock, then the raiders
        assert index(bot, "PATCH", ROLE) < index(bot, "PUT", INCIDENTS) < index(
            bot, "PATCH", GUILD_MEMBER)
        assert len(bot.fake.calls("PATCH", GUILD_MEMBER)) == RAIDERS
        assert json.loads(record.lock_state) == {"everyone": str(ORIGINAL),
                                                 "invites_disabled_until": None}
        assert any("only members with an explicit right" in a for a in alerts(bot))

        await end(bot)
        record = await lockdown(bot, "unlocked")
        assert guild.everyone() == ORIGINAL                  # exactly, bit for bit
        restore = bot.fake.calls("PATCH", ROLE)[-1]
        assert restore.body == {"permissions": ORIGINAL}
        assert restore.headers["X-Audit-Log-Reason"] == quote(
            f"end of raid lockdown #{record.id}", safe="/ ")
        assert bot.fake.calls("PUT", INCIDENTS)[-1].body == {
            "invites_disabled_until": None, "dms_disabled_until": None}
        assert guild.incidents == {"invites_disabled_until": None, "dms_disabled_until": None}
        await bot.until(lambda: any("Posting permissions restored" in a for a in alerts(bot)),
                        "the closing alert")


async def test_a_raid_without_lock_makes_no_community_wide_call(tmp_path):
    guild = server()
    async with running(tmp_path, RAID, guild=guild, center=center) as bot:
        await raid(bot)
        await end(bot)
        assert [r for r in bot.fake.requests if "/roles/" in r.path
                or r.path == INCIDENTS] == []
        assert guild.everyone() == ORIGINAL and guild.incidents is None
        [record] = await bot.store.lockdowns(COMMUNITY)
        assert record.lock_status == "none" and record.lock_state is None


async def test_a_refused_role_edit_is_told_and_the_lockdown_goes_on(tmp_path):
    guild = server()
    async with running(tmp_path, LOCKING, guild=guild, center=center) as bot:
        bot.fake.refuse("PATCH", ROLE)       # 403, Missing Permissions (code 50013)
        await raid(bot)
        record = await lockdown(bot, "failed")
        assert record.lock_error and "50013" in record.lock_error
        assert len(bot.fake.calls("PATCH", GUILD_MEMBER)) == RAIDERS   # raiders still held
        await bot.until(lambda: any(a.startswith("Could not lock the community")
                                    for a in alerts(bot)), "the lock_failed alert")
        [told] = [a for a in alerts(bot) if a.startswith("Could not lock the community")]
        assert "take Send Messages from @everyone" in told and "50013" in told
        assert bot.fake.calls("PUT", INCIDENTS) == []   # nothing after the refused edit
        assert guild.everyone() == ORIGINAL

        await end(bot)        # the stored state is put back: the role already has it
        record = await lockdown(bot, "unlocked")
        assert len(bot.fake.calls("PATCH", ROLE)) == 1     # only the refused one
        assert bot.fake.calls("GET", ROLE)                 # read afresh to compare
        assert guild.everyone() == ORIGINAL


async def test_without_manage_server_posting_is_locked_and_the_invites_gap_is_told(tmp_path):
    guild = server(manage_guild=False, threads=False)
    async with running(tmp_path, LOCKING, guild=guild, center=center) as bot:
        await raid(bot)
        record = await lockdown(bot, "failed")
        # only what the bot holds itself is taken, so that it can give it back
        assert guild.everyone() == ORIGINAL & ~g.SEND
        assert "Manage Server" in (record.lock_error or "")
        await bot.until(lambda: any("pause the server's invites" in a for a in alerts(bot)),
                        "the lock_failed alert")
        await end(bot)
        await lockdown(bot, "unlocked")
        assert guild.everyone() == ORIGINAL
        assert bot.fake.calls("PUT", INCIDENTS) == []


async def test_a_restart_mid_lockdown_restores_the_state_stored_before_it(tmp_path):
    guild = server()
    fake = FakeDiscord(TOKEN, guild)
    await fake.start()
    try:
        async with running(tmp_path, LOCKING, fake=fake, center=center) as bot:
            await raid(bot)
            await lockdown(bot, "locked")
        assert guild.everyone() == ORIGINAL & ~POSTING
        assert guild.incidents is not None and guild.incidents["invites_disabled_until"]
        before = len(fake.requests)
        async with running(tmp_path, LOCKING, fake=fake, center=center) as bot:
            await bot.core.start()   # as `gardien run` does: open lockdowns restored
            await bot.core.resume()  # once connected: pending cases, overdue timers
            assert await bot.core.drain(timeout=5)
            # the new session sees a locked server: nothing re-locks or re-reads it
            assert [r for r in fake.requests[before:] if "/roles/" in r.path] == []
            await end(bot)
            await lockdown(bot, "unlocked")
            assert [r.body for r in fake.calls("PATCH", ROLE)][-1] == {"permissions": ORIGINAL}
            assert guild.everyone() == ORIGINAL
            assert guild.incidents == {"invites_disabled_until": None,
                                       "dms_disabled_until": None}
    finally:
        await fake.close()


async def test_the_adapters_lock_calls_directly(tmp_path):
    guild = server()
    later = (datetime.now(UTC) + timedelta(hours=6)).isoformat()
    guild.incidents = {"invites_disabled_until": later, "dms_disabled_until": later}
    async with running(tmp_path, guild=guild) as bot:
        adapter = bot.adapter
        state = await adapter.lock_state(COMMUNITY)
        assert json.loads(state) == {"everyone": str(ORIGINAL), "invites_disabled_until": later}
        # a lockdown of 3 days: invites are paused for at most 24 h; locking twice is harmless
        await adapter.lock(COMMUNITY, datetime.now(UTC) + timedelta(days=3), "test")
        await adapter.lock(COMMUNITY, datetime.now(UTC) + timedelta(days=3), "test")
        edits = bot.fake.calls("PATCH", ROLE)
        assert [e.body for e in edits] == [{"permissions": ORIGINAL & ~POSTING}] * 2
        for pause in bot.fake.calls("PUT", INCIDENTS):
            until = datetime.fromisoformat(pause.body["invites_disabled_until"])
            assert timedelta(hours=23) < until - datetime.now(UTC) <= timedelta(hours=24)
            assert pause.body["dms_disabled_until"] == later        # the DMs' pause kept
        # the moderator's own pause (6 h ahead) comes back, not "no pause"
        await adapter.unlock(COMMUNITY, state, "test")
        assert guild.everyone() == ORIGINAL
        assert bot.fake.calls("PUT", INCIDENTS)[-1].body["invites_disabled_until"] == later
        # refusals in the core's terms
        with pytest.raises(NotFound):
            await adapter.lock_state("discord:1234567890")
        with pytest.raises(Invalid):
            await adapter.unlock(COMMUNITY, "{not json", "test")
        # Send Messages only through @everyone: the lock would silence the bot, undoably
        await bots_role(bot, guild, guild.bot_perms & ~g.SEND)
        with pytest.raises(Forbidden, match="Send Messages only through @everyone"):
            await adapter.lock(COMMUNITY, datetime.now(UTC) + timedelta(hours=1), "test")
        await bots_role(bot, guild, guild.bot_perms & ~g.MANAGE_ROLES)
        with pytest.raises(Forbidden, match="lacks the Manage Roles permission"):
            await adapter.lock(COMMUNITY, datetime.now(UTC) + timedelta(hours=1), "test")
        assert len(bot.fake.calls("PATCH", ROLE)) == 3      # neither refusal sent anything


async def bots_role(bot, guild: g.Guild, permissions: int) -> None:
    """The bot's own role gets `permissions` (the gateway tells the bot)."""
    guild.bot_perms = permissions
    role = next(r for r in guild.roles() if int(r["id"]) == g.ROLE_BOT)
    await bot.push("GUILD_ROLE_UPDATE", {"guild_id": str(g.GUILD), "role": role})
    await bot.until(lambda: bot.adapter.client.get_guild(g.GUILD).get_role(
        g.ROLE_BOT).permissions.value == permissions, "the bot's role to change")


async def test_a_lock_call_before_the_connection_waits_for_the_server(tmp_path):
    """At start-up the core resumes a previous run's locks before the gateway is up."""
    fake = FakeDiscord(TOKEN, server())
    await fake.start()
    adapter = DiscordAdapter(DiscordConfig(token=SecretStr(TOKEN), api_base=fake.api_base,
                                           gateway=fake.gateway), guild_ready_timeout=0.05)
    early = asyncio.create_task(adapter.lock_state(COMMUNITY))
    runner: asyncio.Task[None] | None = None
    try:
        await asyncio.sleep(0.2)
        assert not early.done()

        async def sink(event) -> None:
            pass

        runner = asyncio.create_task(adapter.start(sink))
        state = await asyncio.wait_for(early, 5)
        assert json.loads(state)["everyone"] == str(ORIGINAL)
    finally:
        early.cancel()
        await adapter.stop()
        if runner is not None:
            await asyncio.wait_for(runner, 5)
        await fake.close()
