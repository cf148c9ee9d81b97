"""The server the fake Discord serves: ids, roles, members, and payload builders.

Payloads follow Discord's gateway and REST shapes (v10) closely enough for the
real discord.py to parse them; samples of each sit in `payloads/`.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
_counter = itertools.count()


def snowflake(at: datetime | None = None) -> int:
    """A snowflake for `at` (default: now), unique within the process."""
    ms = int((at.timestamp() if at else time.time()) * 1000)
    return ((ms - DISCORD_EPOCH_MS) << 22) | (next(_counter) % 4096)


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


LONG_AGO = datetime(2024, 1, 1, tzinfo=UTC)
JOINED = datetime(2025, 6, 1, tzinfo=UTC)

GUILD = snowflake(datetime(2023, 1, 1, tzinfo=UTC))
APP = snowflake(datetime(2023, 2, 1, tzinfo=UTC))
BOT = APP   # a bot user's id is its application's id
OWNER = snowflake(datetime(2020, 1, 1, tzinfo=UTC))
ALICE = snowflake(datetime(2021, 1, 1, tzinfo=UTC))
BOB = snowflake(datetime(2021, 2, 1, tzinfo=UTC))
MOD = snowflake(datetime(2021, 3, 1, tzinfo=UTC))
CLOSED = snowflake(datetime(2021, 4, 1, tzinfo=UTC))   # does not accept DMs
NEWBIE = snowflake(datetime.now(UTC) - timedelta(days=2))   # a young account, joins in tests

GENERAL = snowflake(datetime(2023, 1, 2, tzinfo=UTC))
MOD_LOG = snowflake(datetime(2023, 1, 3, tzinfo=UTC))
WELCOME = snowflake(datetime(2023, 1, 7, tzinfo=UTC))   # only in servers that add it

ROLE_MEMBERS = snowflake(datetime(2023, 1, 4, tzinfo=UTC))
ROLE_BOT = snowflake(datetime(2023, 1, 5, tzinfo=UTC))
ROLE_MODS = snowflake(datetime(2023, 1, 6, tzinfo=UTC))
ROLE_VERIFIED = snowflake(datetime(2023, 1, 8, tzinfo=UTC))   # only in servers that add it

# permission bits (https://discord.com/developers/docs/topics/permissions)
KICK, BAN, AUDIT, VIEW, SEND, MANAGE_MESSAGES, HISTORY = 2, 4, 128, 1024, 2048, 8192, 65536
MANAGE_ROLES = 1 << 28
MANAGE_GUILD = 1 << 5    # bulk bans, invites paused (not given by default)
MODERATE = 1 << 40
SEND_POLLS = 1 << 49     # "Create Polls" (not given by default: the poll tests add it)
EVERYONE_PERMS = VIEW | SEND | HISTORY
BOT_PERMS = (KICK | BAN | AUDIT | VIEW | SEND | MANAGE_MESSAGES | HISTORY | MODERATE
             | MANAGE_ROLES)

NAMES = {BOT: "gardien", OWNER: "owner", ALICE: "alice", BOB: "bob", MOD: "mod",
         CLOSED: "closed", NEWBIE: "newbie"}


def user(user_id: int, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": NAMES.get(user_id, f"user{user_id}"),
            "discriminator": "0", "global_name": None, "avatar": None, "bot": bot,
            "public_flags": 0}


def role(role_id: int, name: str, position: int, permissions: int) -> dict[str, Any]:
    return {"id": str(role_id), "name": name, "color": 0, "colors": {"primary_color": 0},
            "hoist": False, "icon": None, "unicode_emoji": None, "position": position,
            "permissions": str(permissions), "managed": False, "mentionable": False,
            "flags": 0}


def member_body(roles: list[int], joined: datetime = JOINED) -> dict[str, Any]:
    """A member object without `user` (as inside MESSAGE_CREATE)."""
    return {"roles": [str(r) for r in roles], "joined_at": iso(joined), "deaf": False,
            "mute": False, "flags": 0, "pending": False, "nick": None, "avatar": None,
            "premium_since": None, "communication_disabled_until": None}


def member(user_id: int, roles: list[int], joined: datetime = JOINED, **extra: Any
           ) -> dict[str, Any]:
    return {"user": user(user_id, bot=user_id == BOT), **member_body(roles, joined), **extra}


class Guild:
    """One server; tests may edit its permissions, roles and members before start-up."""

    def __init__(self) -> None:
        self.id = GUILD
        self.bot_perms = BOT_PERMS
        self.extra_roles: list[tuple[int, str, int]] = []      # (id, name, position)
        self.extra_channels: list[tuple[int, str]] = []        # (id, name)
        self.system_channel: int | None = None
        self.role_permissions: dict[int, int] = {}    # role id -> permissions, as edited
        self.incidents: dict[str, Any] | None = None   # incidents_data (invites' pause)
        self.slowmodes: dict[int, int] = {}   # channel or thread id -> rate_limit_per_user
        self.typed_channels: list[tuple[int, str, int]] = []   # (id, name, channel type)
        self.threads: list[tuple[int, str, int]] = []   # (id, name, parent): in GUILD_CREATE
        self.unlisted_threads: list[tuple[int, str, int]] = []   # only GET /channels/{id}
        self.members: dict[int, tuple[list[int], datetime]] = {
            BOT: ([ROLE_BOT], JOINED), OWNER: ([], LONG_AGO), ALICE: ([ROLE_MEMBERS], JOINED),
            BOB: ([ROLE_MEMBERS], JOINED), MOD: ([ROLE_MODS], JOINED),
            CLOSED: ([ROLE_MEMBERS], JOINED),
        }

    def roles(self) -> list[dict[str, Any]]:
        roles = [
            role(self.id, "@everyone", 0, EVERYONE_PERMS),
            role(ROLE_MEMBERS, "Members", 1, 0),
            role(ROLE_BOT, "Gardien", 5, self.bot_perms),
            role(ROLE_MODS, "Moderators", 10, KICK | BAN | MODERATE | MANAGE_MESSAGES),
            *(role(rid, name, position, 0) for rid, name, position in self.extra_roles),
        ]
        for one in roles:    # what tests set, or the fake's PATCH made
            if int(one["id"]) in self.role_permissions:
                one["permissions"] = str(self.role_permissions[int(one["id"])])
        return roles

    def everyone(self) -> int:
        """The @everyone role's permissions now (its id is the server's)."""
        return self.role_permissions.get(self.id, EVERYONE_PERMS)

    def channels(self) -> list[dict[str, Any]]:
        text = [(GENERAL, "general", 0), (MOD_LOG, "mod-log", 0),
                *((cid, name, 0) for cid, name in self.extra_channels), *self.typed_channels]
        return [
            {"id": str(cid), "type": kind, "guild_id": str(self.id), "name": name,
             "position": i, "permission_overwrites": [], "parent_id": None, "nsfw": False,
             "topic": None, "rate_limit_per_user": self.slowmodes.get(cid, 0),
             "last_message_id": None, "flags": 0,
             **({"bitrate": 64000, "user_limit": 0, "rtc_region": None} if kind in (2, 13)
                else {}),
             **({"available_tags": [], "default_reaction_emoji": None} if kind == 15 else {})}
            for i, (cid, name, kind) in enumerate(text)
        ]

    def thread(self, thread_id: int, name: str, parent: int) -> dict[str, Any]:
        """A public thread's payload (a thread's slow mode is left out when 0, as Discord
        does)."""
        slow = self.slowmodes.get(thread_id, 0)
        return {"id": str(thread_id), "type": 11, "guild_id": str(self.id),
                "parent_id": str(parent), "owner_id": str(ALICE), "name": name,
                "last_message_id": None, "message_count": 0, "member_count": 1, "flags": 0,
                "total_message_sent": 0, **({"rate_limit_per_user": slow} if slow else {}),
                "thread_metadata": {"archived": False, "auto_archive_duration": 1440,
                                    "archive_timestamp": iso(JOINED), "locked": False}}

    def channel(self, channel_id: int) -> dict[str, Any] | None:
        """Any channel or thread of the server, as GET /channels/{id} returns it."""
        found = next((c for c in self.channels() if int(c["id"]) == channel_id), None)
        if found is not None:
            return found
        return next((self.thread(*t) for t in (*self.threads, *self.unlisted_threads)
                     if t[0] == channel_id), None)

    def is_thread(self, channel_id: int) -> bool:
        return any(t[0] == channel_id for t in (*self.threads, *self.unlisted_threads))

    def member(self, user_id: int) -> dict[str, Any] | None:
        if user_id not in self.members:
            return None
        roles, joined = self.members[user_id]
        return member(user_id, roles, joined)

    def create(self) -> dict[str, Any]:
        """GUILD_CREATE's payload."""
        return {
            "id": str(self.id), "name": "Test server", "icon": None, "splash": None,
            "discovery_splash": None, "owner_id": str(OWNER), "afk_channel_id": None,
            "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "roles": self.roles(), "emojis": [], "stickers": [],
            "features": [], "mfa_level": 0, "application_id": None,
            "system_channel_id": str(self.system_channel) if self.system_channel else None,
            "system_channel_flags": 0, "rules_channel_id": None, "vanity_url_code": None,
            "description": None, "banner": None, "premium_tier": 0,
            "preferred_locale": "en-US", "public_updates_channel_id": None, "nsfw_level": 0,
            "premium_progress_bar_enabled": False, "joined_at": iso(JOINED), "large": False,
            "unavailable": False, "member_count": len(self.members), "voice_states": [],
            "members": [self.member(uid) for uid in self.members], "channels": self.channels(),
            "threads": [self.thread(*t) for t in self.threads], "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": [],
            **({} if self.incidents is None else {"incidents_data": self.incidents}),
        }

    def message(self, author: int, content: str, *, channel: int = GENERAL,
                message_id: int | None = None, mentions: tuple[int, ...] = (),
                edited: bool = False, joined: datetime | None = None,
                attachments: tuple[tuple[str, int], ...] = ()) -> dict[str, Any]:
        """MESSAGE_CREATE / MESSAGE_UPDATE's payload, from a member of this server."""
        message_id = message_id or snowflake()
        roles, member_joined = self.members.get(author, ([], JOINED))
        created = datetime.fromtimestamp(((message_id >> 22) + DISCORD_EPOCH_MS) / 1000, UTC)
        return {
            "id": str(message_id), "channel_id": str(channel), "guild_id": str(self.id),
            "author": user(author), "member": member_body(roles, joined or member_joined),
            "content": content, "timestamp": iso(created),
            "edited_timestamp": iso(datetime.now(UTC)) if edited else None, "tts": False,
            "mention_everyone": False,
            "mentions": [{**user(m), "member": member_body([])} for m in mentions],
            "mention_roles": [], "attachments": [
                {"id": str(snowflake()), "filename": name, "size": size,
                 "url": f"https://cdn.example/{name}", "proxy_url": f"https://cdn.example/{name}"}
                for name, size in attachments],
            "embeds": [], "pinned": False, "type": 0, "flags": 0, "components": [],
        }


def ready(session: str, resume_url: str, shard: list[int], guild_id: int) -> dict[str, Any]:
    """READY's payload: the bot user, its servers as unavailable until GUILD_CREATE."""
    return {
        "v": 10, "user": {**user(BOT, bot=True), "verified": True, "mfa_enabled": False,
                          "flags": 0},
        "guilds": [{"id": str(guild_id), "unavailable": True}],
        "session_id": session, "resume_gateway_url": resume_url, "shard": shard,
        "application": {"id": str(APP), "flags": 0}, "private_channels": [],
        "relationships": [], "presences": [], "guild_join_requests": [],
        "geo_ordered_rtc_regions": [], "auth_session_id_hash": "", "session_type": "normal",
    }
