"""Phrase patterns with slots, expanded into plain phrases at load time.

A threat is rarely one fixed phrase: "je vais te (tuer|frapper|retrouver)" stands for
three. Expanding the alternatives into phrases lets the word matcher (rules.wordmatch)
handle them unchanged, with the same normalisation and whole-word guarantees as any
other entry. A slot is ``(a|b|c)``; an empty alternative makes the slot optional
(``connard(e|)``). Slots do not nest. The expansion is capped so that a careless
pattern cannot blow up a list.
"""

from __future__ import annotations

import itertools

__all__ = ["MAX_EXPANSION", "PatternError", "expand_pattern"]

MAX_EXPANSION = 256


class PatternError(ValueError):
    """A pattern that cannot be expanded; the message says where and why."""


def _split_slots(pattern: str) -> list[list[str]]:
    """Pieces of ``pattern``: fixed text as one-element lists, slots as their alternatives."""
    pieces: list[list[str]] = []
    text = ""
    slot: str | None = None
    for position, char in enumerate(pattern, 1):
        if char == "(":
            if slot is not None:
                raise PatternError(f"nested '(' at character {position}: slots do not nest")
            pieces.append([text])
            text, slot = "", ""
        elif char == ")":
            if slot is None:
                raise PatternError(f"')' at character {position} closes no slot")
            alternatives = slot.split("|")
            if all(not a.strip() for a in alternatives):
                raise PatternError(f"empty slot ending at character {position}")
            pieces.append(alternatives)
            slot = None
        elif char == "|" and slot is None:
            raise PatternError(f"'|' at character {position} is outside a slot '( | )'")
        elif slot is not None:
            slot += char
        else:
            text += char
    if slot is not None:
        raise PatternError("a slot '(' is never closed")
    pieces.append([text])
    return pieces


def expand_pattern(pattern: str, limit: int = MAX_EXPANSION) -> list[str]:
    """Every phrase ``pattern`` stands for, spaces collapsed, in order, without repeats.

    Raises PatternError for unbalanced or nested slots, a ``|`` outside a slot, or
    when the pattern stands for more than ``limit`` phrases.
    """
    pieces = _split_slots(pattern)
    total = 1
    for alternatives in pieces:
        total *= len(alternatives)
    if total > limit:
        sizes = " x ".join(str(len(a)) for a in pieces if len(a) > 1)
        raise PatternError(f"expands to {total} phrases ({sizes}), more than the limit of "
                           f"{limit}: split it into several patterns")
    phrases: dict[str, None] = {}
    for combination in itertools.product(*pieces):
        phrase = " ".join("".join(combination).split())
        if phrase:
            phrases[phrase] = None
    return list(phrases)
