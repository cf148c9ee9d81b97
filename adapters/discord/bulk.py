"""Bans and deletions that pile up go to Discord as bulk requests.

A raid with `action: ban` asks for hundreds of bans within seconds, a spam wave
for hundreds of deletions. Each case still carries out its own action and gets
its own outcome, but the calls go through a `Coalescer` (adapters/coalesce.py):
the first goes out at once as an ordinary request, and what arrives while it is
under way leaves as one `POST /guilds/{id}/bulk-ban` (up to 200 members, same
reason and message deletion) or `POST /channels/{id}/messages/bulk-delete`
(2 to 100 messages younger than 14 days). Bulk banning needs Manage Server on top
of Ban Members: without it, or when a bulk request is refused, the batch falls
back to one request per member or message, so a missing right never costs a
sanction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta

import discord
import structlog

from adapters.coalesce import Coalescer
from adapters.discord.errors import mapped
from bot.errors import ActionError

log = structlog.get_logger("gardien.discord")

BULK_BAN_MAX = 200
BULK_DELETE_MAX = 100
BULK_DELETE_MAX_AGE = timedelta(days=14) - timedelta(minutes=1)   # a margin for clock skew

BanKey = tuple[discord.Guild, int, str]               # the server, seconds deleted, reason
DeleteKey = discord.abc.GuildChannel | discord.Thread


class Bulk:
    """The adapter's bans and deletions, batched while earlier ones are under way."""

    def __init__(self) -> None:
        self.bans: Coalescer[BanKey, int] = Coalescer(self._ban_batch, BULK_BAN_MAX,
                                                      "discord_bans")
        self.deletes: Coalescer[DeleteKey, int] = Coalescer(self._delete_batch,
                                                            BULK_DELETE_MAX,
                                                            "discord_deletes")

    async def ban(self, guild: discord.Guild, user_id: int, seconds: int, reason: str) -> None:
        """Ban one user (the checks are the caller's), with whoever is waiting alike."""
        await self.bans.submit((guild, seconds, reason), user_id)

    async def delete(self, channel: DeleteKey, message_id: int) -> None:
        await self.deletes.submit(channel, message_id)

    # --- bans -------------------------------------------------------------------------------
    async def _ban_batch(self, key: BanKey, users: list[int]
                         ) -> Sequence[BaseException | None]:
        guild, seconds, reason = key
        if len(users) > 1 and guild.me.guild_permissions.manage_guild:
            try:
                with mapped("refusal.discord.doing.ban"):
                    result = await guild.bulk_ban([discord.Object(u) for u in users],
                                                  reason=reason or None,
                                                  delete_message_seconds=seconds)
            except ActionError as error:   # refused as a whole: one by one instead
                log.warning("discord_bulk_ban_refused", guild=guild.id, users=len(users),
                            reason=error.reason)
            else:
                banned = {member.id for member in result.banned}
                log.info("discord_bulk_ban", guild=guild.id, users=len(users),
                         banned=len(banned))
                # a user Discord could not ban in bulk (already banned, or unbannable) is
                # tried alone, which gives the precise reason or succeeds
                return await asyncio.gather(*(
                    _done() if user in banned else self._ban_one(guild, user, seconds, reason)
                    for user in users))
        return await asyncio.gather(*(self._ban_one(guild, u, seconds, reason) for u in users))

    @staticmethod
    async def _ban_one(guild: discord.Guild, user_id: int, seconds: int,
                       reason: str) -> BaseException | None:
        try:
            with mapped("refusal.discord.doing.ban"):
                await guild.ban(discord.Object(user_id), delete_message_seconds=seconds,
                                reason=reason or None)
        except ActionError as error:
            return error
        return None

    # --- deletions ----------------------------------------------------------------------------
    async def _delete_batch(self, channel: DeleteKey, messages: list[int]
                            ) -> Sequence[BaseException | None]:
        oldest = discord.utils.utcnow() - BULK_DELETE_MAX_AGE
        young = list(dict.fromkeys(m for m in messages
                                   if discord.utils.snowflake_time(m) > oldest))
        if len(young) > 1:
            try:
                with mapped("refusal.discord.doing.delete_messages"):
                    await channel.delete_messages(  # type: ignore[union-attr]
                        [discord.Object(m) for m in young])
            except ActionError as error:   # e.g. one of them is already gone: one by one
                log.warning("discord_bulk_delete_refused", channel=channel.id,
                            messages=len(young), reason=error.reason)
            else:
                log.info("discord_bulk_delete", channel=channel.id, messages=len(young))
                gone = set(young)
                return await asyncio.gather(*(
                    _done() if m in gone else self._delete_one(channel, m) for m in messages))
        return await asyncio.gather(*(self._delete_one(channel, m) for m in messages))

    @staticmethod
    async def _delete_one(channel: DeleteKey, message_id: int) -> BaseException | None:
        try:
            with mapped("refusal.discord.doing.delete_message"):
                await channel.get_partial_message(message_id).delete()  # type: ignore[union-attr]
        except ActionError as error:
            return error
        return None


async def _done() -> None:
    return None
