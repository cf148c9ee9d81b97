"""Sentiment of a chat message, English and French, offline: a score in [-1, 1].

PLACEHOLDER API: replaced by the trained model (see the sentiment helper's work).
"""

from __future__ import annotations

NEGATIVE_BELOW = -0.05   # the format's line: a score below it is negative


_NEGATIVE = frozenset({"bad", "awful", "hate", "worst", "nul", "horrible", "deteste"})
_POSITIVE = frozenset({"good", "great", "love", "best", "super", "genial", "adore"})


def score_chunks(chunks: list[str], locale: str = "en") -> float:
    """The score of a text already folded and cut (`rules.wordmatch.fold(text).split()`)."""
    total = sum(1 for c in chunks if c in _POSITIVE) - sum(1 for c in chunks if c in _NEGATIVE)
    return max(-1.0, min(1.0, total / 2))


def score(text: str, locale: str = "en") -> float:
    """The score of `text` in [-1, 1]; `locale` is the community's language, a hint."""
    from rules.wordmatch import fold

    return score_chunks(fold(text).split(), locale)
