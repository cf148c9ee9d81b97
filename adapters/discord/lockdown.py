"""`raid.lock` on Discord: `@everyone` stops posting and invites are paused, then exactly undone.

What is taken from `@everyone` (whose id is the server's): Send Messages, Send Messages
in Threads (thread posts are not gated by Send Messages), Create Public and Private
Threads (a thread's name is text anyone would read). Add Reactions is kept: a reaction
carries no words, reaction roles keep working, and anyone may add to an existing reaction
without it anyway. A channel that grants Send Messages to `@everyone` explicitly keeps it:
the contract stops "everyone without an explicit right". Only the bits the bot holds through
its own roles are taken, because Discord lets a bot grant a role only permissions it has:
what it holds through `@everyone` alone, the lock would take from the bot too, and the end
of the lockdown could not give it back. Send Messages held that way is a refusal (the bot
would silence itself and be unable to undo it).

Invites are paused with the server's incident actions (PUT /guilds/{id}/incident-actions),
at most 24 h ahead as Discord allows: a longer lockdown gets its invites back after 24 h.
`Guild.edit(invites_disabled_until=...)` sends that call and then a PATCH /guilds/{id}
changing nothing (a second request, under the server's edit limit, in the middle of a
raid), so the HTTP client's own call is made instead. A PUT sets both fields, so the DMs'
pause is sent as it is.

The state stored for the end is `{"everyone": "<permissions>", "invites_disabled_until":
<ISO time or null>}`, read from discord.py's cache (the gateway keeps it current; the lock
is urgent). At the end the role is read afresh, so what is restored is compared with what
is there, not with a cache that might lag.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import discord
import structlog

from adapters.discord.errors import cannot, mapped, worded
from bot.errors import Forbidden, Invalid

log = structlog.get_logger("gardien.discord")

LOCKED = discord.Permissions(send_messages=True, send_messages_in_threads=True,
                             create_public_threads=True, create_private_threads=True)
INVITES_MAX = timedelta(hours=24) - timedelta(minutes=1)   # Discord's limit, less clock skew
MANAGE_ROLES = ("manage_roles", "refusal.discord.permission.manage_roles")
MANAGE_GUILD = ("manage_guild", "refusal.discord.permission.manage_guild")


def _future(at: datetime | None, now: datetime) -> datetime | None:
    """A pause still running at `now`, or None (an expired one is no pause)."""
    return at if at is not None and at > now else None


async def _everyone(guild: discord.Guild, *, fresh: bool = False) -> discord.Role:
    role = None if fresh else guild.get_role(guild.id)
    if role is None:
        with mapped("refusal.discord.doing.read_everyone"):
            role = await guild.fetch_role(guild.id)
    return role


async def state(guild: discord.Guild) -> str:
    """What the lock replaces: `@everyone`'s permissions and the invites' pause."""
    role = await _everyone(guild)
    paused = _future(guild.invites_paused_until, datetime.now(UTC))
    return json.dumps({"everyone": str(role.permissions.value),
                       "invites_disabled_until": paused.isoformat() if paused else None})


def _parse(previous: str) -> tuple[int, datetime | None]:
    try:
        stored = json.loads(previous)
        permissions = int(stored["everyone"])
        until = stored.get("invites_disabled_until")
        paused = datetime.fromisoformat(until) if until is not None else None
    except (TypeError, ValueError, KeyError, AttributeError):
        raise worded(Invalid, "refusal.lock_state_unreadable") from None
    if permissions < 0 or (paused is not None and paused.tzinfo is None):
        raise worded(Invalid, "refusal.lock_state_unreadable")
    return permissions, paused


def _own(guild: discord.Guild) -> discord.Permissions:
    """What the bot holds without `@everyone`: what stays its own once the lock applies."""
    me = guild.me
    if guild.owner_id == me.id or me.guild_permissions.administrator:
        return discord.Permissions.all()
    value = 0
    for role in me.roles:
        if role.id != guild.id:
            value |= role.permissions.value
    return discord.Permissions(value)


def _need(guild: discord.Guild, right: tuple[str, str], doing: str) -> None:
    if not getattr(guild.me.guild_permissions, right[0]):
        raise cannot(Forbidden, doing, "refusal.discord.lacks_permission", permission=right[1])


async def lock(client: discord.Client, guild: discord.Guild, until: datetime,
               reason: str) -> None:
    """Take the posting permissions from `@everyone`, then pause invites until `until`
    (capped). Again on a locked server changes nothing. Without Manage Server posting stays
    locked and the refusal names the invites, so moderators learn what is missing."""
    doing = "refusal.discord.doing.lock"
    _need(guild, MANAGE_ROLES, doing)
    mine = _own(guild)
    if not mine.send_messages:
        raise cannot(Forbidden, doing, "refusal.discord.why.send_only_through_everyone")
    role = await _everyone(guild)
    taken = LOCKED.value & mine.value
    with mapped(doing):
        await role.edit(permissions=discord.Permissions(role.permissions.value & ~taken),
                        reason=reason)
    now = datetime.now(UTC)
    pause = min(until, now + INVITES_MAX)
    already = _future(guild.invites_paused_until, now)
    if already is not None and already > pause:
        pause = already   # a moderator's longer pause is not shortened
    if pause <= now:
        return
    _need(guild, MANAGE_GUILD, "refusal.discord.doing.pause_invites")
    await _invites(client, guild, pause, "refusal.discord.doing.pause_invites")


async def unlock(client: discord.Client, guild: discord.Guild, previous: str,
                 reason: str) -> None:
    """Give `@everyone` exactly the stored permissions and the invites their stored pause.

    The role is edited only when it differs (a lock that never applied leaves nothing to
    undo). Without Manage Server the invites are left alone: the lock could not have paused
    them either, or its pause ends with the lockdown's planned end by itself."""
    permissions, paused = _parse(previous)
    role = await _everyone(guild, fresh=True)
    if role.permissions.value != permissions:
        _need(guild, MANAGE_ROLES, "refusal.discord.doing.unlock")
        with mapped("refusal.discord.doing.unlock"):
            await role.edit(permissions=discord.Permissions(permissions), reason=reason)
    if not guild.me.guild_permissions.manage_guild:
        log.warning("discord_invites_not_restored", guild=guild.id,
                    hint="give the bot Manage Server to pause invites during lockdowns")
        return
    await _invites(client, guild, _future(paused, datetime.now(UTC)),
                   "refusal.discord.doing.resume_invites")


async def _invites(client: discord.Client, guild: discord.Guild, until: datetime | None,
                   doing: str) -> None:
    dms = _future(guild.dms_paused_until, datetime.now(UTC))
    with mapped(doing):
        await client.http.edit_incident_actions(guild.id, payload={
            "invites_disabled_until": until.isoformat() if until else None,
            "dms_disabled_until": dms.isoformat() if dms else None})
