"""`stats [period]` (moderators): the community's figures for the last days, with the chart.

The same report as `gardien report` (bot/insight), counted live: the summary in the
invoker's language, the PNG chart as an image on the private answer (Discord: an
ephemeral reply with the attachment; Telegram: a photo where private answers go).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.command_model import Answer
from bot.commands.context import Context
from bot.insight.render import chart_png
from bot.insight.text import summary_text
from bot.posts import Image

DEFAULT_PERIOD = timedelta(days=7)
LONGEST_PERIOD = timedelta(days=92)


async def stats(ctx: Context) -> Answer:
    """The `period` days up to and including today, in the community's timezone."""
    period: timedelta = ctx.values.get("period") or DEFAULT_PERIOD
    days = max(1, round(period / timedelta(days=1)))
    today = ctx.now.astimezone(ZoneInfo(ctx.ruleset.timezone)).date()
    start, end = today - timedelta(days=days - 1), today + timedelta(days=1)
    report = await ctx.services.insight.report(ctx.community, start, end)
    # drawing takes 0.3-0.6 s: off the event loop
    image = Image(f"stats-{start.isoformat()}.png", await asyncio.to_thread(chart_png, report))
    return Answer(summary_text(report, ctx.private_locale), image=image)
