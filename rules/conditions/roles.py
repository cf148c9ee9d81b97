"""`roles`: the author has one of these roles (names or ids)."""

from __future__ import annotations

from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.conditions.simple import name_set
from rules.context import MessageContext
from rules.spectypes import Name
from rules.yamlsource import Path as YamlPath


def compile_roles(options: list[str], ctx: CompileContext, path: YamlPath) -> Predicate:
    wanted = name_set(options)

    def has_role(message_ctx: MessageContext) -> bool:
        return any(role.casefold() in wanted for role in message_ctx.message.user.roles)

    return has_role


KIND = ConditionKind(
    name="roles",
    options=list[Name],
    compile=compile_roles,
    summary="the author has one of these roles (names or ids)",
    cost=1,
)
