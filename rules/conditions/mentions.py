"""`mentions`: mass mentions (users, roles, @everyone/@here)."""

from __future__ import annotations

from pydantic import Field

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath


class MentionsOptions(StrictModel):
    more_than: int = Field(..., ge=0, description="holds above this many mentions")


def compile_mentions(options: MentionsOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    return checks.mentions_over(options.more_than)


KIND = ConditionKind(
    name="mentions",
    options=MentionsOptions,
    compile=compile_mentions,
    summary="the message mentions more than `more_than` users or roles (@everyone/@here count)",
    cost=1,
)
