"""`channels`: the message is in one of these channels (names or ids)."""

from __future__ import annotations

from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.conditions.simple import name_set
from rules.context import MessageContext
from rules.spectypes import Name
from rules.yamlsource import Path as YamlPath


def compile_channels(options: list[str], ctx: CompileContext, path: YamlPath) -> Predicate:
    wanted = name_set(options)

    def in_channels(message_ctx: MessageContext) -> bool:
        message = message_ctx.message
        return message.channel.casefold() in wanted or (
            bool(message.channel_id) and message.channel_id in wanted
        )

    return in_channels


KIND = ConditionKind(
    name="channels",
    options=list[Name],
    compile=compile_channels,
    summary="the message is in one of these channels (names or ids)",
    cost=1,
)
