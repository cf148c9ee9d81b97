"""Train the sentiment models shipped in rules/sentiment/ (en.json, fr.json).

Usage: python bench/train_sentiment.py [--out rules/sentiment]

Data: sentiment_en_dev.csv and sentiment_fr_dev.csv in the shared data (../shared/data or
$GARDIEN_DATA; UMSAB / XLM-T, Apache-2.0), 2,163 tweets each, negative/neutral/positive.
Needs numpy only (already installed with Gardien, through matplotlib); deterministic.

Per language: the features of rules/sentiment/features.py (those seen in at least
`MIN_DF` messages, plus the lexicon's two), two L2-regularised logistic regressions
fitted by full-batch gradient descent (negative vs the rest, positive vs the rest),
combined into one linear score ``z = POS_SHARE * z_pos - z_neg``. An inner 5-fold
cross-validation over the training rows gives out-of-fold z for each, on which the
threshold that maximises negative F1 is chosen (but never above the score of a message
with no known word, so unknown text is not negative); the shipped bias puts that threshold at
tanh^-1(-0.05), so ``score < -0.05`` is exactly the chosen rule. Weights below `PRUNE`
are dropped and the rest rounded.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.shared_data import require
from rules.sentiment import NEGATIVE_BELOW
from rules.sentiment.features import LEX_NEG, LEX_POS, POLARITY, ROLES, Walker, read
from rules.wordmatch import fold

FILES = {"en": "sentiment_en_dev.csv", "fr": "sentiment_fr_dev.csv"}
MIN_DF = 2          # a feature seen in fewer training messages is not learned
L2 = {"en": 0.002, "fr": 0.002}   # per-language regularisation (chosen by CV, docs/sentiment.md)
POS_SHARE = 0.5     # how much the positive model moves the score (the negative one decides)
SCALE = 0.5         # z is halved before tanh: scores spread over the range, not pinned at +-1
PRUNE = 0.01        # |weight| below this (after scaling) is dropped
LEXICON_ONLY = False  # polar words weigh only through <lex+>/<lex-> too (tried: CV F1 no better)
EVIDENCE_NEEDED = True   # never put the cut above a message with no known word (-0.05 then)
STEPS = 400
FOLDS = 5
SEED = 14

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")

Row = tuple[str, str]                 # (label, text)
Feats = list[tuple[str, float]]


def load(lang: str) -> list[Row]:
    """The labelled rows of one language; the English file spells some characters as
    literal \\uXXXX escapes and the French one has HTML entities: both read back."""
    base = require(*FILES.values())
    with open(base / FILES[lang], encoding="utf-8", newline="") as f:
        return [(r["label"], html.unescape(_ESCAPE.sub(lambda m: chr(int(m[1], 16)), r["text"])))
                for r in csv.DictReader(f)]


def fold_indices(n: int, k: int = FOLDS, seed: int = SEED) -> list[np.ndarray]:
    """k disjoint index sets covering range(n), shuffled with a fixed seed."""
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def featurise(texts: Sequence[str], lang: str, known: frozenset[str]) -> list[Feats]:
    walker = Walker(lang, known)
    return [walker.features(read(fold(text).split())) for text in texts]


def training_known(texts: Sequence[str], lang: str) -> frozenset[str]:
    """What an elongated word may be read back as while training: every token of the
    training texts, the lexicon and the modifiers (the shipped model uses its weights)."""
    seen: set[str] = set(POLARITY[lang]) | set(ROLES[lang])
    for text in texts:
        seen.update(read(fold(text).split()))
    return frozenset(seen)


def matrix(rows: list[Feats], vocab: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(rows), len(vocab)), dtype=np.float64)
    for i, feats in enumerate(rows):
        for feat, value in feats:
            j = vocab.get(feat)
            if j is not None:
                x[i, j] += value
    return x


def logistic(x: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (Adam, full batch)."""
    n, d = x.shape
    w = np.zeros(d)
    b = 0.0
    m = np.zeros(d + 1)
    v = np.zeros(d + 1)
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, STEPS + 1):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = np.empty(d + 1)
        g[:d] = x.T @ (p - y) / n + l2 * w
        g[d] = float(np.mean(p - y))
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        step = lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + 1e-8)
        w -= step[:d]
        b -= float(step[d])
    return w, b


def fit(labels: Sequence[str], rows: list[Feats],
        lang: str) -> tuple[dict[str, int], np.ndarray, float]:
    """The vocabulary and the combined linear score's weights and bias (unscaled z)."""
    df = Counter(feat for feats in rows for feat in {f for f, _ in feats})
    names = sorted(f for f, c in df.items() if c >= MIN_DF
                   and not (LEXICON_ONLY and f.lstrip("~") in POLARITY[lang]))
    names += [LEX_POS, LEX_NEG]
    vocab = {f: i for i, f in enumerate(dict.fromkeys(names))}
    x = matrix(rows, vocab)
    y = np.array(labels)
    w_neg, b_neg = logistic(x, (y == "negative").astype(float), L2[lang])
    w_pos, b_pos = logistic(x, (y == "positive").astype(float), L2[lang])
    return vocab, POS_SHARE * w_pos - w_neg, POS_SHARE * b_pos - b_neg


def z_of(vocab: dict[str, int], w: np.ndarray, b: float, rows: list[Feats]) -> np.ndarray:
    return np.asarray(matrix(rows, vocab) @ w + b)


def best_threshold(z: np.ndarray, negative: np.ndarray) -> float:
    """The cut t for which ``z < t`` has the best F1 on `negative`, midway between
    neighbouring scores."""
    order = np.argsort(z)
    zs, neg = z[order], negative[order]
    tp = np.cumsum(neg)                      # predicted negative: the first i+1
    predicted = np.arange(1, len(zs) + 1)
    f1 = 2 * tp / (predicted + neg.sum())
    i = int(np.argmax(f1))
    return float((zs[i] + zs[i + 1]) / 2) if i + 1 < len(zs) else float(zs[i] + 1e-6)


def train(rows: Sequence[Row], lang: str) -> dict[str, Any]:
    """The weight file's content for `rows` of language `lang` (see the module docstring)."""
    labels = [label for label, _ in rows]
    texts = [text for _, text in rows]
    feats = featurise(texts, lang, training_known(texts, lang))
    negative = np.array([label == "negative" for label in labels])
    z_out = np.zeros(len(rows))
    for held in fold_indices(len(rows)):
        mask = np.ones(len(rows), dtype=bool)
        mask[held] = False
        train_idx = np.flatnonzero(mask)
        vocab, w, b = fit([labels[i] for i in train_idx], [feats[i] for i in train_idx], lang)
        z_out[held] = z_of(vocab, w, b, [feats[i] for i in held])
    cut = best_threshold(z_out, negative)
    vocab, w, b = fit(labels, feats, lang)
    if EVIDENCE_NEEDED:
        cut = min(cut, b)
    bias = SCALE * (b - cut) + math.atanh(NEGATIVE_BELOW)
    weights = {f: round(float(SCALE * w[j]), 3) for f, j in vocab.items()
               if abs(SCALE * w[j]) >= PRUNE}
    return {"language": lang, "bias": round(bias, 4), "weights": dict(sorted(weights.items())),
            "about": f"bench/train_sentiment.py on {FILES[lang]} ({len(rows)} rows)"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent
                        / "rules" / "sentiment")
    args = parser.parse_args(argv)
    for lang in FILES:
        model = train(load(lang), lang)
        path = args.out / f"{lang}.json"
        path.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":"),
                                   sort_keys=False) + "\n", encoding="utf-8")
        print(f"{path}: {len(model['weights'])} weights, {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
