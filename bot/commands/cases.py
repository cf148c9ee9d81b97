"""Reading and annotating the ledger: `case`, `history`, `note`, `reason`.

An amended reason keeps the old one (with who and when) in the case's changes,
so the record of what was said at the time is never lost. Amending another moderator's
case needs a rank at least theirs, and the owner's cases are the owner's alone.
"""

from __future__ import annotations

from bot.casetext import MAX_POST, excerpt, format_case, shown_reason, stamp, who
from bot.command_model import Answer
from bot.commands.context import Context
from storage.models import Case

HISTORY_CASES = 10
HISTORY_NOTES = 5


async def case(ctx: Context) -> Answer:
    store = ctx.services.store
    number = ctx.values["case"]
    found = await store.case(ctx.community, number)
    if found is None:
        return ctx.refuse("case.not_found", number=number)
    link = ctx.services.platforms.message_link(ctx.community, found.channel, found.message_id)
    lines = [format_case(ctx.private_locale, found, link=link)]
    for change in await store.case_changes(ctx.community, number):
        old = excerpt(change.old, 120)
        if change.kind == "reason":     # a case written without one was amended
            old = shown_reason(ctx.private_locale, old)
        values = {"by": change.by, "at": stamp(change.at), "old": old,
                  "new": excerpt(change.new, 120)}
        lines.append(ctx.say("case.change." + change.kind, **values))
    appeal = await store.appeal_of(ctx.community, number)
    if appeal is not None:
        lines.append(ctx.say("case.appeal", id=appeal.id,
                             status=ctx.say("appeal.status." + appeal.status)))
    return Answer("\n".join(lines)[:MAX_POST])


async def history(ctx: Context) -> Answer:
    inv = ctx.inv
    assert inv.target is not None
    member = inv.target
    store = ctx.services.store
    cases = await store.cases(ctx.community, member.id, limit=HISTORY_CASES)
    notes = (await store.notes(ctx.community, member.id))[-HISTORY_NOTES:]
    points = ctx.services.points.current(ctx.community, member.id, ctx.now)
    lines = [ctx.say("history.head", member=who(member.name, member.id), points=points)]
    if not cases:
        lines.append(ctx.say("history.no_cases"))
    for item in cases:
        reason = " — " + shown_reason(ctx.private_locale, excerpt(item.reason, 80))
        lines.append(ctx.say("history.case", number=item.number, at=stamp(item.created_at),
                             action=ctx.say("action." + item.action)
                             if item.action in _KNOWN else item.action,
                             by=item.moderator or item.rule, status=item.status) + reason)
    for note in notes:
        lines.append(ctx.say("history.note", at=stamp(note.at), by=note.moderator,
                             text=excerpt(note.text, 120)))
    return Answer("\n".join(lines)[:MAX_POST])


_KNOWN = ("warn", "timeout", "untimeout", "kick", "ban", "unban", "purge")


async def note(ctx: Context) -> Answer:
    inv = ctx.inv
    assert inv.target is not None
    await ctx.services.store.add_note(ctx.community, inv.target.id, inv.invoker.id,
                                    ctx.values["text"], ctx.now)
    return ctx.answer("note.done", member=who(inv.target.name, inv.target.id))


async def reason(ctx: Context) -> Answer:
    number = ctx.values["case"]
    found = await ctx.services.store.case(ctx.community, number)
    if found is None:
        return ctx.refuse("case.not_found", number=number)
    refused = await _amend_refusal(ctx, found)
    if refused is not None:
        return refused
    amended = await ctx.services.store.amend_reason(ctx.community, number, ctx.values["text"],
                                                  ctx.inv.invoker.id, ctx.now)
    if amended is None:
        return ctx.refuse("case.not_found", number=number)
    ctx.services.modlog.later(ctx.services.modlog.to_log(ctx.community, ctx.public(
        "reason.log", number=number, by=who(ctx.inv.invoker.name, ctx.inv.invoker.id),
        reason=excerpt(amended.reason, 300))))
    return ctx.answer("reason.done", number=number)


async def _amend_refusal(ctx: Context, case: Case) -> Answer | None:
    """Why the invoker may not amend `case`, or None. Their own cases and the bot's (no
    moderator) always; another moderator's only from above them, the owner's never: read
    on the moderator's standing now, and refused when the platform cannot tell."""
    invoker = ctx.inv.invoker
    if case.moderator is None or case.moderator == invoker.id or invoker.owner:
        return None
    moderator = await ctx.services.platforms.standing(ctx.community, case.moderator)
    if moderator is None:
        return ctx.refuse("reason.standing_unknown", number=case.number,
                          moderator=case.moderator)
    if moderator.owner:
        return ctx.refuse("reason.owner_case", number=case.number)
    if moderator.rank > invoker.rank:
        return ctx.refuse("reason.outranked", number=case.number,
                          moderator=who(moderator.name, moderator.id))
    return None
