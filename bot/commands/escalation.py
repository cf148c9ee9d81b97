"""Escalation steps a moderator may not carry out: left, with a button, to one who may.

A manual warn adds its points whoever gives it, but the step those points cross is a
sanction of its own and needs that sanction's right: a helper with Moderate Members only
must not ban through the ladder. Such a step is not carried out; the mod log gets a
request with an apply button whose payload names the warn's case and the step's points
(so it survives a restart, and fits Telegram's 64 bytes). Whoever presses it is checked
again, on the member's standing now: the step's right, then the ranks, then that the
member still has the points. The step then runs as an `escalation` case through the case
path, with the presser as its moderator (who decided it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.adapter import Capability, Target
from bot.cases.kinds import CaseKind
from bot.cases.path import CasePlan
from bot.casetext import shown_reason, who
from bot.command_model import BAN, KICK, MODERATE, Answer, Authority
from bot.commands.authority import target_refusal
from bot.commands.context import Context
from bot.posts import Button
from rules.actions import Action
from rules.durations import format_duration
from storage.models import Case, NewCase

COMMAND = "escalation apply"
STEP_RIGHTS = {"timeout": MODERATE, "kick": KICK, "ban": BAN}

# Steps being applied now, by (community, warn case, step points): two presses at once
# must not both find the step not yet applied.
_APPLYING: set[tuple[str, int, int]] = set()


def right_for(step: Action) -> str:
    """The right a step needs, as the command carrying it out by hand would."""
    return STEP_RIGHTS[step.kind]


def may_carry(invoker: Authority, step: Action) -> bool:
    return invoker.owner or right_for(step) in invoker.rights


def step_values(member: Authority, points: int, community: str,
                reason: str) -> dict[str, object]:
    """The placeholders a step's reason may use, filled as a manual warn fills them."""
    mention = member.mention or f"@{member.name or member.id}"
    return {"mention": mention, "user": member.name or member.id, "points": points,
            "community": community, "rule": CaseKind.ESCALATION.value, "reason": reason,
            "duration": ""}


def _named(text: str, step: Action) -> str:
    """"ban" or "timeout 1h": the action's word and its length, when it has one."""
    duration: timedelta | None = getattr(step, "duration", None)
    return f"{text} {format_duration(duration)}" if duration else text


async def ask(ctx: Context, warn: Case, points: int, step: Action, after: int) -> str:
    """Leave the step to a moderator who may carry it out: the request and its button in
    the mod log. Returns the line that tells the warning moderator so."""
    invoker, member = ctx.inv.invoker, ctx.inv.target
    assert member is not None
    right = "right." + right_for(step)
    action = _named(ctx.say("action." + step.kind), step)
    if not ctx.ruleset.log_channel or not ctx.services.platforms.can(ctx.community,
                                                                     Capability.POSTS):
        return ctx.say("escalation.no_log", action=action, right=ctx.say(right))
    public = _named(ctx.public("action." + step.kind), step)
    button = Button(ctx.public("escalation.apply_label", action=public), COMMAND,
                    {"case": warn.number, "step": points}, style="danger")
    text = ctx.public("escalation.request", number=warn.number,
                      moderator=who(invoker.name, invoker.id),
                      member=who(member.name, member.id), points=after, action=public,
                      right=ctx.public(right))
    ctx.services.modlog.later(ctx.services.modlog.to_log(ctx.community, text, (button,)))
    return ctx.say("escalation.waiting", action=action, right=ctx.say(right))


async def apply(ctx: Context) -> Answer:
    """The apply button: the step, if the presser may carry it out and it still stands."""
    number, points = ctx.values["case"], ctx.values["step"]
    warn = await ctx.services.store.case(ctx.community, number)
    if warn is None or warn.action != "warn" or warn.moderator is None:
        return ctx.refuse("escalation.not_found", number=number)
    placeholder = Authority(id=warn.user)
    kind = ctx.services.points.step_at(ctx.community, points,
                                       step_values(placeholder, points, ctx.community, ""))
    if kind is None:
        return ctx.refuse("escalation.step_gone", number=number, points=points)
    invoker = ctx.inv.invoker
    if not may_carry(invoker, kind):
        return ctx.refuse("refuse.right", right=ctx.say("right." + right_for(kind)))
    member = await ctx.services.platforms.standing(ctx.community, warn.user)
    if member is None:
        return ctx.refuse("escalation.standing_unknown", member=warn.user)
    refused = target_refusal(replace(ctx.inv, target=member))
    if refused is not None:
        return ctx.refuse(refused[0], **refused[1])
    now = ctx.services.points.current(ctx.community, warn.user, ctx.now)
    if now < points:
        return ctx.refuse("escalation.points_fell", member=who(member.name, member.id),
                          points=now, step=points)
    step = ctx.services.points.step_at(ctx.community, points,
                                       step_values(member, now, ctx.community,
                                                   shown_reason(ctx.locale, warn.reason)))
    assert step is not None     # the same ladder as a moment ago (nothing awaited between)
    applying = (ctx.community, number, points)
    if applying in _APPLYING:
        return ctx.refuse("escalation.in_progress", number=number)
    _APPLYING.add(applying)
    try:
        earlier = await _applied(ctx, warn, step)
        if earlier is not None:
            return ctx.refuse("escalation.already", number=earlier.number, warn=number)
        finished = await ctx.services.cases.run(_plan(ctx, warn, member, step))
    finally:
        _APPLYING.discard(applying)
    case = finished.case
    if case.status == "failed":
        return Answer(ctx.say("sanction.failed", number=case.number, error=case.error or ""))
    return ctx.answer("escalation.applied", number=case.number, warn=number,
                      action=_named(ctx.say("action." + step.kind), step),
                      member=who(member.name, member.id))


async def _applied(ctx: Context, warn: Case, step: Action) -> Case | None:
    """A case since the warn that already carried this step out (pressed before, or the
    ladder fired again), failed ones aside: a failure may be retried."""
    later = await ctx.services.store.cases(ctx.community, warn.user)
    return next((case for case in later
                 if case.number > warn.number and case.rule == CaseKind.ESCALATION.value
                 and case.action == step.kind and case.status != "failed"), None)


def _plan(ctx: Context, warn: Case, member: Authority, step: Action) -> CasePlan:
    invoker = ctx.inv.invoker
    duration: timedelta | None = getattr(step, "duration", None)
    new = NewCase(
        community=ctx.community, user=warn.user, action=step.kind,
        rule=CaseKind.ESCALATION.value, reason=getattr(step, "reason", ""),
        moderator=invoker.id, created_at=ctx.now,
        expires_at=ctx.now + duration if duration else None, channel=warn.channel)
    target = Target(ctx.community, warn.user, member.name, warn.channel or "", "",
                    ctx.ruleset.log_channel or "")
    return CasePlan(new, (step,), target, member=member.name, moderator=invoker.name)
