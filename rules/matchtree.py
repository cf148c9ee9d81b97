"""Compiling a rule's `match` into one predicate.

A mapping holds when all its keys hold; `all`, `any` and `not` nest freely.
Conditions of a mapping are tested cheapest first (they are pure given the
message and the member's history, so order changes cost, not meaning).
"""

from __future__ import annotations

from typing import Any

from rules.conditions import COMBINATORS, CompileContext, ConditionKind, Predicate
from rules.context import MessageContext
from rules.validation import suggest, validate
from rules.yamlsource import Path as YamlPath

_Weighted = tuple[int, Predicate]


def compile_match(
    value: Any, registry: dict[str, ConditionKind], ctx: CompileContext, path: YamlPath
) -> Predicate | None:
    compiled = _mapping(value, registry, ctx, path)
    return compiled[1] if compiled else None


def _all_of(parts: list[_Weighted]) -> _Weighted:
    parts = sorted(parts, key=lambda part: part[0])
    predicates = tuple(predicate for _, predicate in parts)
    cost = sum(weight for weight, _ in parts)
    if len(predicates) == 1:
        return cost, predicates[0]
    if len(predicates) == 2:   # the common case, without a generator per message
        first, second = predicates

        def both(message_ctx: MessageContext) -> bool:
            return first(message_ctx) and second(message_ctx)

        return cost, both

    def every(message_ctx: MessageContext) -> bool:
        return all(predicate(message_ctx) for predicate in predicates)

    return cost, every


def _any_of(parts: list[_Weighted]) -> _Weighted:
    parts = sorted(parts, key=lambda part: part[0])
    predicates = tuple(predicate for _, predicate in parts)
    cost = sum(weight for weight, _ in parts)
    if len(predicates) == 1:
        return cost, predicates[0]
    if len(predicates) == 2:
        first, second = predicates

        def either(message_ctx: MessageContext) -> bool:
            return first(message_ctx) or second(message_ctx)

        return cost, either

    def some(message_ctx: MessageContext) -> bool:
        return any(predicate(message_ctx) for predicate in predicates)

    return cost, some


def _negate(part: _Weighted) -> _Weighted:
    weight, predicate = part

    def negated(message_ctx: MessageContext) -> bool:
        return not predicate(message_ctx)

    return weight, negated


def _mapping(
    value: Any, registry: dict[str, ConditionKind], ctx: CompileContext, path: YamlPath
) -> _Weighted | None:
    if not isinstance(value, dict) or not value:
        ctx.problem(path, "a condition is a mapping such as `words: [...]` or `any: [...]`")
        return None
    parts: list[_Weighted] = []
    failed = False
    for key, options in value.items():
        where = (*path, key)
        part = _condition(key, options, registry, ctx, where)
        if part is None:
            failed = True
        else:
            parts.append(part)
    if failed or not parts:
        return None
    return _all_of(parts)


def _condition(
    key: str,
    options: Any,
    registry: dict[str, ConditionKind],
    ctx: CompileContext,
    where: YamlPath,
) -> _Weighted | None:
    if key in ("all", "any"):
        if not isinstance(options, list) or not options:
            ctx.problem(where, f"{key} takes a non-empty list of conditions")
            return None
        children = [_mapping(child, registry, ctx, (*where, i)) for i, child in enumerate(options)]
        if any(child is None for child in children):
            return None
        combine = _all_of if key == "all" else _any_of
        return combine([child for child in children if child is not None])
    if key == "not":
        child = _mapping(options, registry, ctx, where)
        return _negate(child) if child else None
    kind = registry.get(key)
    if kind is None:
        choices = [*registry, *COMBINATORS]
        ctx.problem(where, f"unknown condition {key!r}{suggest(key, choices)}", key=True)
        return None

    def report(loc: YamlPath, message: str, at_key: bool) -> None:
        ctx.problem((*where, *loc), f"{key}: {message}", key=at_key)

    validated = validate(kind.options, options, report)
    if validated is None:
        return None
    predicate = kind.compile(validated, ctx, where)
    return (kind.cost, predicate) if predicate is not None else None
