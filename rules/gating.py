"""Which rules a message can possibly trigger, from the one search of the words union.

A rule whose `match` requires a `words` condition (at its top level, or through `all`)
cannot hold when that condition found nothing, so the engine need not call it. With a
file of a thousand word rules, an ordinary message then costs one union search and the
few rules that are not gated, instead of a thousand predicate calls; a message with a
listed word costs the rules that word's conditions gate, in file order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, Protocol, TypeVar

NO_GATE = -1


class Gated(Protocol):
    @property
    def word_gate(self) -> int: ...


R = TypeVar("R", bound=Gated)


def required_words(match: Any, added: Sequence[int]) -> int:
    """The id of a `words` condition this raw `match` requires, else NO_GATE.

    `added` holds the ids the rule's `words` conditions got, in the order the compiler met
    them (a depth-first walk of the mapping, which this walk repeats)."""
    position = 0
    gate = NO_GATE

    def walk(node: Any, required: bool) -> None:
        nonlocal position, gate
        if not isinstance(node, dict):
            return
        for key, options in node.items():
            if key in ("all", "any") and isinstance(options, list):
                for child in options:
                    walk(child, required and key == "all")
            elif key == "not":
                walk(options, False)
            elif key == "words":
                if required and gate == NO_GATE and position < len(added):
                    gate = added[position]
                position += 1

    walk(match, True)
    return gate if position == len(added) else NO_GATE   # a mismatch: never gate


class RuleGate(Generic[R]):
    """Rules in file order, split into those always evaluated and those gated by a words
    condition; `candidates` gives the ones a message's word hits leave, in file order."""

    __slots__ = ("_always_at", "_by_gate", "_rules", "always", "gated")

    def __init__(self, rules: Sequence[R]) -> None:
        self._rules = tuple(rules)
        self.always = tuple(r for r in self._rules if r.word_gate == NO_GATE)
        self.gated = len(self.always) < len(self._rules)
        by_gate: dict[int, list[int]] = {}
        for index, rule in enumerate(self._rules):
            if rule.word_gate != NO_GATE:
                by_gate.setdefault(rule.word_gate, []).append(index)
        self._by_gate = {gate: tuple(indices) for gate, indices in by_gate.items()}
        self._always_at = tuple(i for i, r in enumerate(self._rules) if r.word_gate == NO_GATE)

    def candidates(self, hits: dict[int, str]) -> tuple[R, ...]:
        """The rules worth evaluating given the conditions that found a word."""
        if not hits:
            return self.always
        by_gate = self._by_gate
        chosen = [i for gate in hits for i in by_gate.get(gate, ())]
        if not chosen:
            return self.always
        rules = self._rules
        return tuple(rules[i] for i in sorted((*self._always_at, *chosen)))
