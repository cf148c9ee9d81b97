"""From a verdict to numbered cases: which actions are cases, and what each case covers.

Warn, timeout, kick and ban are cases; a `delete` is carried with the case of the
rule that asked for it (or the verdict's first case), so a refused delete fails
that case; replies, DMs and alerts are not cases, nor is a delete no case owns.
"""

from __future__ import annotations

from datetime import datetime

from bot.adapter import Target
from bot.cases.path import CasePlan
from rules.actions import Action, Ban, Delete, Kick, Timeout, Warn
from rules.events import Message
from rules.verdict import Verdict
from storage.models import NewCase

CASE_ACTIONS = (Warn, Timeout, Kick, Ban)


def expiry(action: Action, now: datetime) -> datetime | None:
    if isinstance(action, Timeout):
        return now + action.duration
    if isinstance(action, Ban) and action.duration is not None:
        return now + action.duration
    return None


def _reason(action: Action, evidence: dict[str, str]) -> str:
    reason: str = getattr(action, "reason", "")   # every case action has a reason field
    found = evidence.get(action.rule, "")
    if found and found not in reason:
        reason = f"{reason} ({found})" if reason else found
    return reason


def plan_cases(verdict: Verdict, message: Message, target: Target,
               now: datetime) -> tuple[list[CasePlan], list[Action]]:
    """The verdict's cases, each with the calls it depends on (in the verdict's order), and
    the calls no case owns (replies, DMs, alerts; a delete when there is no case)."""
    evidence = {hit.rule: hit.evidence for hit in verdict.hits}
    sanctions = [a for a in verdict.actions if isinstance(a, CASE_ACTIONS)]
    delete = next((a for a in verdict.actions if isinstance(a, Delete)), None)
    owner_rule = None
    if delete is not None and sanctions:
        owner_rule = delete.rule if any(a.rule == delete.rule for a in sanctions) \
            else sanctions[0].rule
    plans: list[CasePlan] = []
    owned = False
    for action in sanctions:
        calls: tuple[Action, ...] = (action,)
        if delete is not None and not owned and action.rule == owner_rule:
            calls, owned = (delete, action), True
        plans.append(CasePlan(
            NewCase(community=message.community, user=message.user.id, action=action.kind,
                    rule=action.rule, reason=_reason(action, evidence), evidence=message.text,
                    created_at=now, expires_at=expiry(action, now),
                    points=action.points if isinstance(action, Warn) else 0,
                    message_id=message.id, channel=message.channel_id or message.channel),
            calls, target, member=message.user.name))
    loose = [a for a in verdict.actions
             if not isinstance(a, CASE_ACTIONS) and not (owned and a is delete)]
    return plans, loose
