"""The bot's own permissions in each server, checked against what the rule file needs, so
that moderators hear of a missing one before the first sanction fails for lack of it.

Checked when a server becomes available (at start and after an outage), when the bot joins
one, and whenever what decides its permissions changes: a channel (its overwrites), a role,
or the bot's own member (its roles). Each check reports every permission the bot lacks
now; the core's incident book tells each once, and once when it is granted.

Channel permissions are checked in the channels the bot moderates: the text channels it
can see (it reads no other) that the rule file does not exempt. Posts are plain text, so
the log channel needs View Channel and Send Messages (not Embed Links).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import discord
import structlog

from adapters.discord.inbound import community_of
from bot.ops import needs as rights
from bot.ops.needs import Malfunctions, Missing

log = structlog.get_logger("gardien.discord")

SERVER = "malfunction.fix.discord.server"
CHANNEL = "malfunction.fix.discord.channel"

# right -> (discord.py's permission name, its shown name, checked in each moderated channel)
PERMISSIONS: dict[str, tuple[str, str, bool]] = {
    rights.DELETE: ("manage_messages", "refusal.discord.permission.manage_messages", True),
    rights.TIMEOUT: ("moderate_members", "refusal.discord.permission.moderate_members", False),
    rights.KICK: ("kick_members", "refusal.discord.permission.kick_members", False),
    rights.BAN: ("ban_members", "refusal.discord.permission.ban_members", False),
    rights.ROLES: ("manage_roles", "refusal.discord.permission.manage_roles", False),
    rights.SLOWMODE: ("manage_channels", "refusal.discord.permission.manage_channels", True),
}
LOG_CHANNEL = (("view_channel", "refusal.discord.permission.view_channel"),
               ("send_messages", "refusal.discord.permission.send_messages"))


def _named(channel: discord.abc.GuildChannel, names: frozenset[str]) -> bool:
    return channel.name in names or f"#{channel.name}" in names or str(channel.id) in names


def lacking(guild: discord.Guild, needs: rights.Needs) -> list[Missing]:
    """Every permission `needs` calls for that the bot lacks in `guild` now."""
    me = guild.me
    if me is None:
        return []
    found: dict[str, tuple[list[str], list[str], str]] = {}   # label -> rights, channels, fix

    def lack(label: str, right: str, channel: str | None) -> None:
        entry = found.setdefault(label, ([], [], CHANNEL if channel else SERVER))
        if right not in entry[0]:
            entry[0].append(right)
        if channel and channel not in entry[1]:
            entry[1].append(channel)

    moderated = [c for c in guild.text_channels if c.permissions_for(me).view_channel
                 and not _named(c, needs.exempt_channels)]
    for right in rights.RIGHTS:
        if right not in needs.rights or right not in PERMISSIONS:
            continue
        name, label, per_channel = PERMISSIONS[right]
        if not per_channel:
            if not getattr(me.guild_permissions, name):
                lack(label, right, None)
            continue
        for channel in moderated:
            if not getattr(channel.permissions_for(me), name):
                lack(label, right, f"#{channel.name}")
    if rights.POST_LOG in needs.rights and needs.log_channel:
        log_channel = next((c for c in guild.text_channels
                            if _named(c, frozenset({needs.log_channel}))), None)
        if log_channel is not None:
            allowed = log_channel.permissions_for(me)
            for name, label in LOG_CHANNEL:
                if not getattr(allowed, name):
                    lack(label, rights.POST_LOG, f"#{log_channel.name}")
    return [Missing(label, tuple(r), fix, tuple(channels))
            for label, (r, channels, fix) in found.items()]


def check(guild: discord.Guild, watch: Malfunctions) -> None:
    """Report what the bot lacks in `guild` (never raises: a check must not break events)."""
    community = community_of(guild)
    try:
        watch.rights_checked(community, lacking(guild, watch.needs(community)))
    except Exception:
        log.exception("discord_permissions_check_failed", community=community)


def listen(client: discord.Client, watch: Malfunctions) -> None:
    """Check on every event that may change the bot's permissions, and report the gateway's
    connection; a handler the adapter already set for the same event runs first."""

    def on(name: str, handler: Callable[..., None]) -> None:
        before: Callable[..., Awaitable[None]] | None = getattr(client, name, None)

        async def both(*args: Any) -> None:
            if before is not None:
                await before(*args)
            handler(*args)

        setattr(client, name, both)

    def mine(_: discord.Member, after: discord.Member) -> None:
        if client.user is not None and after.id == client.user.id:
            check(after.guild, watch)

    on("on_guild_available", lambda guild: check(guild, watch))
    on("on_guild_join", lambda guild: check(guild, watch))
    on("on_guild_remove", lambda guild: watch.removed(community_of(guild)))
    on("on_guild_channel_create", lambda channel: check(channel.guild, watch))
    on("on_guild_channel_update", lambda _, after: check(after.guild, watch))
    on("on_guild_role_update", lambda _, after: check(after.guild, watch))
    on("on_guild_role_delete", lambda role: check(role.guild, watch))
    on("on_member_update", mine)
    on("on_disconnect", lambda: watch.connection("discord", False))
    on("on_connect", lambda: watch.connection("discord", True))
    on("on_resumed", lambda: watch.connection("discord", True))
