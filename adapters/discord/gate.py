"""The verification gate on Discord: withhold or grant a role, or a timeout without one.

With `verify.role` (the README's role gate: members without the role cannot post),
holding a newcomer back means making sure they do NOT have the role, and letting
them in means granting it. Without a role the gate is a 28-day timeout (Discord's
longest; the runtime renews it) that is lifted on acceptance. The role is named
by name (any case) or id; the bot can only grant roles below its own highest
role, which is checked first so the reason names the fix.
"""

from __future__ import annotations

from datetime import UTC, datetime

import discord

from adapters.discord.errors import mapped
from adapters.discord.outbound import MAX_TIMEOUT, Outbound
from bot.errors import Forbidden, Invalid, NotFound
from rules.actions import Restrict, Unrestrict


def role(guild: discord.Guild, ref: str) -> discord.Role:
    """The server's role by id or by name (case-insensitive); Invalid when there is none."""
    ref = ref.strip().removeprefix("@")
    found = guild.get_role(int(ref)) if ref.isdigit() else None
    if found is None:
        wanted = ref.casefold()
        found = next((r for r in guild.roles if r.name.casefold() == wanted), None)
    if found is None or found.is_default():
        raise Invalid(f"the verification role {ref} does not exist on this server")
    if found.managed:
        raise Invalid(f"the verification role {found.name} belongs to an integration "
                      "and cannot be given to members")
    return found


def grantable(out: Outbound, guild: discord.Guild, gate: discord.Role) -> None:
    """Refuse when the bot may not hand out (or take back) `gate`."""
    out.need(guild, "manage_roles", "Manage Roles")
    mine = guild.me.top_role
    if gate >= mine:
        raise Forbidden(
            f"cannot manage the verification role {gate.name}: it is not below the bot's "
            f"highest role ({mine.name}); move the bot's role above it in Server Settings > Roles")


async def _member(out: Outbound, guild: discord.Guild, user_id: int,
                  doing: str) -> discord.Member:
    member = await out.member(guild, user_id)
    if member is None:
        raise NotFound(f"cannot {doing}: the member is no longer in the server")
    return member


async def restrict(out: Outbound, guild: discord.Guild, user_id: int, action: Restrict) -> None:
    """Hold a newcomer back: without the role, or timed out for 28 days."""
    reason = action.reason or None
    if action.role:
        gate = role(guild, action.role)
        member = await _member(out, guild, user_id, "hold the newcomer back")
        if member.get_role(gate.id) is None:
            return     # the gate already holds: nothing to call
        grantable(out, guild, gate)
        with mapped(f"take the role {gate.name} from the newcomer"):
            await member.remove_roles(gate, reason=reason)
        return
    doing = "time the newcomer out until they accept the rules"
    out.need(guild, "moderate_members", "Moderate Members")
    member = await _member(out, guild, user_id, doing)
    out.above(guild, member, doing)
    if member.guild_permissions.administrator:
        raise Forbidden(f"cannot {doing}: Discord does not time out administrators")
    out.own.note(guild.id, user_id, "timeout")
    with mapped(doing):
        await member.timeout(datetime.now(UTC) + MAX_TIMEOUT, reason=reason)


async def unrestrict(out: Outbound, guild: discord.Guild, user_id: int,
                     action: Unrestrict) -> None:
    """Let a verified member in: grant the role, or lift the timeout."""
    reason = action.reason or None
    if action.role:
        gate = role(guild, action.role)
        grantable(out, guild, gate)
        member = await _member(out, guild, user_id, f"give the role {gate.name}")
        # Granted even if the cache says they have it: a stale cache must not keep them out,
        # and granting a role twice is harmless.
        with mapped(f"give the role {gate.name}"):
            await member.add_roles(gate, reason=reason)
        return
    doing = "lift the newcomer's timeout"
    out.need(guild, "moderate_members", "Moderate Members")
    member = await _member(out, guild, user_id, doing)
    out.above(guild, member, doing)
    out.own.note(guild.id, user_id, "untimeout")
    with mapped(doing):
        await member.timeout(None, reason=reason)
