"""Helpers for the newcomer tests: a server with a verification role, welcome channels,
members joining and leaving through the gateway, and button presses in a DM."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rules.events import Join, Leave

from . import guild as g
from . import interactions as ix
from .fake import FakeDiscord
from .harness import Running

COMMUNITY = f"discord:{g.GUILD}"
GUILD_MEMBER = f"/guilds/{g.GUILD}/members"


def gated(*, system_channel: int | None = g.GENERAL, verified_position: int = 2) -> g.Guild:
    """A server with a "Verified" role (below the bot's at 5 by default) and #welcome."""
    server = g.Guild()
    server.extra_roles.append((g.ROLE_VERIFIED, "Verified", verified_position))
    server.extra_channels.append((g.WELCOME, "welcome"))
    server.system_channel = system_channel
    return server


async def join(bot: Running, user_id: int, *, at: datetime | None = None,
               roles: tuple[int, ...] = (), global_name: str | None = None,
               is_bot: bool = False) -> Join:
    """`user_id` joins the server (the fake's state follows); the Join the core got."""
    at = at or datetime.now(UTC)
    bot.fake.guild.members[user_id] = (list(roles), at)
    payload = {**g.member(user_id, list(roles), at), "guild_id": str(g.GUILD)}
    payload["user"] = {**payload["user"], "global_name": global_name, "bot": is_bot}
    before = len(bot.events)
    await bot.fake.dispatch("GUILD_MEMBER_ADD", payload)
    await bot.until(lambda: any(isinstance(e, Join) and e.user.id == str(user_id)
                                for e in bot.events[before:]), f"{user_id}'s join")
    return next(e for e in bot.events[before:] if isinstance(e, Join))


async def leave(bot: Running, user_id: int) -> Leave:
    """`user_id` leaves the server; the Leave the core got."""
    bot.fake.guild.members.pop(user_id, None)
    before = len(bot.events)
    await bot.fake.dispatch("GUILD_MEMBER_REMOVE", {"guild_id": str(g.GUILD),
                                                    "user": g.user(user_id)})
    await bot.until(lambda: any(isinstance(e, Leave) for e in bot.events[before:]),
                    f"{user_id}'s leave")
    return next(e for e in bot.events[before:] if isinstance(e, Leave))


def sent(bot: Running, request: Any, channel: int) -> dict[str, Any]:
    """The message a recorded POST became, with its components (as Discord keeps them)."""
    message = bot.fake.guild.message(g.BOT, request.body["content"], channel=channel)
    message["author"] = g.user(g.BOT, bot=True)
    message["components"] = request.body.get("components", [])
    return message


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [b["custom_id"] for row in message["components"] for b in row["components"]]


def dm_press(fake: FakeDiscord, custom_id: str, message: dict[str, Any], *, user: int
             ) -> dict[str, Any]:
    """A press on a button of a message the bot sent `user` by DM (no server, no member)."""
    base = ix._base(fake, 3, user, int(message["channel_id"]), "en-US")
    for key in ("guild_id", "guild", "member"):
        base.pop(key)
    base["user"] = g.user(user)
    base["channel"] = {"id": message["channel_id"], "type": 1, "flags": 0,
                       "recipients": [g.user(user)], "last_message_id": None}
    base["context"] = 1
    base["authorizing_integration_owners"] = {"0": str(g.GUILD)}
    dm_message = {k: v for k, v in message.items() if k not in ("guild_id", "member")}
    return {**base, "message": dm_message,
            "data": {"custom_id": custom_id, "component_type": 2}}
