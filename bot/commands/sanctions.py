"""Moderators' sanctions by hand, through the ledger exactly like the engine's.

Each is a `manual` case with the moderator's id, committed `pending` before
the platform call and then marked done or failed with the platform's reason.
Temporary bans and timeouts get the runtime's timers (Pipeline.schedule_lifting);
a warn adds points in memory and in the store, and escalation steps crossed
fire as their own `escalation` cases (rules.sentencing.escalate, shared with
the engine).
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from bot.adapter import Target
from bot.commands.context import Context, who
from bot.commands.model import Answer
from bot.errors import ActionError
from rules.actions import Action, Ban, Kick, Timeout, Unban, Untimeout, Warn
from rules.durations import format_duration
from rules.sentencing import escalate
from rules.state import timestamp
from storage.models import Case, NewCase

log = structlog.get_logger("gardien.commands")

MANUAL = "manual"


@dataclass
class Planned:
    case: Case
    action: Action
    user: str
    name: str


async def _open(ctx: Context, action: Action, *, rule: str = MANUAL, reason: str = "",
                points: int = 0, user: str | None = None, name: str = "") -> Planned:
    """Commit the case as pending (ledger first). The member is the invocation's target
    unless `user` is given (an appeal lifts the sanction of the case's member)."""
    inv = ctx.inv
    if user is None:
        assert inv.target is not None
        user, name = inv.target.id, inv.target.name
    evidence = inv.message_text if user == (inv.target.id if inv.target else None) else ""
    duration = getattr(action, "duration", None)
    case = await ctx.center.store.open_case(NewCase(
        community=inv.community, user=user, action=action.kind, rule=rule, reason=reason,
        moderator=inv.invoker.id if rule != "escalation" else None,
        evidence=evidence, created_at=ctx.now,
        expires_at=ctx.now + duration if duration else None, points=points,
        message_id=(inv.message_id or None) if evidence else None,
        channel=inv.channel or None))
    return Planned(case, action, user, name)


async def _carry(ctx: Context, planned: Planned) -> Case:
    """The platform call, the timer when it lasts, the case's outcome, the mod log."""
    inv = ctx.inv
    target = Target(inv.community, planned.user, planned.name, inv.channel, inv.message_id,
                    ctx.ruleset.log_channel or "")
    return await ctx.center.pipeline.carry(
        planned.case, planned.action, target, decided=ctx.now, member=planned.name,
        moderator=inv.invoker.name if planned.case.moderator else "")


async def lift(ctx: Context, action: Action, user: str, reason: str, rule: str) -> Case:
    """Undo a sanction through the ledger (an accepted appeal): a case of its own."""
    planned = await _open(ctx, action, rule=rule, reason=reason, user=user)
    return await _carry(ctx, planned)


def _outcome(ctx: Context, key: str, case: Case, **values: object) -> Answer:
    assert ctx.inv.target is not None
    member = who(ctx.inv.target.name, ctx.inv.target.id)
    if case.status == "failed":
        return Answer(ctx.say("sanction.failed", number=case.number, error=case.error or ""))
    return Answer(ctx.say(key, number=case.number, member=member, **values))


async def _single(ctx: Context, action: Action, key: str, **values: object) -> Answer:
    reason = ctx.values.get("reason", "")
    planned = await _open(ctx, action, reason=reason)
    return _outcome(ctx, key, await _carry(ctx, planned), **values)


async def warn(ctx: Context) -> Answer:
    inv = ctx.inv
    assert inv.target is not None
    points = ctx.values.get("points", 1)
    reason = ctx.values["reason"]
    ruleset = ctx.ruleset
    state = ctx.center.pipeline.book.get(inv.community, inv.target.id)
    now = timestamp(ctx.now)
    before = state.points_at(now, ruleset.escalation.expire_after)
    state.add_points(now, points)
    after = before + points
    mention = inv.target.mention or f"@{inv.target.name or inv.target.id}"
    text = ctx.public("warn.member", mention=mention, reason=reason, points=after)
    values: dict[str, object] = {
        "mention": mention, "user": inv.target.name or inv.target.id, "points": after,
        "community": inv.community, "rule": "escalation", "reason": reason, "duration": ""}
    step = escalate(ruleset, before, after, values)
    # ledger first: every case is committed before any platform call
    planned = [await _open(ctx, Warn(MANUAL, points=points, reason=reason, text=text),
                           reason=reason, points=points)]
    if step is not None:
        planned.append(await _open(ctx, step, rule="escalation",
                                   reason=getattr(step, "reason", "")))
    cases = [await _carry(ctx, plan) for plan in planned]
    answer = _outcome(ctx, "warn.done", cases[0], points=after)
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
    action = Timeout(MANUAL, duration=duration, reason=ctx.values["reason"])
    return await _single(ctx, action, "timeout.done", duration=format_duration(duration))


async def untimeout(ctx: Context) -> Answer:
    answer = await _single(ctx, Untimeout(MANUAL, reason=ctx.values.get("reason", "")),
                           "untimeout.done")
    await _cancel(ctx, "lift_timeout", "renew_timeout")
    return answer


async def kick(ctx: Context) -> Answer:
    return await _single(ctx, Kick(MANUAL, reason=ctx.values["reason"]), "kick.done")


async def ban(ctx: Context) -> Answer:
    duration = ctx.values.get("duration")
    action = Ban(MANUAL, duration=duration, delete_messages=ctx.values.get("delete_messages"),
                 reason=ctx.values["reason"])
    if duration is None:
        return await _single(ctx, action, "ban.done")
    return await _single(ctx, action, "ban.done_for", duration=format_duration(duration))


async def unban(ctx: Context) -> Answer:
    answer = await _single(ctx, Unban(MANUAL, reason=ctx.values.get("reason", "")), "unban.done")
    await _cancel(ctx, "unban")
    return answer


async def _cancel(ctx: Context, *kinds: str) -> None:
    """A sanction lifted by hand leaves no timer behind to lift it again."""
    assert ctx.inv.target is not None
    for kind in kinds:
        await ctx.center.store.cancel_timers(ctx.community, ctx.inv.target.id, kind, at=ctx.now)


async def purge(ctx: Context) -> Answer:
    """Bulk-delete recent messages (the adapter's optional `purge`), recorded as a case."""
    inv = ctx.inv
    count = ctx.values["count"]
    pipeline = ctx.center.pipeline
    adapter = pipeline.adapter_for(inv.community)
    bulk = getattr(adapter, "purge", None)
    if bulk is None:
        return ctx.refuse("purge.unsupported")
    member = inv.target
    store = ctx.center.store
    case = await store.open_case(NewCase(
        community=inv.community, user=member.id if member else "", action="purge", rule=MANUAL,
        reason=ctx.public("purge.reason", count=count, channel=inv.channel),
        moderator=inv.invoker.id, created_at=ctx.now, channel=inv.channel or None))
    error: str | None = None
    deleted = 0
    try:
        deleted = await bulk(inv.community, inv.channel, count, member.id if member else None)
    except NotImplementedError:
        error = ctx.public("purge.unsupported")
    except ActionError as failure:
        error = failure.reason
    except Exception:   # an adapter bug: the case must not stay pending
        log.exception("purge_crashed", community=inv.community)
        error = ctx.public("error.adapter")
    finished = await store.finish_case(inv.community, case.number,
                                       "failed" if error else "done", error)
    pipeline.case_finished(finished, member.name if member else "", inv.invoker.name)
    if error:
        return Answer(ctx.say("sanction.failed", number=case.number, error=error))
    return Answer(ctx.say("purge.done", number=case.number, deleted=deleted))
