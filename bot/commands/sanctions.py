"""Moderators' sanctions by hand, through the case path exactly like the engine's.

Each is a `manual` case with the moderator's id, committed `pending` before
the platform call and then marked done or failed with the platform's reason
(bot/cases/path.py, which also schedules the timers of temporary sanctions).
A warn adds points (bot/points.py), and escalation steps crossed fire as their
own `escalation` cases (the same ladder as the engine's) when the moderator holds the
step's right; otherwise the step waits for one who does (escalation.py). A manual
timeout is at most the table's bound (registry.py); a purge naming a member needs the
moderator to rank above them (authority.purge_refusal).
"""

from __future__ import annotations

from bot.adapter import Capability, Target
from bot.cases.kinds import CaseKind
from bot.cases.path import CasePlan, OpenCase
from bot.casetext import shown_reason, who
from bot.command_model import Answer
from bot.commands import escalation
from bot.commands.authority import purge_refusal
from bot.commands.context import Context
from bot.scheduler import LIFTED_BY_UNBAN, LIFTED_BY_UNTIMEOUT, TimerKind
from rules.actions import Action, Ban, Kick, Purge, Timeout, Unban, Untimeout, Warn
from rules.durations import format_duration
from storage.models import Case, NewCase

MANUAL = CaseKind.MANUAL.value


def _plan(ctx: Context, action: Action, *, rule: str = MANUAL, reason: str = "",
          points: int = 0, user: str | None = None, name: str = "") -> CasePlan:
    """The case of a command. The member is the invocation's target unless `user` is given
    (an appeal lifts the sanction of the case's member)."""
    inv = ctx.inv
    if user is None:
        assert inv.target is not None
        user, name = inv.target.id, inv.target.name
    evidence = inv.message_text if user == (inv.target.id if inv.target else None) else ""
    duration = getattr(action, "duration", None)
    by_hand = rule != CaseKind.ESCALATION.value
    new = NewCase(
        community=inv.community, user=user, action=action.kind, rule=rule, reason=reason,
        moderator=inv.invoker.id if by_hand else None,
        evidence=evidence, created_at=ctx.now,
        expires_at=ctx.now + duration if duration else None, points=points,
        message_id=(inv.message_id or None) if evidence else None,
        channel=inv.channel or None)
    target = Target(inv.community, user, name, inv.channel, inv.message_id,
                    ctx.ruleset.log_channel or "")
    return CasePlan(new, (action,), target, member=name,
                    moderator=inv.invoker.name if by_hand else "")


async def _open(ctx: Context, action: Action, *, rule: str = MANUAL, reason: str = "",
                points: int = 0) -> OpenCase:
    """Commit the case as pending (ledger first)."""
    return await ctx.services.cases.open(_plan(ctx, action, rule=rule, reason=reason,
                                               points=points))


async def lift(ctx: Context, action: Action, user: str, reason: str) -> Case:
    """Undo a sanction through the ledger (an accepted appeal): a case of its own."""
    plan = _plan(ctx, action, rule=CaseKind.APPEAL.value, reason=reason, user=user)
    return (await ctx.services.cases.run(plan)).case


def _outcome(ctx: Context, key: str, case: Case, **values: object) -> Answer:
    assert ctx.inv.target is not None
    member = who(ctx.inv.target.name, ctx.inv.target.id)
    if case.status == "failed":
        return Answer(ctx.say("sanction.failed", number=case.number, error=case.error or ""))
    return Answer(ctx.say(key, number=case.number, member=member, **values))


async def _single(ctx: Context, action: Action, key: str, **values: object) -> Answer:
    reason = ctx.values.get("reason", "")
    finished = await ctx.services.cases.run(_plan(ctx, action, reason=reason))
    return _outcome(ctx, key, finished.case, **values)


async def warn(ctx: Context) -> Answer:
    inv = ctx.inv
    assert inv.target is not None
    points = ctx.values.get("points", 1)
    reason = ctx.values.get("reason", "")
    shown = shown_reason(ctx.locale, reason)      # the member and a step's text read it
    before, after = ctx.services.points.add(inv.community, inv.target.id, points, ctx.now)
    mention = inv.target.mention or f"@{inv.target.name or inv.target.id}"
    text = ctx.public("warn.member", mention=mention, reason=shown, points=after)
    values: dict[str, object] = {
        "mention": mention, "user": inv.target.name or inv.target.id, "points": after,
        "community": inv.community, "rule": "escalation", "reason": shown, "duration": ""}
    crossed = ctx.services.points.crossed(inv.community, before, after, values)
    # a step needs its own right: without it the warn stands and the step waits (escalation.py)
    left = crossed if crossed is not None and not escalation.may_carry(inv.invoker,
                                                                       crossed[1]) else None
    step = crossed[1] if crossed is not None and left is None else None
    # ledger first: every case is committed before any platform call
    opened = [await _open(ctx, Warn(MANUAL, points=points, reason=reason, text=text),
                          reason=reason, points=points)]
    if step is not None:
        opened.append(await _open(ctx, step, rule=CaseKind.ESCALATION.value,
                                  reason=getattr(step, "reason", "")))
    cases = [(await ctx.services.cases.carry(case)).case for case in opened]
    answer = _outcome(ctx, "warn.done", cases[0], points=after)
    if left is not None:
        waiting = await escalation.ask(ctx, cases[0], left[0], left[1], after)
        answer = Answer(answer.text + "\n" + waiting)
    if len(cases) > 1:
        step_case = cases[1]
        line = ctx.say("warn.escalated", number=step_case.number,
                       action=ctx.say("action." + step_case.action))
        if step_case.status == "failed":
            line += " " + ctx.say("sanction.failed", number=step_case.number,
                                  error=step_case.error or "")
        answer = Answer(answer.text + "\n" + line)
    return answer


async def timeout(ctx: Context) -> Answer:
    duration = ctx.values["duration"]
    action = Timeout(MANUAL, duration=duration, reason=ctx.values.get("reason", ""))
    return await _single(ctx, action, "timeout.done", duration=format_duration(duration))


async def untimeout(ctx: Context) -> Answer:
    answer = await _single(ctx, Untimeout(MANUAL, reason=ctx.values.get("reason", "")),
                           "untimeout.done")
    await _cancel(ctx, LIFTED_BY_UNTIMEOUT)
    return answer


async def kick(ctx: Context) -> Answer:
    return await _single(ctx, Kick(MANUAL, reason=ctx.values.get("reason", "")), "kick.done")


async def ban(ctx: Context) -> Answer:
    duration = ctx.values.get("duration")
    action = Ban(MANUAL, duration=duration, delete_messages=ctx.values.get("delete_messages"),
                 reason=ctx.values.get("reason", ""))
    if duration is None:
        return await _single(ctx, action, "ban.done")
    return await _single(ctx, action, "ban.done_for", duration=format_duration(duration))


async def unban(ctx: Context) -> Answer:
    answer = await _single(ctx, Unban(MANUAL, reason=ctx.values.get("reason", "")), "unban.done")
    await _cancel(ctx, LIFTED_BY_UNBAN)
    return answer


async def _cancel(ctx: Context, kinds: tuple[TimerKind, ...]) -> None:
    """A sanction lifted by hand leaves no timer behind to lift it again."""
    assert ctx.inv.target is not None
    await ctx.services.scheduler.cancel(ctx.community, ctx.inv.target.id, kinds, at=ctx.now)


async def purge(ctx: Context) -> Answer:
    """Bulk-delete recent messages (where the platform can), recorded as a case."""
    inv = ctx.inv
    if not ctx.services.platforms.can(inv.community, Capability.PURGE):
        return ctx.refuse("purge.unsupported")
    count = ctx.values["count"]
    member = inv.target
    refused = purge_refusal(inv.invoker, member) if member is not None else None
    if refused is not None:
        return ctx.refuse(refused[0], **refused[1])
    action = Purge(MANUAL, channel=inv.channel, count=count, user=member.id if member else None)
    new = NewCase(
        community=inv.community, user=member.id if member else "", action="purge", rule=MANUAL,
        reason=ctx.public("purge.reason", count=count, channel=inv.channel),
        moderator=inv.invoker.id, created_at=ctx.now, channel=inv.channel or None)
    target = Target(inv.community, member.id if member else "", member.name if member else "",
                    inv.channel)
    finished = await ctx.services.cases.run(CasePlan(
        new, (action,), target, member=member.name if member else "",
        moderator=inv.invoker.name))
    case = finished.case
    if case.status == "failed":
        return Answer(ctx.say("sanction.failed", number=case.number, error=case.error or ""))
    return Answer(ctx.say("purge.done", number=case.number, deleted=finished.affected or 0))
