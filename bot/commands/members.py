"""What every member may do: `report`, `appeal`, `rules`; and moderators' answer to appeals.

A report alerts the log channel (who, why, the message and a link when the
platform gives one), at most REPORTS per REPORT_WINDOW per member. An appeal
is the sanctioned member's own, once per case, shown to moderators with Accept
and Deny buttons; accepting lifts the sanction through the ledger (a case with
rule `appeal`), marks the original case and tells the member.
"""

from __future__ import annotations

from datetime import timedelta

from bot.cases.kinds import CaseKind
from bot.casetext import MAX_POST, excerpt, shown_reason, who
from bot.command_model import BAN, Answer
from bot.commands.context import Context
from bot.commands.sanctions import lift
from bot.posts import Button
from bot.scheduler import LIFTED_BY_UNBAN, LIFTED_BY_UNTIMEOUT
from rules.actions import Action, Unban, Untimeout
from storage.models import Appeal, Case

REPORTS = 3
REPORT_WINDOW = timedelta(minutes=10)
APPEALABLE = ("warn", "timeout", "kick", "ban")


async def report(ctx: Context) -> Answer:
    inv = ctx.inv
    store = ctx.services.store
    reason = ctx.values.get("reason", "")
    if not inv.message_id and inv.target is None and not reason:
        return ctx.refuse("report.empty")
    recent = await store.reports_since(ctx.community, inv.invoker.id, ctx.now - REPORT_WINDOW)
    if len(recent) >= REPORTS:
        wait = recent[-REPORTS].at + REPORT_WINDOW - ctx.now
        return ctx.refuse("report.rate_limited", count=REPORTS,
                          minutes=int(REPORT_WINDOW.total_seconds() // 60),
                          wait=max(1, -(-int(wait.total_seconds()) // 60)))
    member = inv.target
    saved = await store.add_report(
        ctx.community, inv.invoker.id, ctx.now, user=member.id if member else "",
        channel=inv.channel, message_id=inv.message_id, reason=reason,
        excerpt=excerpt(inv.message_text))
    lines = [ctx.public("report.log", id=saved.id,
                        reporter=who(inv.invoker.name, inv.invoker.id),
                        reason=reason or ctx.public("report.no_reason"))]
    if member is not None:
        lines.append(ctx.public("report.log_member", member=who(member.name, member.id)))
    if inv.message_text:
        lines.append(ctx.public("report.log_message", excerpt=saved.excerpt))
    link = ctx.services.platforms.message_link(ctx.community, inv.channel, inv.message_id)
    if link:
        lines.append(ctx.public("modlog.link", link=link))
    ctx.services.modlog.later(ctx.services.modlog.to_log(ctx.community, "\n".join(lines)))
    return ctx.answer("report.done")


async def appeal(ctx: Context) -> Answer:
    inv = ctx.inv
    store = ctx.services.store
    number = ctx.values["case"]
    case = await store.case(ctx.community, number)
    if case is None:
        return ctx.refuse("case.not_found", number=number)
    if case.user != inv.invoker.id:
        return ctx.refuse("appeal.not_yours", number=number)
    if case.action not in APPEALABLE or case.status != "done" or case.shadow:
        return ctx.refuse("appeal.not_appealable", number=number)
    saved = await store.open_appeal(ctx.community, number, inv.invoker.id, ctx.values["text"],
                                    ctx.now)
    if saved is None:
        return ctx.refuse("appeal.already", number=number)
    buttons = (
        Button(ctx.public("appeal.accept_label"), "appeal accept", {"appeal": saved.id},
               style="success"),
        Button(ctx.public("appeal.deny_label"), "appeal deny", {"appeal": saved.id},
               style="danger"),
    )
    text = ctx.public("appeal.log", id=saved.id, number=number,
                      action=ctx.public("action." + case.action),
                      member=who(inv.invoker.name, inv.invoker.id),
                      reason=shown_reason(ctx.locale, case.reason),
                      text=excerpt(saved.text, 1000))
    ctx.services.modlog.later(ctx.services.modlog.to_log(ctx.community, text[:MAX_POST], buttons))
    return ctx.answer("appeal.done", id=saved.id, number=number)


async def _pending(ctx: Context) -> tuple[Appeal, Case] | Answer:
    store = ctx.services.store
    found = await store.appeal(ctx.values["appeal"])
    if found is None or found.community != ctx.community:
        return ctx.refuse("appeal.not_found", id=ctx.values["appeal"])
    if found.status != "open":
        return ctx.refuse("appeal.decided", id=found.id,
                          status=ctx.say("appeal.status." + found.status))
    case = await store.case(ctx.community, found.number)
    assert case is not None   # appeals reference their case
    return found, case


async def accept(ctx: Context) -> Answer:
    pending = await _pending(ctx)
    if isinstance(pending, Answer):
        return pending
    found, case = pending
    invoker = ctx.inv.invoker
    if case.action == "ban" and not invoker.owner and BAN not in invoker.rights:
        return ctx.refuse("refuse.right", right=ctx.say("right." + BAN))
    store = ctx.services.store
    if await store.decide_appeal(found.id, "accepted", invoker.id, ctx.now) is None:
        return ctx.refuse("appeal.decided", id=found.id, status="")
    await store.note_change(ctx.community, case.number, "appeal_accepted", invoker.id, ctx.now,
                            new=f"#{found.id}")
    lifted = await _lift(ctx, found, case)
    lines = [ctx.say("appeal.accepted", id=found.id, number=case.number)]
    if lifted is not None:
        key = "appeal.lifted" if lifted.status == "done" else "appeal.lift_failed"
        lines.append(ctx.say(key, number=lifted.number, error=lifted.error or ""))
    modlog = ctx.services.modlog
    modlog.later(modlog.to_member(ctx.community, case.user, ctx.public(
        "appeal.accepted_dm", number=case.number, community=ctx.community)))
    modlog.later(modlog.to_log(ctx.community, ctx.public(
        "appeal.log_accepted", id=found.id, number=case.number, by=who(invoker.name, invoker.id))))
    return Answer("\n".join(lines))


async def _lift(ctx: Context, found: Appeal, case: Case) -> Case | None:
    """Undo what the case did: unban, lift a running timeout, withdraw a warn's points."""
    reason = ctx.public("appeal.lift_reason", id=found.id, number=case.number)
    scheduler = ctx.services.scheduler
    action: Action | None = None
    if case.action == "ban":
        action = Unban(CaseKind.APPEAL.value, reason=reason)
        await scheduler.cancel(ctx.community, case.user, LIFTED_BY_UNBAN, at=ctx.now)
    elif case.action == "timeout" and case.expires_at is not None and case.expires_at > ctx.now:
        action = Untimeout(CaseKind.APPEAL.value, reason=reason)
        await scheduler.cancel(ctx.community, case.user, LIFTED_BY_UNTIMEOUT, at=ctx.now)
    elif case.action == "warn" and case.points:
        await ctx.services.points.withdraw(case)
    if action is None:
        return None
    return await lift(ctx, action, case.user, reason)


async def deny(ctx: Context) -> Answer:
    pending = await _pending(ctx)
    if isinstance(pending, Answer):
        return pending
    found, case = pending
    invoker = ctx.inv.invoker
    store = ctx.services.store
    if await store.decide_appeal(found.id, "denied", invoker.id, ctx.now) is None:
        return ctx.refuse("appeal.decided", id=found.id, status="")
    await store.note_change(ctx.community, case.number, "appeal_denied", invoker.id, ctx.now,
                            new=f"#{found.id}")
    modlog = ctx.services.modlog
    modlog.later(modlog.to_member(ctx.community, case.user, ctx.public(
        "appeal.denied_dm", number=case.number, community=ctx.community)))
    modlog.later(modlog.to_log(ctx.community, ctx.public(
        "appeal.log_denied", id=found.id, number=case.number, by=who(invoker.name, invoker.id))))
    return ctx.answer("appeal.denied", id=found.id, number=case.number)


async def rules_summary(ctx: Context) -> Answer:
    """The code of conduct in short: each rule's description, in the community's language."""
    ruleset = ctx.ruleset
    lines = [ctx.public("rules.summary_head", name=ruleset.name)]
    for rule in ruleset.rules:
        if rule.mode == "enforce":
            lines.append(f"• {rule.description or rule.id}")
    if len(lines) == 1:
        lines.append(ctx.public("rules.summary_empty"))
    return Answer("\n".join(lines)[:MAX_POST])
