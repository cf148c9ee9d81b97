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

from adapters.discord.errors import cannot, mapped, worded
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
        raise worded(Invalid, "refusal.discord.role_missing", role=ref)
    if found.managed:
        raise worded(Invalid, "refusal.discord.role_managed", role=found.name)
    return found


def grantable(out: Outbound, guild: discord.Guild, gate: discord.Role) -> None:
    """Refuse when the bot may not hand out (or take back) `gate`."""
    out.need(guild, "manage_roles", "refusal.discord.permission.manage_roles")
    mine = guild.me.top_role
    if gate >= mine:
        raise worded(Forbidden, "refusal.discord.role_above_bot", role=gate.name,
                      bot_role=mine.name)


async def _member(out: Outbound, guild: discord.Guild, user_id: int,
                  doing: str, **values: str) -> discord.Member:
    """The member `doing` (a catalogue key, filled with `values`) is about, or NotFound."""
    member = await out.member(guild, user_id)
    if member is None:
        raise cannot(NotFound, doing, "refusal.discord.why.member_gone", **values)
    return member


async def restrict(out: Outbound, guild: discord.Guild, user_id: int, action: Restrict) -> None:
    """Hold a newcomer back: without the role, or timed out for 28 days."""
    reason = action.reason or None
    if action.role:
        gate = role(guild, action.role)
        member = await _member(out, guild, user_id, "refusal.discord.doing.hold_newcomer")
        if member.get_role(gate.id) is None:
            return     # the gate already holds: nothing to call
        grantable(out, guild, gate)
        with mapped("refusal.discord.doing.take_role", role=gate.name):
            await member.remove_roles(gate, reason=reason)
        return
    doing = "refusal.discord.doing.gate_timeout"
    out.need(guild, "moderate_members", "refusal.discord.permission.moderate_members")
    member = await _member(out, guild, user_id, doing)
    out.above(guild, member, doing)
    if member.guild_permissions.administrator:
        raise cannot(Forbidden, doing, "refusal.discord.why.admin_timeout")
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
        member = await _member(out, guild, user_id, "refusal.discord.doing.give_role",
                               role=gate.name)
        # Granted even if the cache says they have it: a stale cache must not keep them out,
        # and granting a role twice is harmless.
        with mapped("refusal.discord.doing.give_role", role=gate.name):
            await member.add_roles(gate, reason=reason)
        return
    doing = "refusal.discord.doing.gate_untimeout"
    out.need(guild, "moderate_members", "refusal.discord.permission.moderate_members")
    member = await _member(out, guild, user_id, doing)
    out.above(guild, member, doing)
    out.own.note(guild.id, user_id, "untimeout")
    with mapped(doing):
        await member.timeout(None, reason=reason)
