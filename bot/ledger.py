"""From a verdict to numbered cases: which actions are cases, and what each case covers.

Warn, timeout, kick and ban are cases; a `delete` is noted on the case of the
rule that asked for it (or the verdict's first case), so a refused delete
fails that case; replies, DMs and alerts are not cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rules.actions import Action, Ban, Delete, Kick, Timeout, Warn
from rules.events import Message
from rules.verdict import Verdict
from storage.models import NewCase

CASE_ACTIONS = (Warn, Timeout, Kick, Ban)


@dataclass
class PlannedCase:
    new: NewCase
    calls: list[Action] = field(default_factory=list)   # platform calls this case depends on


def expiry(action: Action, now: datetime) -> datetime | None:
    if isinstance(action, Timeout):
        return now + action.duration
    if isinstance(action, Ban) and action.duration is not None:
        return now + action.duration
    return None


def plan_cases(verdict: Verdict, message: Message, now: datetime) -> list[PlannedCase]:
    planned: list[PlannedCase] = []
    evidence = {hit.rule: hit.evidence for hit in verdict.hits}
    for action in verdict.actions:
        if not isinstance(action, CASE_ACTIONS):
            continue
        reason = getattr(action, "reason", "")
        found = evidence.get(action.rule, "")
        if found and found not in reason:
            reason = f"{reason} ({found})" if reason else found
        planned.append(
            PlannedCase(
                NewCase(
                    community=message.community,
                    user=message.user.id,
                    action=action.kind,
                    rule=action.rule,
                    reason=reason,
                    evidence=message.text,
                    created_at=now,
                    expires_at=expiry(action, now),
                    points=action.points if isinstance(action, Warn) else 0,
                    message_id=message.id,
                    channel=message.channel_id or message.channel,
                ),
                [action],
            )
        )
    delete = next((a for a in verdict.actions if isinstance(a, Delete)), None)
    if delete is not None and planned:
        owner = next((p for p in planned if p.new.rule == delete.rule), planned[0])
        owner.calls.insert(0, delete)
    return planned
