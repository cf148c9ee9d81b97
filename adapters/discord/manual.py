"""Sanctions moderators make by hand in Discord, turned into `ManualSanction`s.

Bans and unbans arrive as gateway events; who made them is read from the audit
log when the bot may (View Audit Log). Kicks and timeouts are only visible in
the audit log, pushed by the gateway as entries are written. The bot's own
sanctions come back through the same channels: they are recognised (by the
audit log's actor, or by the bot's own recent calls when the log is closed to
it) and ignored, so they are not recorded twice.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import discord
import structlog

from adapters.discord.inbound import community_of, to_member
from rules.events import ManualSanction

log = structlog.get_logger("gardien.discord")

OWN_MEMORY = 120.0            # seconds the bot remembers its own sanctions
AUDIT_WINDOW = timedelta(seconds=60)   # an audit entry this recent can explain an event


class OwnActions:
    """What the bot itself just did: (guild, user, kind) -> when."""

    def __init__(self, ttl: float = OWN_MEMORY) -> None:
        self.ttl = ttl
        self._done: dict[tuple[int, int, str], float] = {}

    def note(self, guild_id: int, user_id: int, kind: str) -> None:
        now = time.monotonic()
        self._done = {k: t for k, t in self._done.items() if now - t < self.ttl}
        self._done[(guild_id, user_id, kind)] = now

    def forget(self, guild_id: int, user_id: int, kind: str) -> None:
        self._done.pop((guild_id, user_id, kind), None)

    def claims(self, guild_id: int, user_id: int, kind: str) -> bool:
        """True (once) when the bot made this sanction itself moments ago."""
        at = self._done.pop((guild_id, user_id, kind), None)
        return at is not None and time.monotonic() - at < self.ttl


def can_read_audit_log(guild: discord.Guild) -> bool:
    me = guild.me
    return me is not None and me.guild_permissions.view_audit_log


async def find_entry(guild: discord.Guild, action: discord.AuditLogAction, target_id: int,
                     delays: tuple[float, ...]) -> discord.AuditLogEntry | None:
    """The recent audit entry for `action` on `target_id`; None when unreadable or absent.

    Discord may write the entry a moment after the event: look again after each delay.
    """
    if not can_read_audit_log(guild):
        return None
    for delay in delays:
        await asyncio.sleep(delay)
        since = datetime.now(UTC) - AUDIT_WINDOW
        try:
            async for entry in guild.audit_logs(limit=10, action=action):
                target = getattr(entry.target, "id", None)
                if target == target_id and entry.created_at >= since:
                    return entry
        except (TimeoutError, discord.HTTPException, OSError) as error:
            log.warning("audit_log_unreadable", guild=str(guild.id), error=type(error).__name__)
            return None
    return None


def sanction(guild: discord.Guild, user: discord.User | discord.Member, action: str,
             entry: discord.AuditLogEntry | None, *,
             expires_at: datetime | None = None) -> ManualSanction:
    at = entry.created_at if entry is not None else datetime.now(UTC)
    return ManualSanction(
        id=f"{action}-{guild.id}-{user.id}-{int(at.timestamp() * 1000)}",
        community=community_of(guild),
        at=at,
        user=to_member(user),
        action=action,
        moderator=str(entry.user_id) if entry is not None and entry.user_id else None,
        reason=(entry.reason or "") if entry is not None else "",
        expires_at=expires_at,
    )


def by_bot(guild: discord.Guild, entry: discord.AuditLogEntry | None) -> bool:
    return entry is not None and guild.me is not None and entry.user_id == guild.me.id


def timeout_change(entry: discord.AuditLogEntry) -> tuple[str, datetime | None] | None:
    """('timeout', until) or ('untimeout', None) when a member update is a timeout change."""
    before = getattr(entry.changes.before, "timed_out_until", None)
    after = getattr(entry.changes.after, "timed_out_until", None)
    if after is not None and after != before:
        return "timeout", after
    if after is None and before is not None and hasattr(entry.changes.after, "timed_out_until"):
        return "untimeout", None
    return None
