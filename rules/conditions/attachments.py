"""`attachments`: dangerous file types or too many files."""

from __future__ import annotations

from pydantic import Field, model_validator

from rules import checks
from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath


class AttachmentOptions(StrictModel):
    extensions: list[str] = Field(default_factory=list, description="e.g. [exe, scr]")
    more_than: int | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _something(self) -> AttachmentOptions:
        if not self.extensions and self.more_than is None:
            raise ValueError("give extensions, more_than or both")
        return self


def compile_attachments(
    options: AttachmentOptions, ctx: CompileContext, path: YamlPath
) -> Predicate:
    banned = frozenset(ext.lower().lstrip(".") for ext in options.extensions)
    limit = options.more_than if options.more_than is not None else float("inf")
    return checks.bad_attachments(banned, limit)


KIND = ConditionKind(
    name="attachments",
    options=AttachmentOptions,
    compile=compile_attachments,
    summary="an attachment's extension is in `extensions`, or there are more than `more_than`",
    cost=1,
)
