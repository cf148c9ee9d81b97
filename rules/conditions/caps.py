"""`caps`: shouting, i.e. a large share of capital letters in a long enough text."""

from __future__ import annotations

import string

from pydantic import Field

from rules.conditions.base import CompileContext, ConditionKind, Predicate
from rules.context import MessageContext
from rules.spectypes import StrictModel
from rules.yamlsource import Path as YamlPath

_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()


class CapsOptions(StrictModel):
    ratio: float = Field(0.7, gt=0, le=1, description="share of letters that are capitals")
    min_letters: int = Field(10, ge=1, description="ignore texts with fewer letters")


def letter_counts(text: str) -> tuple[int, int]:
    """(letters, capitals), with a C-speed path for ASCII text."""
    if text.isascii():
        raw = text.encode()
        letters = len(raw) - len(raw.translate(None, _ASCII_LETTERS))
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        return letters, upper
    return sum(map(str.isalpha, text)), sum(map(str.isupper, text))


def compile_caps(options: CapsOptions, ctx: CompileContext, path: YamlPath) -> Predicate:
    ratio, min_letters = options.ratio, options.min_letters

    def shouting(message_ctx: MessageContext) -> bool:
        text = message_ctx.message.text
        if len(text) < min_letters or text == text.lower():
            return False
        letters, upper = letter_counts(text)
        # upper / letters, not ratio * letters: 7/100 == 0.07 but 0.07 * 100 > 7 in floats
        return letters >= min_letters and upper / letters >= ratio

    return shouting


KIND = ConditionKind(
    name="caps",
    options=CapsOptions,
    compile=compile_caps,
    summary="at least `ratio` of the letters are capitals, with at least `min_letters` letters",
    cost=3,
)
