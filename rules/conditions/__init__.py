"""Condition kinds, keyed by their YAML name.

The registry is built explicitly here (nothing registers itself on import), so
adding a kind is one module plus one line below.
"""

from __future__ import annotations

from rules.conditions import (
    attachments,
    caps,
    channels,
    flood,
    length,
    links,
    mentions,
    newcomer,
    regex,
    repeat,
    roles,
    words,
)
from rules.conditions.base import CompileContext, ConditionKind, Predicate

COMBINATORS = ("all", "any", "not")


def default_registry() -> dict[str, ConditionKind]:
    kinds = (
        words.KIND,
        regex.KIND,
        links.KIND,
        caps.KIND,
        mentions.KIND,
        flood.KIND,
        repeat.KIND,
        length.KIND,
        attachments.KIND,
        newcomer.KIND,
        channels.KIND,
        roles.KIND,
    )
    return {kind.name: kind for kind in kinds}


__all__ = ["COMBINATORS", "CompileContext", "ConditionKind", "Predicate", "default_registry"]
