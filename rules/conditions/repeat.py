"""`repeat`: the same (normalised) text posted again and again."""

from __future__ import annotations

from pydantic import Field

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.spectypes import Duration, StrictModel
from rules.yamlsource import Path as YamlPath

# Other messages may come between the repeats; remember a few times more than asked.
HISTORY_FACTOR = 4
MAX_HISTORY = 200


class RepeatOptions(StrictModel):
    times: int = Field(..., ge=2, le=50, description="this many identical texts, this one included")
    within: Duration


def compile_repeat(options: RepeatOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    times, window = options.times, options.within.total_seconds()
    ctx.repeat_keep = max(ctx.repeat_keep, min(MAX_HISTORY, times * HISTORY_FACTOR))
    ctx.horizon = max(ctx.horizon, window)
    return checks.repeating(times, window)


KIND = ConditionKind(
    name="repeat",
    options=RepeatOptions,
    compile=compile_repeat,
    summary="the author sent the same normalised text `times` times (this one included) "
    "within `within`",
    cost=4,
)
