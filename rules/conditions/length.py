"""`length`: walls of text, by characters or by lines."""

from __future__ import annotations

from pydantic import Field, model_validator

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath


class LengthOptions(StrictModel):
    max_chars: int | None = Field(None, ge=1)
    max_lines: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _one_limit(self) -> LengthOptions:
        if self.max_chars is None and self.max_lines is None:
            raise ValueError("give max_chars, max_lines or both")
        return self


def compile_length(options: LengthOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    max_chars = options.max_chars if options.max_chars is not None else float("inf")
    max_lines = options.max_lines if options.max_lines is not None else float("inf")
    return checks.too_long(max_chars, max_lines)


KIND = ConditionKind(
    name="length",
    options=LengthOptions,
    compile=compile_length,
    summary="the text is longer than `max_chars` characters or `max_lines` lines",
    cost=1,
)
