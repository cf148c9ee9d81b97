"""A channel's past messages on Discord, for archives (`Capability.HISTORY`).

discord.py's `channel.history(limit=None, after=..., before=..., oldest_first=True)` reads
GET /channels/{id}/messages by pages of 100 (`after` the newest message of the previous
page), and its HTTP client waits out a 429 by itself (the bucket's `Retry-After`), so
a long archive paces itself to Discord's limits. The bot needs View Channel and Read Message
History in the channel: both are checked first, so a missing one is refused in words before
anything is read. A channel is named by id, name, `#name` or a `<#id>` mention.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime, timedelta

import discord

from adapters.discord.errors import mapped
from adapters.discord.outbound import Outbound
from bot.history import Author, ChannelInfo, FileRef, Mention, PastMessage

READ = (("view_channel", "refusal.discord.permission.view_channel"),
        ("read_message_history", "refusal.discord.permission.read_message_history"))
ONE_MS = timedelta(milliseconds=1)   # Discord's `after` is exclusive, to the millisecond

Readable = discord.TextChannel | discord.VoiceChannel | discord.StageChannel | discord.Thread


def find(out: Outbound, guild: discord.Guild, ref: str) -> Readable:
    """The channel `ref` names, checked readable by the bot."""
    ref = ref.strip()
    if ref.startswith("<#") and ref.endswith(">"):
        ref = ref[2:-1]
    channel = out.channel(guild, ref)
    for permission, label in READ:
        out.need(guild, permission, label, channel)
    assert isinstance(channel, Readable)   # out.channel finds text channels and threads
    return channel


def info(channel: Readable) -> ChannelInfo:
    parent = channel.category if not isinstance(channel, discord.Thread) else channel.parent
    topic = getattr(channel, "topic", None) or ""
    return ChannelInfo(id=str(channel.id), name=channel.name,
                       community_id=str(channel.guild.id), community_name=channel.guild.name,
                       category_id=str(parent.id) if parent is not None else "",
                       category=parent.name if parent is not None else "", topic=topic)


def past(message: discord.Message) -> PastMessage:
    author = message.author
    roles: tuple[tuple[str, str], ...] = ()
    nickname = ""
    if isinstance(author, discord.Member):
        roles = tuple((str(r.id), r.name) for r in author.roles if not r.is_default())
        nickname = author.display_name if author.display_name != author.name else ""
    reference = message.reference
    reply_to = (str(reference.message_id) if message.type is discord.MessageType.reply
                and reference is not None and reference.message_id is not None else "")
    return PastMessage(
        id=str(message.id), at=message.created_at,
        author=Author(str(author.id), author.name, nickname, author.bot, roles),
        text=message.content, edited_at=message.edited_at, reply_to=reply_to,
        attachments=tuple(FileRef(a.filename, a.size, str(a.id), a.url)
                          for a in message.attachments),
        mentions=tuple(Mention(str(u.id), u.name, u.bot) for u in message.mentions),
        pinned=message.pinned)


async def read(channel: Readable, since: datetime | None, until: datetime | None
               ) -> AsyncGenerator[PastMessage, None]:
    """Messages posted in [since, until), oldest first."""
    with mapped("refusal.discord.doing.read_history"):
        async for message in channel.history(limit=None,
                                             after=since - ONE_MS if since else None,
                                             before=until, oldest_first=True):
            yield past(message)
