"""Welcome posts: where they go, and the one member they may ping.

`Welcome()` is the server's system channel (Server Settings > Overview >
System Messages Channel), `Welcome(<name or id>)` a channel of the rule file.
A welcome may ping the newcomer and nobody else: the core renders `{mention}`
as `<@id>`, but member-supplied text (a display name) could carry other
mentions, so only `Post.greets` (set by the core) may be pinged.
"""

from __future__ import annotations

import discord
import structlog

from adapters.discord.errors import worded
from adapters.discord.outbound import Outbound
from bot.errors import NotFound
from bot.posts import Post

log = structlog.get_logger("gardien.discord")

def place(out: Outbound, guild: discord.Guild, ref: str) -> discord.abc.Messageable:
    """The channel a welcome goes to: `ref` (a name or id), or the system channel."""
    ref = ref.strip()
    if ref:
        return out.channel(guild, ref)    # type: ignore[return-value]
    channel = guild.system_channel
    if channel is None:
        log.warning("discord_no_system_channel", community=f"discord:{guild.id}",
                    hint="set welcome.channel in the rule file, or a System Messages "
                         "Channel in the server's settings")
        raise worded(NotFound, "refusal.discord.no_system_channel")
    return channel


def mentions(post: Post) -> discord.AllowedMentions:
    """Exactly the newcomer the core says the post greets, or no one: never @everyone, roles,
    or a mention hidden in a display name."""
    if not (post.greets and post.greets.isdigit()):
        return discord.AllowedMentions.none()
    return discord.AllowedMentions(everyone=False, roles=False, replied_user=False,
                                   users=[discord.Object(int(post.greets))])
