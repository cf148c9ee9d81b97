"""From a rule file to a `Ruleset`: parse, validate everything, compile once.

A file is accepted whole or refused whole, with every problem at once; its
`examples` are run as part of validation, so a failing example refuses it too.
A `CompileBudget` (files uploaded from chat) is checked while parsing, between
rules and between examples: a file that takes too long is refused where it got to.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from rules.actions import ActionSpec, parse_action
from rules.automod import AutoModSource, collect
from rules.conditions import CompileContext, ConditionKind, default_registry
from rules.durations import format_duration
from rules.gating import NO_GATE, required_words
from rules.matchtree import compile_match
from rules.problems import CompileBudget, RuleFileError
from rules.ruleset import CompiledRule, EscalationPolicy, Ruleset
from rules.schedule import ScheduledItem
from rules.spec import RuleFileSpec, RuleSpec, Welcome
from rules.templates import template_problem
from rules.validation import validate
from rules.watch import CompiledWatch, CrisisPolicy
from rules.yamlsource import Path as YamlPath
from rules.yamlsource import Source, load_yaml, read_limited


def load_ruleset(path: str | Path, registry: dict[str, ConditionKind] | None = None) -> Ruleset:
    """Read and compile a rule file; raise RuleFileError listing every problem."""
    path = Path(path)
    raw, problem = read_limited(path, "rule file")
    if raw is None:
        raise RuleFileError([problem] if problem else [])
    return compile_ruleset(raw, str(path), path.parent, registry)


def compile_ruleset(
    raw: str | bytes,
    file: str,
    base_dir: Path,
    registry: dict[str, ConditionKind] | None = None,
    *,
    local_files: bool = True,
    budget: CompileBudget | None = None,
) -> Ruleset:
    """Compile a rule file's bytes. `local_files=False` (uploads from chat) refuses every
    word list read from the host's disk: only `builtin:*` lists and inline words. With a
    `budget`, raise RuleFileError as soon as the compile outlasts it."""
    raw_bytes = raw.encode("utf-8") if isinstance(raw, str) else raw
    source, problems = load_yaml(raw_bytes, file, budget)
    if source is None:
        raise RuleFileError(problems)
    ctx = CompileContext(source=source, base_dir=base_dir, problems=problems,
                         local_files=local_files)
    ruleset = _compile(source, ctx, registry or default_registry(), raw_bytes, budget)
    if ruleset is not None and not ctx.problems:
        from rules.examples import check_examples  # needs the engine; imported late

        ctx.problems.extend(check_examples(ruleset, source, budget))
    if ctx.problems or ruleset is None:
        raise RuleFileError(ctx.problems)
    return ruleset


def _compile(
    source: Source, ctx: CompileContext, registry: dict[str, ConditionKind], raw: bytes,
    budget: CompileBudget | None,
) -> Ruleset | None:
    data = source.data
    if not isinstance(data, dict):
        ctx.problem((), "a rule file is a mapping with `version`, `name` and `rules`")
        return None

    def report(loc: YamlPath, message: str, at_key: bool) -> None:
        ctx.problem(loc, message, key=at_key)

    spec = validate(RuleFileSpec, data, report)
    raw_rules = data.get("rules")
    compiled: list[CompiledRule] = []
    disabled: list[str] = []
    if isinstance(raw_rules, list):
        seen: dict[str, int] = {}
        for index, raw_rule in enumerate(raw_rules):
            if budget is not None:
                budget.check(source.file, *source.position(("rules", index)))
            rule = _compile_rule(raw_rule, index, ctx, registry, seen)
            if rule is None:
                continue
            if rule.mode == "off":
                disabled.append(rule.id)
            else:
                compiled.append(rule)
        if not raw_rules:
            ctx.problem(("rules",), "rules: the list is empty; add at least one rule")
    ctx.rule_id = None
    if spec is None:
        return None
    try:
        ctx.bank.seal()
    except Exception as error:  # re2.error: the set is too large for RE2's memory budget
        ctx.problem(("rules",), f"the file's regexes together are too large for RE2: {error}")
        return None
    ctx.words.seal()   # the file's words conditions, one union matcher
    if spec.welcome is not None:
        _check_welcome(spec.welcome, ctx)
    escalation = spec.escalation
    exempt = spec.exempt
    return Ruleset(
        name=spec.name,
        file=source.file,
        digest=hashlib.sha256(raw).hexdigest(),
        locale=spec.locale,
        log_channel=spec.log_channel,
        rules=tuple(compiled),
        escalation=EscalationPolicy(
            expire_after=(
                escalation.expire_after.total_seconds()
                if escalation and escalation.expire_after
                else None
            ),
            steps=tuple(escalation.steps) if escalation else (),
        ),
        exempt_users=frozenset(exempt.users),
        exempt_roles=frozenset(r.casefold() for r in exempt.roles),
        exempt_channels=frozenset(c.casefold() for c in exempt.channels),
        welcome=spec.welcome,
        raid=spec.raid,
        bank=ctx.bank if len(ctx.bank) else None,
        flood_keep=ctx.flood_keep,
        repeat_keep=ctx.repeat_keep,
        horizon=max(ctx.horizon, max((r.cooldown for r in compiled), default=0.0)),
        disabled=tuple(disabled),
        join_rules=tuple(_for_joins(rule) for rule in compiled if rule.on_join),
        require_reason=spec.commands is not None and spec.commands.require_reason,
        reports_every=spec.reports.every if spec.reports is not None else None,
        timezone=spec.timezone,
        watch=(CompiledWatch.build(spec.watch, private_feeds=ctx.local_files)
               if spec.watch is not None else None),
        crisis=CrisisPolicy.build(spec.crisis) if spec.crisis is not None else None,
        schedule=tuple(ScheduledItem.build(item) for item in spec.schedule or ()),
        archive=spec.archive,
        automod=_automod(spec, raw_rules, compiled, ctx),
        words=ctx.words if len(ctx.words) else None,
    )


def _automod(spec: RuleFileSpec, raw_rules: Any, compiled: list[CompiledRule],
             ctx: CompileContext) -> AutoModSource | None:
    """`automod: {sync: true}`: the word rules Discord's AutoMod can carry; `sync: false`:
    none (Gardien's rules there are removed); no `automod`: AutoMod is left alone."""
    if spec.automod is None:
        return None
    if not spec.automod.sync:
        return AutoModSource((), sync=False, log_channel=spec.log_channel)
    return collect(raw_rules, compiled, ctx.base_dir, local_files=ctx.local_files,
                   exempt_roles=spec.exempt.roles, exempt_channels=spec.exempt.channels,
                   exempt_users=len(spec.exempt.users), log_channel=spec.log_channel)


JOIN_ACTIONS = ("timeout", "kick", "ban", "dm", "alert")
NOT_ON_JOIN = ("delete", "warn", "reply")


def _for_joins(rule: CompiledRule) -> CompiledRule:
    """The rule as a join carries it out: no message to delete or reply to, no warning."""
    return replace(rule, actions=tuple(a for a in rule.actions if a.kind in JOIN_ACTIONS),
                   warn_points=0)


def _check_welcome(welcome: Welcome, ctx: CompileContext) -> None:
    """The welcome texts are templates like the rules' texts: refuse broken ones now."""
    texts: list[tuple[YamlPath, str | None]] = [(("welcome", "message"), welcome.message)]
    if welcome.verify is not None:
        texts.append((("welcome", "verify", "prompt"), welcome.verify.prompt))
    for path, text in texts:
        if text and (problem := template_problem(text)):
            ctx.problem(path, problem)


def _compile_rule(
    raw_rule: Any,
    index: int,
    ctx: CompileContext,
    registry: dict[str, ConditionKind],
    seen: dict[str, int],
) -> CompiledRule | None:
    path = ("rules", index)
    if not isinstance(raw_rule, dict):
        ctx.problem(path, "a rule is a mapping with `id`, `match` and `actions`")
        return None
    rule_id = raw_rule.get("id")
    ctx.rule_id = rule_id if isinstance(rule_id, str) else None
    line = ctx.source.position(path)[0]
    if isinstance(rule_id, str):
        if rule_id in seen:
            ctx.problem(
                (*path, "id"), f"duplicate rule id {rule_id!r}: first used on line {seen[rule_id]}"
            )
        else:
            seen[rule_id] = line

    def report(loc: YamlPath, message: str, at_key: bool) -> None:
        ctx.problem((*path, *loc), message, key=at_key)

    spec = validate(RuleSpec, raw_rule, report)
    predicate = None
    gate = NO_GATE
    if "match" in raw_rule:
        before = len(ctx.words.added)
        predicate = compile_match(raw_rule["match"], registry, ctx, (*path, "match"))
        gate = required_words(raw_rule["match"], ctx.words.added[before:])
    actions: list[ActionSpec] = []
    raw_actions = raw_rule.get("actions")
    if isinstance(raw_actions, list):
        if not raw_actions:
            ctx.problem((*path, "actions"), "actions: the list is empty; add at least one action")
        for position, item in enumerate(raw_actions):
            action = parse_action(item, ctx, (*path, "actions", position))
            if action is not None:
                actions.append(action)
    if spec is None or predicate is None or len(actions) != len(raw_actions or ()):
        return None
    if spec.on == ["join"]:
        useless = sorted({a.kind for a in actions} & set(NOT_ON_JOIN))
        if useless:
            ctx.problem((*path, "on"), f"a rule evaluated only on joins cannot "
                        f"{', '.join(useless)} (a join has no message); use timeout, kick, ban, "
                        "dm or alert, or add message to `on`")
            return None
    reason = next((a.reason for a in actions if a.reason), None) or spec.description or spec.id
    duration = next((a.duration for a in actions if a.kind in ("timeout", "ban") and a.duration),
                    None)
    return CompiledRule(
        reason=reason,
        warn_points=sum(a.points for a in actions if a.kind == "warn"),
        duration_text=format_duration(duration) if duration else "",
        id=spec.id,
        description=spec.description,
        mode=spec.mode,
        cooldown=spec.cooldown.duration.total_seconds(),
        cooldown_per=spec.cooldown.per,
        predicate=predicate,
        actions=tuple(actions),
        examples=spec.examples,
        line=line,
        on_message="message" in spec.on,
        on_join="join" in spec.on,
        word_gate=gate,
    )
