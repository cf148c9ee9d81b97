"""Sentencing: from the rules that matched to the verdict's concrete actions.

Adds warning points, fires escalation steps crossed from below, renders the
admins' templates, and merges everything as FORMATS.md says.
"""

from __future__ import annotations

from datetime import timedelta

from rules import messages as bot_messages
from rules.actions import Action, ActionSpec, Alert, Ban, Delete, Dm, Kick, Reply, Timeout, Warn
from rules.durations import format_duration
from rules.events import Message
from rules.ruleset import CompiledRule, Ruleset
from rules.state import MemberState
from rules.templates import render
from rules.verdict import Hit, Verdict, merge_actions


def _rule_reason(rule: CompiledRule) -> str:
    for spec in rule.actions:
        if spec.reason:
            return spec.reason
    return rule.description or rule.id


def _rule_duration(rule: CompiledRule) -> timedelta | None:
    for spec in rule.actions:
        if spec.kind in ("timeout", "ban") and spec.duration is not None:
            return spec.duration
    return None


def sentence(
    ruleset: Ruleset,
    message: Message,
    state: MemberState,
    now: float,
    hits: list[tuple[CompiledRule, str]],
    shadow_hits: list[tuple[CompiledRule, str]],
) -> Verdict:
    """The verdict for a message some rules matched; updates the member's points."""
    policy = ruleset.escalation
    before = state.points_at(now, policy.expire_after)
    if not hits:
        return Verdict(
            message.id,
            message.community,
            message.user.id,
            shadow=tuple(rule.id for rule, _ in shadow_hits),
            points=before,
            hits=tuple(Hit(rule.id, evidence, shadow=True) for rule, evidence in shadow_hits),
        )
    added = sum(spec.points for rule, _ in hits for spec in rule.actions if spec.kind == "warn")
    state.add_points(now, added)
    after = before + added
    fired = [step for step in policy.steps if before < step.points <= after]
    values = {
        "mention": message.user.mention,
        "user": message.user.name or message.user.id,
        "points": after,
        "community": message.community,
    }
    actions: list[Action] = []
    warn_reasons: list[str] = []
    warn_rule = ""
    for rule, _ in hits:
        rule_values = {
            **values,
            "rule": rule.id,
            "reason": render(_rule_reason(rule), {**values, "rule": rule.id}),
            "duration": format_duration(d) if (d := _rule_duration(rule)) else "",
        }
        for spec in rule.actions:
            if spec.kind == "warn":
                warn_rule = warn_rule or rule.id
                warn_reasons.append(
                    render(spec.reason, rule_values) if spec.reason else rule_values["reason"]
                )
            else:
                actions.append(_concrete(spec, rule.id, rule_values))
    for step in fired:
        reason = step.reason or bot_messages.text(bot_messages.ESCALATION_REASON, ruleset.locale)
        actions.append(_step_action(step.action, step.duration, render(reason, values)))
    if warn_rule:
        reason = "; ".join(dict.fromkeys(warn_reasons))
        warn_text = render(
            bot_messages.text(bot_messages.WARN_TEXT, ruleset.locale),
            {**values, "rule": warn_rule, "reason": reason},
        )
        actions.append(Warn(warn_rule, points=added, reason=reason, text=warn_text))
    rule_ids = [rule.id for rule, _ in hits]
    if fired:
        rule_ids.append("escalation")
    return Verdict(
        message.id,
        message.community,
        message.user.id,
        rules=tuple(rule_ids),
        shadow=tuple(rule.id for rule, _ in shadow_hits),
        actions=merge_actions(actions),
        points=after,
        points_added=added,
        hits=tuple(Hit(rule.id, evidence) for rule, evidence in hits)
        + tuple(Hit(rule.id, evidence, shadow=True) for rule, evidence in shadow_hits),
    )


def _concrete(spec: ActionSpec, rule: str, values: dict[str, object]) -> Action:
    reason = render(spec.reason, values) if spec.reason else str(values["reason"])
    if spec.kind == "delete":
        return Delete(rule)
    if spec.kind == "timeout":
        return Timeout(rule, duration=spec.duration or timedelta(0), reason=reason)
    if spec.kind == "kick":
        return Kick(rule, reason=reason)
    if spec.kind == "ban":
        return Ban(
            rule, duration=spec.duration, delete_messages=spec.delete_messages, reason=reason
        )
    text = render(spec.text or "", values)
    if spec.kind == "reply":
        return Reply(rule, text=text)
    if spec.kind == "dm":
        return Dm(rule, text=text)
    return Alert(rule, text=text)


def _step_action(kind: str, duration: timedelta | None, reason: str) -> Action:
    if kind == "timeout":
        return Timeout("escalation", duration=duration or timedelta(0), reason=reason)
    if kind == "kick":
        return Kick("escalation", reason=reason)
    return Ban("escalation", duration=duration, reason=reason)


