"""`announce channel text [at]` (Manage Server / can_change_info): a post now or later.

`channel` is a channel name or id (Discord), a chat id or @name (Telegram), or `here`
(where the command was typed). `text` is a template like a scheduled post's: only
`{community}` (the rule file's `name`); any other placeholder is refused now, with the
list. `at` (bot/engagement/when.py): absent, posted at once; else a durable `announce`
timer, posted once when due, after a restart too (missed by an hour or more: skipped and
logged, like a schedule's occurrence). The answer, private, says when.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.casetext import stamp
from bot.command_model import Answer
from bot.commands.context import Context
from bot.engagement.when import WhenError, parse_when
from rules.schedule import post_problem

HERE = "here"


async def announce(ctx: Context) -> Answer:
    text: str = ctx.values["text"]
    problem = post_problem(text)
    if problem:
        return ctx.refuse("announce.bad_text", problem=problem)
    channel = str(ctx.values["channel"]).strip().lstrip("#")
    if channel.casefold() == HERE:
        channel = ctx.inv.channel
    raw_at = ctx.values.get("at")
    at = None
    if raw_at:
        try:
            at = parse_when(str(raw_at), ctx.ruleset.timezone, ctx.now)
        except WhenError as error:
            return ctx.refuse(error.key, value=raw_at, timezone=ctx.ruleset.timezone)
    result = await ctx.services.schedules.announce(ctx.community, channel, text, at)
    if at is None:
        if result != "posted":
            return ctx.refuse("announce.failed", channel=channel)
        return ctx.answer("announce.posted", channel=channel)
    local = at.astimezone(ZoneInfo(ctx.ruleset.timezone)).strftime("%Y-%m-%d %H:%M")
    return ctx.answer("announce.planned", channel=channel, at=stamp(at), local=local,
                      timezone=ctx.ruleset.timezone)
