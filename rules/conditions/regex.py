"""`regex`: admin patterns in RE2 syntax, matched in linear time on the raw text."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.regexbank import matches_every_text, regex_error
from rules.yamlsource import Path as YamlPath


def compile_regex(options: list[str], ctx: CompileContext, path: YamlPath) -> Predicate | None:
    indices: list[int] = []
    for position, pattern in enumerate(options):
        reason = regex_error(pattern)
        if reason is not None:
            ctx.problem((*path, position), f"RE2 cannot compile {pattern!r}: {reason}")
            continue
        if matches_every_text(pattern):
            ctx.problem((*path, position), f"{pattern!r} matches every message (it matches "
                        "an empty text); write what the pattern must find")
            continue
        indices.append(ctx.bank.add(pattern))
    if len(indices) != len(options):
        return None
    return checks.regex_hit(frozenset(indices), ctx.bank)


KIND = ConditionKind(
    name="regex",
    options=Annotated[list[str], Field(min_length=1)],
    compile=compile_regex,
    summary="any pattern (RE2 syntax, linear time) matches the raw text",
    cost=5,
)
