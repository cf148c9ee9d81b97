"""`archive channel [from] [to]` (admins): a channel's history as files in the mod log.

`from` and `to` are days (YYYY-MM-DD) in the community's timezone, `to` excluded; without
them, the whole history. What can be refused is refused here, at once and in words: no
`log_channel` to post to, a Telegram chat whose rule file does not keep messages
(`archive: true`), a channel that is not there or that the bot may not read (Discord's Read
Message History), an archive of the community already under way. The rest runs in the
background (bot/archive/service.py): Discord wants its answer within three seconds.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.adapter import Capability
from bot.archive.service import Request
from bot.command_model import Answer
from bot.commands.context import Context, refusal


def _start(day: date | None, zone: ZoneInfo) -> datetime | None:
    return datetime.combine(day, time(), zone) if day is not None else None


async def archive(ctx: Context) -> Answer:
    services, ruleset = ctx.services, ctx.ruleset
    archives = services.archives
    if not ruleset.log_channel:
        return ctx.refuse("archive.no_log_channel")
    first: date | None = ctx.values.get("from")
    last: date | None = ctx.values.get("to")
    if first is not None and last is not None and first >= last:
        return ctx.refuse("archive.bad_range", start=first.isoformat(), end=last.isoformat())
    kept = not services.platforms.can(ctx.community, Capability.HISTORY)
    if kept and not ruleset.archive:
        return ctx.refuse("archive.not_kept")
    if archives.busy(ctx.community):
        return ctx.refuse("archive.busy")
    channel, attempt = await archives.channel(ctx.community, ctx.values["channel"],
                                              ctx.inv.channel, kept=kept,
                                              community_name=ruleset.name)
    if channel is None:
        reason = services.platforms.reason(attempt, ctx.private_locale) or ""
        return refusal(ctx.inv, ctx.say("archive.refused", reason=reason),
                       attempt.key or "archive.refused")
    zone = ZoneInfo(ruleset.timezone)
    archives.start(Request(
        community=ctx.community, channel=channel, since=_start(first, zone),
        until=_start(last, zone),
        days=(first.isoformat() if first else "", last.isoformat() if last else ""),
        log_channel=ruleset.log_channel, locale=ctx.locale, timezone=ruleset.timezone,
        kept=kept))
    return ctx.answer("archive.started", channel=channel.name)
