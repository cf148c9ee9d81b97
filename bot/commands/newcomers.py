"""`lockdown start [duration]`, `lockdown end` (Manage Server / can_change_info) and the
`verify` button under a welcome message (only the newcomer's own press counts).

Rights are checked by the center like every command; the work is the newcomers
coordinator's (bot/newcomers), so a lockdown by command and one by detection are
the same durable lockdown with the same alerts.
"""

from __future__ import annotations

from bot.casetext import stamp
from bot.command_model import Answer
from bot.commands.context import Context


async def lockdown_start(ctx: Context) -> Answer:
    inv = ctx.inv
    newcomers = ctx.services.newcomers
    active, extended = await newcomers.start_lockdown(
        ctx.community, ctx.now, ctx.values.get("duration"), inv.invoker.id, inv.invoker.name,
        ctx.values.get("reason", ""))
    until = stamp(active.record.ends_at)
    if extended:
        return ctx.answer("lockdown.extended", until=until)
    return ctx.answer("lockdown.started", until=until,
                      action=ctx.say(f"raid.action.{active.record.action}"))


async def lockdown_end(ctx: Context) -> Answer:
    inv = ctx.inv
    ended = await ctx.services.newcomers.end_lockdown(ctx.community, ctx.now,
                                                             inv.invoker.id, inv.invoker.name)
    if ended is None:
        return ctx.refuse("lockdown.not_active")
    return ctx.answer("lockdown.ended")


async def verify(ctx: Context) -> Answer:
    """The presser is the newcomer (the button's `only_user` was checked by the center, and
    a press by anyone else finds no pending verification of theirs)."""
    inv = ctx.inv
    key, values = await ctx.services.newcomers.verify(
        ctx.community, inv.invoker.id, inv.invoker.name, ctx.now)
    if key in ("verify.done", "verify.approved"):
        return Answer(ctx.say(key, **values))
    return ctx.refuse(key, **values)
