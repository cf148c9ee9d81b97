"""`flood`: too many messages from one member in a short window."""

from __future__ import annotations

from pydantic import Field

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.spectypes import Duration, StrictModel
from rules.yamlsource import Path as YamlPath


class FloodOptions(StrictModel):
    messages: int = Field(..., ge=1, le=1000, description="this many messages, this one included")
    within: Duration


def compile_flood(options: FloodOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    count, window = options.messages, options.within.total_seconds()
    ctx.flood_keep = max(ctx.flood_keep, count)
    ctx.horizon = max(ctx.horizon, window)
    return checks.flooding(count, window, str(options.within))


KIND = ConditionKind(
    name="flood",
    options=FloodOptions,
    compile=compile_flood,
    summary="the author sent at least `messages` messages (this one included) within `within`",
    cost=2,
)
