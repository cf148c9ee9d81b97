"""Sentencing: from the rules that matched to the verdict's concrete actions.

Adds warning points, fires escalation steps crossed from below, renders the
admins' templates, and merges everything as FORMATS.md says: one delete, warn
points added together, of timeout/kick/ban only the most severe, and every
reply, dm and alert in rule order. Most of a rule's wording is prepared at
compile time (`CompiledRule.reason`, `.warn_points`, `.duration_text`), so this
runs on most sanctioned messages without parsing anything.
"""

from __future__ import annotations

from datetime import timedelta

from catalogue import template as catalogue_text
from rules.actions import Action, ActionSpec, Alert, Ban, Delete, Dm, Kick, Reply, Timeout, Warn
from rules.events import Message
from rules.ruleset import CompiledRule, Ruleset
from rules.state import MemberState
from rules.verdict import Hit, Verdict, severity

_MESSAGE_ORDER = {"reply": 0, "dm": 1, "alert": 2}


def fill(template: str, values: dict[str, object]) -> str:
    """Render a validated template (all placeholders are keys of `values`)."""
    return template.format_map(values) if "{" in template else template


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
    shadow_ids = tuple(rule.id for rule, _ in shadow_hits)
    shadow_found = tuple(Hit(rule.id, evidence, True) for rule, evidence in shadow_hits)
    if not hits:
        return Verdict(message.id, message.community, message.user.id, shadow=shadow_ids,
                       points=before, hits=shadow_found)
    added = sum(rule.warn_points for rule, _ in hits)
    state.add_points(now, added)
    after = before + added
    user = message.user
    values: dict[str, object] = {
        "mention": user.mention, "user": user.name or user.id, "points": after,
        "community": message.community, "rule": "", "reason": "", "duration": "",
    }
    delete: Delete | None = None
    sanction: Action | None = None
    warn_rule = ""
    warn_reasons: list[str] = []
    messages: dict[tuple[str, str], Action] = {}
    for rule, _ in hits:
        values["rule"] = rule.id
        values["duration"] = rule.duration_text
        values["reason"] = ""
        values["reason"] = reason = fill(rule.reason, values)
        for spec in rule.actions:
            kind = spec.kind
            if kind == "delete":
                delete = delete or Delete(rule.id)
            elif kind == "warn":
                warn_rule = warn_rule or rule.id
                warn_reasons.append(fill(spec.reason, values) if spec.reason else reason)
            elif kind in ("timeout", "kick", "ban"):
                action = _sanction(spec, rule.id, fill(spec.reason, values) if spec.reason
                                   else reason)
                if sanction is None or severity(action) > severity(sanction):
                    sanction = action
            else:
                text = fill(spec.text or "", values)
                messages.setdefault((kind, text), _message(kind, rule.id, text))
    rule_ids = [rule.id for rule, _ in hits]
    values["rule"], values["duration"] = "escalation", ""
    step = escalate(ruleset, before, after, values)
    if step is not None:
        if sanction is None or severity(step) > severity(sanction):
            sanction = step
        if rule_ids[-1] != "escalation":
            rule_ids.append("escalation")
    actions: list[Action] = [delete] if delete else []
    if warn_rule:
        reason = "; ".join(dict.fromkeys(warn_reasons))
        values["rule"], values["reason"] = warn_rule, reason
        text = fill(catalogue_text(ruleset.locale, "warn.member"), values)
        actions.append(Warn(warn_rule, points=added, reason=reason, text=text))
    if sanction is not None:
        actions.append(sanction)
    if messages:
        actions.extend(sorted(messages.values(), key=lambda a: _MESSAGE_ORDER[a.kind]))
    return Verdict(
        message.id, message.community, message.user.id,
        rules=tuple(rule_ids), shadow=shadow_ids, actions=tuple(actions),
        points=after, points_added=added,
        hits=tuple(Hit(rule.id, evidence) for rule, evidence in hits) + shadow_found,
    )


def escalate(ruleset: Ruleset, before: int, after: int,
             values: dict[str, object]) -> Action | None:
    """The most severe escalation step crossed from below (`before` < step <= `after`).

    Shared by the engine and moderators' manual warns, so both escalate alike.
    `values` fills the step's reason template (`rule` is "escalation").
    """
    sanction: Action | None = None
    for step in ruleset.escalation.steps:
        if before < step.points <= after:
            wording = step.reason or catalogue_text(ruleset.locale, "escalation.reason")
            reason = fill(wording, values)
            action = _step_action(step.action, step.duration, reason)
            if sanction is None or severity(action) > severity(sanction):
                sanction = action
    return sanction


def _sanction(spec: ActionSpec, rule: str, reason: str) -> Action:
    if spec.kind == "timeout":
        return Timeout(rule, duration=spec.duration or timedelta(0), reason=reason)
    if spec.kind == "kick":
        return Kick(rule, reason=reason)
    return Ban(rule, duration=spec.duration, delete_messages=spec.delete_messages, reason=reason)


def _message(kind: str, rule: str, text: str) -> Action:
    if kind == "reply":
        return Reply(rule, text=text)
    if kind == "dm":
        return Dm(rule, text=text)
    return Alert(rule, text=text)


def _step_action(kind: str, duration: timedelta | None, reason: str) -> Action:
    if kind == "timeout":
        return Timeout("escalation", duration=duration or timedelta(0), reason=reason)
    if kind == "kick":
        return Kick("escalation", reason=reason)
    return Ban("escalation", duration=duration, reason=reason)
