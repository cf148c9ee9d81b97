"""A trained linear model: one weight per feature, a bias, and tanh onto [-1, 1].

The weight files (en.json, fr.json beside this module) are written by
bench/train_sentiment.py: weights and bias are already scaled and shifted so that
``tanh(bias + sum of weight * value)`` falls below `NEGATIVE_BELOW` exactly at the cut
the trainer chose (the most precise one whose cross-validated negative F1 stays above a
floor), and is above 0 for text the model finds positive. A message is only allowed below
`NEGATIVE_BELOW` when it holds negative evidence (`evidence_features`): a negative
lexicon word or emoji, a negated positive one, or a learned word weighing `evidence` or
more below zero. Negators alone ("no", "don't") and negated plain words are no evidence.
Without it the score stops at `NEGATIVE_BELOW`, so a plain question, a logistics message
or a message of unknown words is never called negative.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from rules.chatwords import NEGATORS

from .features import CACHE_CAP, LANGUAGES, LEX_NEG, LEX_POS, ROLES, Walker, language, read

NEGATIVE_BELOW = -0.05   # the format's line: a score below it is negative


@dataclass(frozen=True)
class Model:
    """One language's weights, and the walker that reads its features (an elongated word
    may be read back as any word it has a weight for)."""

    lang: str
    bias: float
    weights: Mapping[str, float]
    walker: Walker = field(compare=False)
    evidence: float = 0.0   # the negative-evidence floor; 0 or less: no such rule
    polar: frozenset[str] = frozenset()   # evidence_features(weights, evidence, lang)
    # token -> (its whole contribution, whether it is evidence) for tokens whose feature
    # does not depend on their neighbours; None for the others (negators, intensifiers,
    # idioms' first words): a message of such tokens only is one sum, no feature list
    _plain: dict[str, tuple[float, bool] | None] = field(default_factory=dict, compare=False,
                                                         repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        lang = str(data["language"])
        if lang not in LANGUAGES:
            raise ValueError(f"sentiment model for unknown language {lang!r}")
        weights = {str(k): float(v) for k, v in dict(data["weights"]).items()}
        bias = float(data["bias"])
        evidence = float(data.get("evidence", 0.0))
        if not all(math.isfinite(w) for w in (bias, evidence, *weights.values())):
            raise ValueError(f"sentiment model {lang!r} has a non-finite weight")
        known = frozenset(weights) | frozenset(ROLES[lang])
        return cls(lang, bias, weights, Walker(lang, known), evidence,
                   evidence_features(weights, evidence, lang))

    def raw(self, toks: list[str]) -> float:
        """bias + the weighted sum of the message's features (before tanh)."""
        get = self.weights.get
        total = self.bias
        for feat, value in self.walker.features(toks):
            total += get(feat, 0.0) * value
        return total

    def score(self, toks: list[str]) -> float:
        """tanh of `raw`, kept at `NEGATIVE_BELOW` or above when no feature of the
        message weighs `evidence` or more towards negative. Most chat messages hold no
        negator, intensifier or idiom: their score is the bias plus each token's own
        remembered contribution (the same sum, computed without building features)."""
        plain = self._plain
        total = self.bias
        polar = self.evidence <= 0.0
        for tok in toks:
            part = plain[tok] if tok in plain else self._contribution(tok)
            if part is None:
                return self._score_walked(toks)
            total += part[0]
            polar = polar or part[1]
        value = math.tanh(total)
        return value if polar or value >= NEGATIVE_BELOW else NEGATIVE_BELOW

    def _contribution(self, tok: str) -> tuple[float, bool] | None:
        """What one token adds to the sum when alone in its context, or None when its
        feature depends on its neighbours; remembered (bounded like the walker's cache)."""
        found = self.walker.alone(tok)
        result: tuple[float, bool] | None = None
        if found is not None:
            feat, pol = found
            get = self.weights.get
            weight = get(feat, 0.0) if feat else 0.0
            total, polar = weight, weight < 0.0 and feat in self.polar
            if pol > 0:
                total += pol * get(LEX_POS, 0.0)
            elif pol < 0:
                lex = get(LEX_NEG, 0.0)
                total -= pol * lex
                polar = polar or (lex < 0.0 and LEX_NEG in self.polar)
            result = (total, polar)
        if len(self._plain) < CACHE_CAP:
            self._plain[tok] = result
        return result

    def _score_walked(self, toks: list[str]) -> float:
        get = self.weights.get
        evidence = self.polar
        polar = self.evidence <= 0.0
        total = self.bias
        for feat, value in self.walker.features(toks):
            weight = get(feat, 0.0)
            total += weight * value
            if weight < 0.0 and feat in evidence:
                polar = True
        value = math.tanh(total)
        return value if polar or value >= NEGATIVE_BELOW else NEGATIVE_BELOW


def evidence_features(weights: Mapping[str, float], floor: float, lang: str) -> frozenset[str]:
    """The features that let a message be negative: the lexicon's negative sum, and every
    plain word (not a negator, not "~word") weighing `floor` or more below zero. The
    trainer calls this too, so the cut is chosen under the rule the scorer applies."""
    negators = NEGATORS[lang]
    return frozenset({LEX_NEG} | {
        feat for feat, weight in weights.items()
        if weight <= -floor and not feat.startswith("~") and feat not in negators})


def score_with(models: Mapping[str, Model], chunks: list[str], locale: str) -> float:
    """The score of folded `chunks` with `models` (one per language), the message's
    language chosen from its function words, `locale` deciding a tie. Empty text is 0."""
    toks = read(chunks)
    if not toks:
        return 0.0
    return models[language(toks, locale)].score(toks)


@cache
def shipped() -> dict[str, Model]:
    """The weights shipped in the package, read once."""
    base = resources.files(__package__)
    return {
        lang: Model.from_json(json.loads(base.joinpath(f"{lang}.json").read_text("utf-8")))
        for lang in LANGUAGES
    }
