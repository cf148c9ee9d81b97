"""Welcome posts: where they go, and the one member they may ping.

`welcome:` is the server's system channel (Server Settings > Overview >
System Messages Channel), `welcome:<name or id>` a channel of the rule file.
A welcome may ping the newcomer and nobody else: the core renders `{mention}`
as `<@id>`, but member-supplied text (a display name) could carry other
mentions. The newcomer is the button's `only_user` (the verify button) or
else, among the users the text mentions, the one who joined most recently,
as this adapter saw them join; everyone else stays unpinged.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict

import discord
import structlog

from adapters.discord.outbound import Outbound
from bot.commands.model import Post
from bot.errors import NotFound

log = structlog.get_logger("gardien.discord")

PREFIX = "welcome:"
MENTION = re.compile(r"<@!?(\d{15,21})>")
RECENT = 15 * 60.0          # seconds a join counts as recent (a welcome follows at once)
REMEMBERED = 10_000         # joins remembered at most (a raid must not grow memory)


class Newcomers:
    """Who joined lately, per server, oldest first: (guild, user) -> when."""

    def __init__(self, ttl: float = RECENT, size: int = REMEMBERED) -> None:
        self.ttl = ttl
        self.size = size
        self._seen: OrderedDict[tuple[int, int], float] = OrderedDict()

    def note(self, guild_id: int, user_id: int) -> None:
        key = (guild_id, user_id)
        self._seen.pop(key, None)
        self._seen[key] = time.monotonic()
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)

    def latest(self, guild_id: int, candidates: set[int]) -> int | None:
        """The candidate who joined `guild_id` most recently (within the ttl), if any."""
        now = time.monotonic()
        best: tuple[float, int] | None = None
        for user_id in candidates:
            at = self._seen.get((guild_id, user_id))
            if at is not None and now - at < self.ttl and (best is None or at > best[0]):
                best = (at, user_id)
        return best[1] if best is not None else None


def is_welcome(post: Post) -> bool:
    return post.channel.startswith(PREFIX)


def place(out: Outbound, guild: discord.Guild, ref: str) -> discord.abc.Messageable:
    """The channel a `welcome:[<name or id>]` post goes to."""
    ref = ref.removeprefix(PREFIX).strip()
    if ref:
        return out.channel(guild, ref)    # type: ignore[return-value]
    channel = guild.system_channel
    if channel is None:
        log.warning("discord_no_system_channel", community=f"discord:{guild.id}",
                    hint="set welcome.channel in the rule file, or a System Messages "
                         "Channel in the server's settings")
        raise NotFound("this server has no system channel: set welcome.channel")
    return channel


def newcomer(post: Post, guild_id: int, newcomers: Newcomers) -> int | None:
    """The one member a welcome may ping, or None (then it pings no one)."""
    mentioned = {int(m) for m in MENTION.findall(post.text)}
    for button in post.buttons:
        if button.only_user and button.only_user.isdigit() and int(button.only_user) in mentioned:
            return int(button.only_user)
    return newcomers.latest(guild_id, mentioned)


def mentions(post: Post, guild_id: int, newcomers: Newcomers) -> discord.AllowedMentions:
    """Exactly the newcomer, or no one: never @everyone, roles, or other members."""
    user_id = newcomer(post, guild_id, newcomers)
    if user_id is None:
        return discord.AllowedMentions.none()
    return discord.AllowedMentions(everyone=False, roles=False, replied_user=False,
                                   users=[discord.Object(user_id)])
