"""`mentions`: mass mentions (users, roles, @everyone/@here)."""

from __future__ import annotations

from pydantic import Field

from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.context import MessageContext
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath


class MentionsOptions(StrictModel):
    more_than: int = Field(..., ge=0, description="holds above this many mentions")


def mention_count(message_ctx: MessageContext) -> int:
    message = message_ctx.message
    return (
        len(set(message.mentions))
        + len(set(message.role_mentions))
        + (1 if message.mentions_everyone else 0)
    )


def compile_mentions(options: MentionsOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    limit = options.more_than

    def too_many(message_ctx: MessageContext) -> bool:
        count = mention_count(message_ctx)
        if count > limit:
            message_ctx.evidence = f"{count} mentions"
            return True
        return False

    return too_many


KIND = ConditionKind(
    name="mentions",
    options=MentionsOptions,
    compile=compile_mentions,
    summary="the message mentions more than `more_than` users or roles (@everyone/@here count)",
    cost=1,
)
