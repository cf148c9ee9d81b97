"""`raid.lock` on Telegram end to end: python-telegram-bot, the adapter, the real core and
the fake Bot API.

A raid with `lock: true` makes the group's default permissions read-only before any raider
is restricted; the lockdown's end (a moderator's command, or its timer after a restart) sets
exactly the permissions the group had, unusual ones included; a refusal is told in the log
chat while the lockdown goes on."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import Forbidden, Invalid

from .commanding import OWNER, command
from .fake import DEFAULT_PERMISSIONS
from .harness import CHAT, LOG_CHAT, telegram_bot
from .test_newcomers import membership

COMMUNITY = f"telegram:{CHAT}"
RULES = f"""\
version: 1
name: Lock tests
locale: en
log_channel: "{LOG_CHAT}"
raid: {{joins: 5, within: 30s, lockdown: LENGTH, action: timeout, lock: LOCK}}
rules:
  - id: no-insults
    match: {{words: [idiot]}}
    actions: [delete]
"""
# a group set up by hand: no polls or voice notes, no inviting, but members may pin
ORIGINAL = {**DEFAULT_PERMISSIONS, "can_send_polls": False, "can_send_voice_notes": False,
            "can_invite_users": False, "can_pin_messages": True}
RAIDERS = 6
SOON = datetime.now(UTC) + timedelta(hours=1)


def rules(lock: bool = True, length: str = "10m") -> str:
    return RULES.replace("LOCK", "true" if lock else "false").replace("LENGTH", length)


def group(permissions: dict) -> dict:
    """getChat's answer for the test group, with these default permissions."""
    return {"id": CHAT, "type": "supergroup", "title": "Gardien test group",
            "accent_color_id": 0, "max_reaction_count": 11, "permissions": dict(permissions),
            "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                    "unique_gifts": False, "premium_subscription": False,
                                    "gifts_from_channels": False}}


def commands(core):
    """The real commands; the paced queue sped up (the pacing has its own tests)."""
    pacer = core.pipeline.newcomers.pacer
    pacer.rate, pacer.burst = 1000.0, 1000
    return core.commands


async def raid(bot) -> None:
    for n in range(RAIDERS):
        user = {"id": 6660000 + n, "is_bot": False, "first_name": f"Raider {n}"}
        await bot.send(membership(user, "left", "member"))
    assert await bot.core.drain(timeout=10)


async def lockdown(bot, status: str):
    """The only lockdown, once its lock reached `status` (the lock runs in the queue)."""
    for _ in range(500):
        [record] = await bot.store.lockdowns(COMMUNITY)
        if record.lock_status == status:
            return record
        await bot.core.drain(timeout=1)
        await asyncio.sleep(0.01)
    raise AssertionError(f"the lock stayed {record.lock_status!r}, not {status!r}")


def permissions(bot) -> dict:
    return bot.fake.chats[CHAT]["permissions"]


def log_texts(bot) -> list[str]:
    return [c.params["text"] for c in bot.fake.made("sendMessage")
            if c.params["chat_id"] == LOG_CHAT]


def position(bot, method: str) -> int:
    return next(i for i, c in enumerate(bot.fake.calls) if c.method == method)


async def test_the_group_is_read_only_before_the_raiders_and_exactly_restored(tmp_path):
    async with telegram_bot(tmp_path, rules(), center=commands) as bot:
        bot.fake.chats[CHAT] = group(ORIGINAL)
        await raid(bot)
        record = await lockdown(bot, "locked")
        [locked] = bot.fake.made("setChatPermissions")
        assert locked.params["chat_id"] == CHAT
        assert locked.params["use_independent_chat_permissions"] is True
        assert locked.params["permissions"] and not any(locked.params["permissions"].values())
        assert not any(permissions(bot).values())
        assert position(bot, "getChat") < position(bot, "setChatPermissions") < position(
            bot, "restrictChatMember")                # read, lock, then the raiders
        assert len(bot.fake.made("restrictChatMember")) == RAIDERS
        assert json.loads(record.lock_state) == ORIGINAL
        assert any("only members with an explicit right" in t for t in log_texts(bot))

        await bot.send(command("/lockdown end", 700, OWNER))
        await lockdown(bot, "unlocked")
        restore = bot.fake.made("setChatPermissions")[-1]
        assert restore.params["permissions"] == ORIGINAL
        assert restore.params["use_independent_chat_permissions"] is True
        assert permissions(bot) == ORIGINAL                 # field for field
        await bot.core.drain(timeout=5)
        assert any("Posting permissions restored" in t for t in log_texts(bot))


async def test_a_raid_without_lock_leaves_the_group_alone(tmp_path):
    async with telegram_bot(tmp_path, rules(lock=False), center=commands) as bot:
        bot.fake.chats[CHAT] = group(ORIGINAL)
        await raid(bot)
        await bot.send(command("/lockdown end", 701, OWNER))
        assert await bot.core.drain(timeout=5)
        assert bot.fake.made("setChatPermissions") == []
        assert permissions(bot) == ORIGINAL
        [record] = await bot.store.lockdowns(COMMUNITY)
        assert record.lock_status == "none" and not record.active


async def test_a_refused_lock_is_told_and_the_lockdown_goes_on(tmp_path):
    async with telegram_bot(tmp_path, rules(), center=commands) as bot:
        bot.fake.chats[CHAT] = group(ORIGINAL)
        bot.fake.fail("setChatPermissions", 400,
                      "Bad Request: not enough rights to change chat permissions")
        await raid(bot)
        record = await lockdown(bot, "failed")
        assert "not enough rights" in (record.lock_error or "")
        assert len(bot.fake.made("restrictChatMember")) == RAIDERS   # raiders still held
        await bot.core.drain(timeout=5)
        [told] = [t for t in log_texts(bot) if t.startswith("Could not lock the community")]
        assert "not enough rights to change chat permissions" in told
        # the end sets the stored state anyway; Telegram finds nothing to change
        await bot.send(command("/lockdown end", 702, OWNER))
        await lockdown(bot, "unlocked")
        assert permissions(bot) == ORIGINAL


async def test_a_lockdown_that_ended_while_the_bot_was_down_is_undone_at_start(tmp_path):
    async with telegram_bot(tmp_path, rules(length="2s"), center=commands) as bot:
        bot.fake.chats[CHAT] = group(ORIGINAL)
        await raid(bot)
        record = await lockdown(bot, "locked")
        locked = dict(permissions(bot))
    await asyncio.sleep(2.2)          # the bot is down when the lockdown ends
    async with telegram_bot(tmp_path, rules(length="2s"), center=commands) as bot:
        bot.fake.chats[CHAT] = {**group(locked)}       # Telegram still has it locked
        await bot.core.start()   # as `gardien run` does
        await bot.core.resume()  # once connected: pending cases, overdue timers
        record = await lockdown(bot, "unlocked")
        assert not record.active
        [restore] = bot.fake.made("setChatPermissions")
        assert restore.params["permissions"] == ORIGINAL   # the state stored by the 1st run
        assert bot.fake.made("getChat") == []              # never read again as "before"
        assert permissions(bot) == ORIGINAL


async def test_the_adapters_lock_calls_directly(tmp_path):
    async with telegram_bot(tmp_path, judge=False) as bot:
        adapter = bot.adapter
        bot.fake.chats[CHAT] = group({**ORIGINAL, "can_send_media_messages": True})
        state = await adapter.lock_state(COMMUNITY)
        assert json.loads(state) == ORIGINAL      # the deprecated field is not kept
        await adapter.lock(COMMUNITY, SOON, "test")
        await adapter.lock(COMMUNITY, SOON, "test")       # again: harmless
        assert len(bot.fake.made("setChatPermissions")) == 2
        await adapter.unlock(COMMUNITY, state, "test")
        assert permissions(bot) == ORIGINAL
        # a chat without permissions (no group): what Telegram gives a new group's members
        bot.fake.chats[-100777] = {"id": -100777, "type": "channel", "title": "News",
                                   "accent_color_id": 0, "max_reaction_count": 11,
                                   "accepted_gift_types": group({})["accepted_gift_types"]}
        assert all(json.loads(await adapter.lock_state("telegram:-100777")).values())
        with pytest.raises(Invalid):
            await adapter.unlock(COMMUNITY, "{not json", "test")
        with pytest.raises(Invalid):
            await adapter.unlock(COMMUNITY, json.dumps({"can_send_messages": "yes"}), "test")
        bot.fake.fail("setChatPermissions", 400, "Bad Request: CHAT_ADMIN_REQUIRED")
        with pytest.raises(Forbidden):
            await adapter.lock(COMMUNITY, SOON, "test")
