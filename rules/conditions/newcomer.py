"""`newcomer`: a member who joined recently, or whose account is young."""

from __future__ import annotations

from pydantic import model_validator

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.spectypes import Duration, StrictModel
from rules.yamlsource import Path as YamlPath


class NewcomerOptions(StrictModel):
    joined_within: Duration | None = None
    account_younger_than: Duration | None = None

    @model_validator(mode="after")
    def _something(self) -> NewcomerOptions:
        if self.joined_within is None and self.account_younger_than is None:
            raise ValueError("give joined_within, account_younger_than or both")
        return self


def compile_newcomer(options: NewcomerOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    joined = options.joined_within.total_seconds() if options.joined_within else None
    young = options.account_younger_than.total_seconds() if options.account_younger_than else None
    if joined is not None:
        ctx.horizon = max(ctx.horizon, joined)   # the join time must outlive this window
    return checks.newcomer(joined, young)


KIND = ConditionKind(
    name="newcomer",
    options=NewcomerOptions,
    compile=compile_newcomer,
    summary="the author joined less than `joined_within` ago, or the account is younger than "
    "`account_younger_than`",
    cost=2,
)
