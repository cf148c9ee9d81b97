"""Discord objects in, frozen platform-neutral events out.

Only guild traffic from people counts: direct messages, bots and webhooks are
dropped here so the core never sees them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import discord

from rules.events import Attachment, Join, Leave, Member, Message


def community_of(guild: discord.abc.Snowflake) -> str:
    return f"discord:{guild.id}"


def to_member(user: discord.Member | discord.User) -> Member:
    """A member with role names AND ids (rules may use either), minus @everyone."""
    roles: tuple[str, ...] = ()
    joined_at = None
    if isinstance(user, discord.Member):
        roles = tuple(
            value for role in user.roles if not role.is_default()
            for value in (role.name, str(role.id))
        )
        joined_at = user.joined_at
    return Member(
        id=str(user.id),
        name=user.name,
        roles=roles,
        joined_at=joined_at,
        created_at=user.created_at,
        bot=user.bot,
        mention_text=f"<@{user.id}>",
    )


def wanted(message: discord.Message) -> bool:
    """Guild messages written by people; no DMs, bots, webhooks or system messages."""
    return (
        message.guild is not None
        and message.webhook_id is None
        and not message.author.bot
        and not message.author.system
        and message.type in (discord.MessageType.default, discord.MessageType.reply)
    )


def to_message(message: discord.Message, *, edited: bool = False) -> Message:
    assert message.guild is not None
    channel = message.channel
    at = message.edited_at if edited and message.edited_at else message.created_at
    return Message(
        id=str(message.id),
        community=community_of(message.guild),
        at=at.astimezone(UTC),
        user=to_member(message.author),
        text=message.content,
        channel=getattr(channel, "name", None) or str(channel.id),
        channel_id=str(channel.id),
        mentions=tuple(str(user_id) for user_id in message.raw_mentions),
        role_mentions=tuple(str(role_id) for role_id in message.raw_role_mentions),
        mentions_everyone=message.mention_everyone,
        attachments=tuple(Attachment(a.filename, a.size) for a in message.attachments),
        edited=edited,
    )


def to_join(member: discord.Member) -> Join:
    """A join; its member is named as people see them (rules on joins read that name)."""
    at = member.joined_at or datetime.now(UTC)
    user = to_member(member)._replace(name=member.display_name)
    return Join(id=f"join-{member.guild.id}-{member.id}-{int(at.timestamp() * 1000)}",
                community=community_of(member.guild), at=at.astimezone(UTC), user=user)


def to_leave(guild: discord.abc.Snowflake, user: discord.Member | discord.User,
             at: datetime) -> Leave:
    return Leave(id=f"leave-{guild.id}-{user.id}-{int(at.timestamp() * 1000)}",
                 community=community_of(guild), at=at, user=to_member(user))
