"""Sentiment of a chat message, English and French, offline: a score in [-1, 1].

PLACEHOLDER API: replaced by the trained model (see the sentiment helper's work).
"""

from __future__ import annotations

NEGATIVE_BELOW = -0.05   # the format's line: a score below it is negative


def score_chunks(chunks: list[str], locale: str = "en") -> float:
    """The score of a text already folded and cut (`rules.wordmatch.fold(text).split()`)."""
    raise NotImplementedError


def score(text: str, locale: str = "en") -> float:
    """The score of `text` in [-1, 1]; `locale` is the community's language, a hint."""
    raise NotImplementedError
