"""`caps`: shouting, i.e. a large share of capital letters in a long enough text."""

from __future__ import annotations

from pydantic import Field

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath


class CapsOptions(StrictModel):
    ratio: float = Field(0.7, gt=0, le=1, description="share of letters that are capitals")
    min_letters: int = Field(10, ge=1, description="ignore texts with fewer letters")


def compile_caps(options: CapsOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    return checks.shouting(options.ratio, options.min_letters)


KIND = ConditionKind(
    name="caps",
    options=CapsOptions,
    compile=compile_caps,
    summary="at least `ratio` of the letters are capitals, with at least `min_letters` letters",
    cost=3,
)
