"""The bot removed from a community, through the real platform libraries and the fakes:
Discord's GUILD_DELETE (not an outage) and Telegram's my_chat_member record the removal the
retention erases after `removed_community`; being added back clears it."""

from __future__ import annotations

import asyncio
import time

from tests.discord import guild as g
from tests.discord.harness import running
from tests.telegram.commanding import GROUP, MOD
from tests.telegram.fake import BOT
from tests.telegram.harness import telegram_bot


async def until_left(store, expected: set[str], timeout: float = 5.0) -> dict:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        left = await store.communities_left()
        if set(left) == expected or time.monotonic() > deadline:
            return left
        await asyncio.sleep(0.02)


async def test_a_guild_delete_records_the_removal_and_an_outage_does_not(tmp_path):
    async with running(tmp_path) as bot:
        community = f"discord:{g.GUILD}"
        await bot.fake.dispatch("GUILD_DELETE", {"id": str(g.GUILD), "unavailable": True})
        await asyncio.sleep(0.2)
        assert await bot.store.communities_left() == {}          # an outage: nothing
        await bot.fake.dispatch("GUILD_CREATE", bot.fake.guild.create())
        await asyncio.sleep(0.2)
        await bot.fake.dispatch("GUILD_DELETE", {"id": str(g.GUILD)})   # kicked
        left = await until_left(bot.store, {community})
        assert set(left) == {community}


def my_member(update_id: int, old: str, new: str) -> dict:
    return {"update_id": update_id, "my_chat_member": {
        "chat": GROUP, "from": MOD, "date": int(time.time()),
        "old_chat_member": {"user": BOT, "status": old},
        "new_chat_member": {"user": BOT, "status": new}}}


async def test_my_chat_member_records_the_removal_and_the_return(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        community = f"telegram:{GROUP['id']}"
        await bot.send(my_member(900, "member", "left"))
        assert set(await until_left(bot.core.store, {community})) == {community}
        await bot.send(my_member(901, "left", "member"))
        assert await until_left(bot.core.store, set()) == {}
