"""What the Discord adapter offers beyond actions, each delegated to its own module: the
raid lock (lockdown.py), slow mode (slowmode.py), native polls (polls.py) and channel
history (history.py). A mixin of `DiscordAdapter`, kept apart so the adapter stays about
its lifecycle and events; every call waits for the connection first (`_ready`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator
from datetime import datetime, timedelta

import discord

from adapters.discord import history as past
from adapters.discord import lockdown, polls
from adapters.discord import slowmode as slow
from adapters.discord.outbound import Outbound
from bot.adapter import PollRef, PollResults
from bot.history import ChannelInfo, PastMessage
from bot.posts import Post


class DiscordCapabilities(ABC):
    @abstractmethod
    async def _ready(self, community: str) -> tuple[Outbound, discord.Guild]:
        """The outbound side and the server, once connected."""

    async def lock_state(self, community: str) -> str:
        """The server's posting state, for `unlock` (see lockdown.py)."""
        _, guild = await self._lock_target(community)
        return await lockdown.state(guild)

    async def lock(self, community: str, until: datetime, reason: str) -> None:
        client, guild = await self._lock_target(community)
        await lockdown.lock(client, guild, until, reason)

    async def unlock(self, community: str, previous: str, reason: str) -> None:
        client, guild = await self._lock_target(community)
        await lockdown.unlock(client, guild, previous, reason)

    async def _lock_target(self, community: str) -> tuple[discord.Client, discord.Guild]:
        out, guild = await self._ready(community)
        return out.client, guild

    async def slowmode(self, community: str, channel: str) -> int:
        """The channel's slow mode now, in seconds (see slowmode.py)."""
        out, guild = await self._ready(community)
        return await slow.current(out, guild, channel)

    async def set_slowmode(self, community: str, channel: str, seconds: int,
                           reason: str) -> None:
        out, guild = await self._ready(community)
        await slow.set_to(out, guild, channel, seconds, reason)

    async def post_poll(self, community: str, to: Post, question: str,
                        options: tuple[str, ...], lasts: timedelta) -> PollRef:
        """A native poll (see polls.py)."""
        out, guild = await self._ready(community)
        return await polls.post_poll(out, guild, to, question, options, lasts)

    async def close_poll(self, community: str, ref: PollRef) -> PollResults:
        out, guild = await self._ready(community)
        return await polls.close_poll(out, guild, ref)

    async def history_channel(self, community: str, channel: str) -> ChannelInfo:
        """The channel an archive is asked of, readable by the bot (see history.py)."""
        out, guild = await self._ready(community)
        return past.info(past.find(out, guild, channel))

    async def history(self, community: str, channel: str, since: datetime | None,
                      until: datetime | None) -> AsyncGenerator[PastMessage, None]:
        """The channel's messages in [since, until), oldest first, paged by discord.py."""
        out, guild = await self._ready(community)
        async for message in past.read(past.find(out, guild, channel), since, until):
            yield message
