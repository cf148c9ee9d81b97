"""Actions out: one Discord call per action, checked before it is fired.

The bot's own permissions and the role hierarchy are checked first, so a
sanction Discord would refuse fails with a clear reason instead of a 403.
Every call runs inside `mapped`, which turns discord.py's exceptions into the
core's taxonomy; 429s are waited out by discord.py's own rate limiter.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import discord

from adapters.discord.bulk import Bulk
from adapters.discord.errors import cannot, mapped, worded
from adapters.discord.manual import OwnActions
from adapters.discord.notices import Notices
from bot.adapter import Target
from bot.errors import Forbidden, Invalid, NotFound, Unavailable
from rules.actions import (
    Action,
    Alert,
    Ban,
    Delete,
    Dm,
    Kick,
    Reply,
    Timeout,
    Unban,
    Untimeout,
    Warn,
)

MAX_TIMEOUT = timedelta(days=28)
MAX_DELETE_SECONDS = 7 * 24 * 3600
BULK_MAX = 100
BULK_MAX_AGE = timedelta(days=14)
NO_MENTIONS = discord.AllowedMentions.none()


def snowflake(text: str, what: str) -> int:
    """`text` as a Discord id; `what` names it, a key such as "refusal.discord.id.user"."""
    try:
        return int(text)
    except (TypeError, ValueError):
        raise worded(Invalid, "refusal.discord.not_an_id", what=what, value=text) from None


class Outbound:
    """Carries out actions through a connected discord.py client."""

    def __init__(self, client: discord.Client, own: OwnActions, bulk: Bulk) -> None:
        self.client = client
        self.own = own
        self.bulk = bulk   # bans and deletions that pile up go out in bulk (bulk.py)
        self.notices = Notices()   # the sanctioned member's statement of reasons

    # --- lookups -------------------------------------------------------------------------
    def guild(self, community: str) -> discord.Guild:
        guild_id = snowflake(community.removeprefix("discord:"), "refusal.discord.id.server")
        guild = self.client.get_guild(guild_id)
        if guild is None:
            if not self.client.is_ready():
                raise worded(Unavailable, "refusal.discord.not_ready")
            raise worded(NotFound, "refusal.discord.not_in_server", server=str(guild_id))
        if guild.me is None:
            raise worded(Unavailable, "refusal.discord.server_loading")
        return guild

    async def member(self, guild: discord.Guild, user_id: int) -> discord.Member | None:
        """The member (cached or fetched); None when they are not in the server."""
        member = guild.get_member(user_id)
        if member is not None:
            return member
        try:
            with mapped("refusal.discord.doing.look_up_member"):
                return await guild.fetch_member(user_id)
        except NotFound:
            return None

    def channel(self, guild: discord.Guild, ref: str) -> discord.abc.GuildChannel | discord.Thread:
        """A channel by id or by name (`#` optional), in this server."""
        ref = ref.strip()
        found: discord.abc.GuildChannel | discord.Thread | None = None
        if ref.isdigit():
            found = guild.get_channel_or_thread(int(ref))
        else:
            name = ref.removeprefix("#")
            found = discord.utils.get(guild.text_channels, name=name) or discord.utils.get(
                guild.threads, name=name)
        if found is None:
            raise worded(NotFound, "refusal.discord.no_channel", channel=ref)
        return found

    # --- checks --------------------------------------------------------------------------
    @staticmethod
    def need(guild: discord.Guild, permission: str, label: str,
             channel: discord.abc.GuildChannel | discord.Thread | None = None) -> None:
        """Refuse unless the bot has `permission`; `label` is the key of its shown name
        ("refusal.discord.permission.ban_members")."""
        me = guild.me
        perms = channel.permissions_for(me) if channel is not None else me.guild_permissions
        if not getattr(perms, permission):
            if channel is None:
                raise worded(Forbidden, "refusal.discord.lacks_permission", permission=label)
            raise worded(Forbidden, "refusal.discord.lacks_permission_in", permission=label,
                          channel=channel.name)

    @staticmethod
    def above(guild: discord.Guild, member: discord.Member | None, doing: str) -> None:
        """Refuse a sanction on the owner or on a member whose top role is not below the bot's
        (`doing`: the sanction's key, "refusal.discord.doing.ban")."""
        if member is None:
            return
        if member.id == guild.owner_id:
            raise cannot(Forbidden, doing, "refusal.discord.why.owner")
        mine = guild.me.top_role
        if member.top_role >= mine:
            raise cannot(Forbidden, doing, "refusal.discord.why.role_not_below",
                         member_role=member.top_role.name, bot_role=mine.name)

    # --- actions -------------------------------------------------------------------------
    async def execute(self, action: Action, target: Target) -> None:
        guild = self.guild(target.community)
        user_id = snowflake(target.user, "refusal.discord.id.user")
        if isinstance(action, Delete):
            await self.delete(guild, target)
        elif isinstance(action, Warn | Reply):
            await self.reply(guild, target, action.text, user_id)
        elif isinstance(action, Timeout):
            await self.timeout(guild, user_id, action.duration, action.reason, action.notice)
        elif isinstance(action, Untimeout):
            await self.timeout(guild, user_id, None, action.reason)
        elif isinstance(action, Kick):
            await self.kick(guild, user_id, action.reason, action.notice)
        elif isinstance(action, Ban):
            await self.ban(guild, user_id, action.delete_messages, action.reason, action.notice)
        elif isinstance(action, Unban):
            await self.unban(guild, user_id, action.reason)
        elif isinstance(action, Dm):
            await self.dm(user_id, action.text)
        elif isinstance(action, Alert):
            await self.alert(guild, target, action.text)
        else:
            raise worded(Invalid, "refusal.discord.cannot_carry_out", kind=action.kind)

    async def delete(self, guild: discord.Guild, target: Target) -> None:
        channel = self.channel(guild, target.channel)
        self.need(guild, "manage_messages", "refusal.discord.permission.manage_messages",
                  channel)
        message_id = snowflake(target.message_id, "refusal.discord.id.message")
        await self.bulk.delete(channel, message_id)

    async def reply(self, guild: discord.Guild, target: Target, text: str, user_id: int) -> None:
        """A reply that may ping the member only: no @everyone, no roles."""
        if not text:
            return
        channel = self.channel(guild, target.channel)
        self.need(guild, "send_messages", "refusal.discord.permission.send_messages", channel)
        reference = None
        if target.message_id.isdigit():   # kept even if the message was deleted meanwhile
            reference = discord.MessageReference(
                message_id=int(target.message_id), channel_id=channel.id, guild_id=guild.id,
                fail_if_not_exists=False)
        allowed = discord.AllowedMentions(everyone=False, roles=False,
                                          users=[discord.Object(user_id)], replied_user=True)
        with mapped("refusal.discord.doing.reply"):
            if reference is None:
                await channel.send(text[:2000],    # type: ignore[union-attr]
                                   allowed_mentions=allowed)
            else:
                await channel.send(text[:2000], reference=reference,   # type: ignore[union-attr]
                                   allowed_mentions=allowed)

    async def timeout(self, guild: discord.Guild, user_id: int, duration: timedelta | None,
                      reason: str, notice: str = "") -> None:
        doing = ("refusal.discord.doing.timeout" if duration is not None
                 else "refusal.discord.doing.untimeout")
        self.need(guild, "moderate_members", "refusal.discord.permission.moderate_members")
        member = await self.member(guild, user_id)
        if member is None:
            raise cannot(NotFound, doing, "refusal.discord.why.member_gone")
        self.above(guild, member, doing)
        if duration is not None and member.guild_permissions.administrator:
            raise cannot(Forbidden, doing, "refusal.discord.why.admin_timeout")
        until = None
        if duration is not None:
            until = datetime.now(UTC) + min(duration, MAX_TIMEOUT)
        self.own.note(guild.id, user_id, "timeout" if until else "untimeout")
        with mapped(doing):
            await member.timeout(until, reason=reason or None)
        await self.notices.tell(guild, member, notice)

    async def kick(self, guild: discord.Guild, user_id: int, reason: str,
                   notice: str = "") -> None:
        self.need(guild, "kick_members", "refusal.discord.permission.kick_members")
        member = await self.member(guild, user_id)
        if member is None:
            raise cannot(NotFound, "refusal.discord.doing.kick", "refusal.discord.why.left")
        self.above(guild, member, "refusal.discord.doing.kick")
        await self.notices.tell(guild, member, notice)   # after the kick it could not be sent
        self.own.note(guild.id, user_id, "kick")
        try:
            with mapped("refusal.discord.doing.kick"):
                await guild.kick(member, reason=reason or None)
        except Exception:
            self.own.forget(guild.id, user_id, "kick")
            raise

    async def ban(self, guild: discord.Guild, user_id: int, delete: timedelta | None,
                  reason: str, notice: str = "") -> None:
        self.need(guild, "ban_members", "refusal.discord.permission.ban_members")
        # A user who is not (or no longer) a member can still be banned, with no role to check.
        member = await self.member(guild, user_id)
        self.above(guild, member, "refusal.discord.doing.ban")
        await self.notices.tell(guild, member, notice)   # after the ban it could not be sent
        seconds = min(int(delete.total_seconds()), MAX_DELETE_SECONDS) if delete else 0
        self.own.note(guild.id, user_id, "ban")
        try:
            # seconds explicit: discord.py's default would delete a day
            await self.bulk.ban(guild, user_id, seconds, reason)
        except Exception:
            self.own.forget(guild.id, user_id, "ban")
            raise

    async def unban(self, guild: discord.Guild, user_id: int, reason: str) -> None:
        self.need(guild, "ban_members", "refusal.discord.permission.ban_members")
        self.own.note(guild.id, user_id, "unban")
        try:
            with mapped("refusal.discord.doing.unban"):
                await guild.unban(discord.Object(user_id), reason=reason or None)
        except Exception:
            self.own.forget(guild.id, user_id, "unban")
            raise

    async def dm(self, user_id: int, text: str) -> None:
        if not text:
            return
        try:
            with mapped("refusal.discord.doing.dm"):
                user = self.client.get_user(user_id) or await self.client.fetch_user(user_id)
                await user.send(text[:2000], allowed_mentions=NO_MENTIONS)
        except Forbidden:
            raise worded(Forbidden, "refusal.dm_closed") from None

    async def alert(self, guild: discord.Guild, target: Target, text: str) -> None:
        if not target.log_channel:
            return   # no log channel: the core logs the alert, nothing to post
        channel = self.channel(guild, target.log_channel)
        self.need(guild, "send_messages", "refusal.discord.permission.send_messages", channel)
        with mapped("refusal.discord.doing.alert", channel=target.log_channel):
            await channel.send(text[:2000], allowed_mentions=NO_MENTIONS)   # type: ignore[union-attr]

    # --- bulk --------------------------------------------------------------------------
    async def delete_many(self, channel_id: int, message_ids: list[int],
                          guild: discord.Guild) -> None:
        """Bulk-delete 2-100 messages younger than 14 days at a time; the rest one by one."""
        channel = self.channel(guild, str(channel_id))
        self.need(guild, "manage_messages", "refusal.discord.permission.manage_messages",
                  channel)
        limit = discord.utils.utcnow() - BULK_MAX_AGE + timedelta(minutes=1)
        unique = list(dict.fromkeys(message_ids))
        young = [m for m in unique if discord.utils.snowflake_time(m) > limit]
        single = [m for m in unique if discord.utils.snowflake_time(m) <= limit]
        for start in range(0, len(young), BULK_MAX):
            chunk = young[start:start + BULK_MAX]
            if len(chunk) < 2:
                single.extend(chunk)
                continue
            with mapped("refusal.discord.doing.delete_messages"):
                ids: list[str | int] = list(chunk)
                await self.client.http.delete_messages(channel.id, ids)
        for message_id in single:
            try:
                with mapped("refusal.discord.doing.delete_message"):
                    await channel.get_partial_message(message_id).delete()  # type: ignore[union-attr]
            except NotFound:
                continue   # already gone: done
