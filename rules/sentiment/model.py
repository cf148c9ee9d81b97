"""A trained linear model: one weight per feature, a bias, and tanh onto [-1, 1].

The weight files (en.json, fr.json beside this module) are written by
bench/train_sentiment.py: weights and bias are already scaled and shifted so that
``tanh(bias + sum of weight * value)`` falls below `NEGATIVE_BELOW` exactly where the
cross-validated negative F1 is best, and is above 0 for text the model finds positive.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .features import LANGUAGES, ROLES, Walker, language, read

NEGATIVE_BELOW = -0.05   # the format's line: a score below it is negative


@dataclass(frozen=True)
class Model:
    """One language's weights, and the walker that reads its features (an elongated word
    may be read back as any word it has a weight for)."""

    lang: str
    bias: float
    weights: Mapping[str, float]
    walker: Walker = field(compare=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        lang = str(data["language"])
        if lang not in LANGUAGES:
            raise ValueError(f"sentiment model for unknown language {lang!r}")
        weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
        bias = float(data["bias"])
        if not all(math.isfinite(w) for w in (bias, *weights.values())):
            raise ValueError(f"sentiment model {lang!r} has a non-finite weight")
        known = frozenset(weights) | frozenset(ROLES[lang])
        return cls(lang, bias, weights, Walker(lang, known))

    def raw(self, toks: list[str]) -> float:
        """bias + the weighted sum of the message's features (before tanh)."""
        get = self.weights.get
        total = self.bias
        for feat, value in self.walker.features(toks):
            total += get(feat, 0.0) * value
        return total


def score_with(models: Mapping[str, Model], chunks: list[str], locale: str) -> float:
    """The score of folded `chunks` with `models` (one per language), the message's
    language chosen from its function words, `locale` deciding a tie. Empty text is 0."""
    toks = read(chunks)
    if not toks:
        return 0.0
    return math.tanh(models[language(toks, locale)].raw(toks))


@cache
def shipped() -> dict[str, Model]:
    """The weights shipped in the package, read once."""
    base = resources.files(__package__)
    return {
        lang: Model.from_json(json.loads(base.joinpath(f"{lang}.json").read_text("utf-8")))
        for lang in LANGUAGES
    }
