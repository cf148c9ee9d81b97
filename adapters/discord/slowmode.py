"""A channel's slow mode on Discord, for the crisis alarm: read before, set, put back after.

Slow mode is a channel's `rate_limit_per_user` (seconds a member waits between two
messages, 0 to 21600; bots and members with Manage Messages or Manage Channels are not
held). Discord has it on text, voice and stage channels (their chat) and on threads; not
on announcement channels or categories. A forum's (or media channel's) slow mode spaces new
posts, not messages: the messages are in its posts, which are threads, and the core names
a thread then. So those are refused, with what the channel is.

`channel.edit(slowmode_delay=..., reason=...)` sends one PATCH /channels/{id} whose body is
`{"rate_limit_per_user": N}` and whose audit-log reason is the X-Audit-Log-Reason header,
for every accepted type (discord.py's guild-channel edit drops the options it was not given,
a thread's builds its body from the given ones only), so discord.py's own call is used.
Editing a guild channel takes Manage Channels; a thread, Manage Threads (Discord's rule for
thread edits beyond un-archiving); both checked first, in the channel itself.

The value read is the cached one: the gateway keeps it current (CHANNEL_UPDATE,
THREAD_UPDATE). A channel the cache lacks (a thread the gateway did not send) is fetched.
"""

from __future__ import annotations

from typing import TypeAlias

import discord

from adapters.discord.errors import cannot, mapped, worded
from adapters.discord.outbound import Outbound
from bot.errors import Invalid, NotFound

Slowed: TypeAlias = (discord.TextChannel | discord.VoiceChannel | discord.StageChannel
                     | discord.Thread)

MAX_SLOWMODE = 21600     # Discord's limit, in seconds (6 h)
MANAGE_CHANNELS = ("manage_channels", "refusal.discord.permission.manage_channels")
MANAGE_THREADS = ("manage_threads", "refusal.discord.permission.manage_threads")


def _kind(channel: object) -> str:
    """The catalogue key naming a channel type that has no slow mode for messages."""
    if isinstance(channel, discord.TextChannel):   # only news ones get here
        return "refusal.discord.kind.announcement"
    if isinstance(channel, discord.CategoryChannel):
        return "refusal.discord.kind.category"
    if isinstance(channel, discord.ForumChannel):   # media channels are forums in discord.py
        return "refusal.discord.kind.forum"
    return "refusal.discord.kind.other"


async def _found(out: Outbound, guild: discord.Guild, ref: str) -> object:
    """The channel `ref` names: by id from the cache, else fetched; by name as posts find
    one (text channels and threads)."""
    ref = ref.strip()
    if not ref.isdigit():
        return out.channel(guild, ref)
    cached = guild.get_channel_or_thread(int(ref))
    if cached is not None:
        return cached
    try:
        with mapped("refusal.discord.doing.read_channel", channel=ref):
            return await guild.fetch_channel(int(ref))
    except discord.InvalidData:   # a DM, or a channel of another server
        raise worded(NotFound, "refusal.discord.no_channel", channel=ref) from None


async def channel(out: Outbound, guild: discord.Guild, ref: str, doing: str,
                  **values: str) -> Slowed:
    """The channel whose slow mode the crisis reads or sets, or a refusal saying why it has
    none (`doing` and `values` word it, as for `mapped`)."""
    found = await _found(out, guild, ref)
    if isinstance(found, discord.VoiceChannel | discord.StageChannel | discord.Thread) or (
            isinstance(found, discord.TextChannel) and not found.is_news()):
        return found
    raise cannot(Invalid, doing, "refusal.discord.why.no_slowmode", kind=_kind(found),
                 **{"channel": f"#{getattr(found, 'name', ref)}", **values})


async def current(out: Outbound, guild: discord.Guild, ref: str) -> int:
    """The channel's slow mode now, in seconds (0: none)."""
    found = await channel(out, guild, ref, "refusal.discord.doing.read_slowmode")
    delay = found.slowmode_delay   # discord.py leaves a voice channel's untyped
    return delay if isinstance(delay, int) else 0


async def set_to(out: Outbound, guild: discord.Guild, ref: str, seconds: int,
                 reason: str) -> None:
    """Set the channel's slow mode to `seconds` (0 lifts it); `reason` to the audit log."""
    doing = "refusal.discord.doing.slowmode" if seconds else "refusal.discord.doing.lift_slowmode"
    found = await channel(out, guild, ref, doing, seconds=str(seconds))
    label = f"#{found.name}"
    if not 0 <= seconds <= MAX_SLOWMODE:
        raise worded(Invalid, "refusal.discord.slowmode_range", seconds=str(seconds),
                     channel=label)
    right = MANAGE_THREADS if isinstance(found, discord.Thread) else MANAGE_CHANNELS
    out.need(guild, right[0], right[1], found)
    with mapped(doing, channel=label, seconds=str(seconds)):
        await found.edit(slowmode_delay=seconds, reason=reason)
