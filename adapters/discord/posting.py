"""Messages the core asks for outside an answer (mod log, welcomes, DMs), and purges.

`post` reaches a channel by id or name, the rule file's log channel, the
welcome place (see `welcome`) or a member's DMs, as the post's destination
says; mentions never ping, except a welcome's newcomer. A post's image goes as an
attachment of the same message (over Discord's limit: left out, logged), and so are its
files (an archive's JSON and HTML). A member with closed
DMs is logged, not an error: the core cannot do better. Buttons sent by DM
carry the server's id (option `c`), since a press in a DM does not say which
server it is about.

`purge` reads the channel's recent history (newest first) and deletes the
last `count` messages, or the last `count` by one member, through the bulk
delete. Only messages younger than 14 days are taken: Discord bulk-deletes
nothing older, and deleting those one rate-limited call at a time could take
minutes. Pinned messages are kept.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import discord
import structlog

from adapters.discord import welcome
from adapters.discord.errors import mapped
from adapters.discord.interactions import (
    COMMUNITY_OPTION,
    NO_MENTIONS,
    sendable,
    upload,
    uploads,
    view,
)
from adapters.discord.outbound import BULK_MAX_AGE, Outbound, snowflake
from bot.errors import Forbidden
from bot.posts import Button, Channel, DirectMessage, LogChannel, Post, Welcome

log = structlog.get_logger("gardien.discord")

MAX_TEXT = 2000
SCAN_LIMIT = 1000        # messages read at most to find `count` by one member


async def post(out: Outbound, guild: discord.Guild, message: Post) -> None:
    allowed = NO_MENTIONS
    channel: discord.abc.Messageable
    match message.to:
        case DirectMessage(user=user):
            await _dm(out, guild, snowflake(user, "refusal.discord.id.user"), message)
            return
        case Welcome(ref=ref) | Channel(ref=("" as ref)):   # "": the default place
            channel = welcome.place(out, guild, ref)
            allowed = welcome.mentions(message)
            ref = getattr(channel, "name", ref)
        case LogChannel(ref=ref) | Channel(ref=ref):
            if not ref:
                log.info("discord_post_without_channel", community=f"discord:{guild.id}")
                return   # no log channel configured: nothing to post to
            channel = out.channel(guild, ref)   # type: ignore[assignment]
    out.need(guild, "send_messages", "refusal.discord.permission.send_messages",
             channel)   # type: ignore[arg-type]
    with mapped("refusal.discord.doing.post", channel=ref):
        if message.files:   # an archive's files (with the image, if any): one message
            await channel.send(message.text[:MAX_TEXT],
                               view=view(message.buttons) or discord.utils.MISSING,
                               allowed_mentions=allowed,
                               files=uploads(sendable(message.image), message.files))
            return
        await channel.send(message.text[:MAX_TEXT],
                           view=view(message.buttons) or discord.utils.MISSING,
                           allowed_mentions=allowed, file=upload(sendable(message.image)))


def _from_server(items: tuple[Button, ...], guild: discord.Guild) -> tuple[Button, ...]:
    """Buttons that say which server they are about (a DM press does not)."""
    return tuple(replace(b, options={**b.options, COMMUNITY_OPTION: guild.id}) for b in items)


async def _dm(out: Outbound, guild: discord.Guild, user_id: int, message: Post) -> None:
    try:
        with mapped("refusal.discord.doing.dm"):
            user = out.client.get_user(user_id) or await out.client.fetch_user(user_id)
            await user.send(message.text[:MAX_TEXT],
                            view=view(_from_server(message.buttons, guild))
                            or discord.utils.MISSING,
                            allowed_mentions=NO_MENTIONS,
                            file=upload(sendable(message.image)))
    except Forbidden:
        log.info("discord_dm_closed", user=str(user_id))


async def purge(out: Outbound, guild: discord.Guild, channel_ref: str, count: int,
                user: str | None = None) -> int:
    """Delete the last `count` messages (by `user` when given); how many were deleted."""
    channel = out.channel(guild, channel_ref)
    out.need(guild, "read_message_history",
             "refusal.discord.permission.read_message_history", channel)
    out.need(guild, "manage_messages", "refusal.discord.permission.manage_messages",
             channel)
    oldest = discord.utils.utcnow() - BULK_MAX_AGE + timedelta(minutes=1)
    wanted: list[int] = []
    if count > 0:
        with mapped("refusal.discord.doing.read_history"):
            async for message in channel.history(   # type: ignore[union-attr]
                    limit=SCAN_LIMIT if user else min(count + 50, SCAN_LIMIT)):
                if message.created_at <= oldest:
                    break
                if message.pinned or (user is not None and str(message.author.id) != user):
                    continue
                wanted.append(message.id)
                if len(wanted) >= count:
                    break
    await out.delete_many(channel.id, wanted, guild)
    return len(wanted)
