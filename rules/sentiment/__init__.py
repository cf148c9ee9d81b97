"""Sentiment of a chat message, English and French, offline: a score in [-1, 1].

A per-language linear model over folded words, negation scopes, intensifiers, idioms,
emoji and emoticons (features.py), trained on the shared dev sets by
bench/train_sentiment.py and shipped as en.json / fr.json; see docs/sentiment.md.
Below `NEGATIVE_BELOW` a message is negative (FORMATS.md, "Watch and crisis").
"""

from __future__ import annotations

from rules.wordmatch import fold

from .model import NEGATIVE_BELOW, Model, score_with, shipped

__all__ = ["NEGATIVE_BELOW", "Model", "score", "score_chunks", "score_with"]


def score_chunks(chunks: list[str], locale: str = "en") -> float:
    """The score of a text already folded and cut (`rules.wordmatch.fold(text).split()`,
    what the engine has as `MessageContext.chunks`). `locale` is the community's
    language: it only decides for a message whose words do not say which language it is."""
    return score_with(shipped(), chunks, locale)


def score(text: str, locale: str = "en") -> float:
    """The score of `text` in [-1, 1]: exactly `score_chunks(fold(text).split(), locale)`."""
    return score_with(shipped(), fold(text).split(), locale)
