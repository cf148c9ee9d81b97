"""Train the sentiment models shipped in rules/sentiment/ (en.json, fr.json).

Usage: python bench/train_sentiment.py [--out rules/sentiment]

Data: sentiment_en_dev.csv and sentiment_fr_dev.csv in the shared data (../shared/data or
$GARDIEN_DATA; UMSAB / XLM-T, Apache-2.0), 2,163 tweets each, negative/neutral/positive.
Needs numpy only (already installed with Gardien, through matplotlib); deterministic.

Per language: the features of rules/sentiment/features.py (those seen in at least
`MIN_DF` messages, plus the lexicon's two, minus words that carry no sentiment: the
lexicon's `NEUTRAL` words, "?", anything with a digit), two L2-regularised logistic
regressions fitted by full-batch gradient descent (negative vs the rest, positive vs the
rest), combined into one linear score ``z = POS_SHARE * z_pos - z_neg``. An inner 5-fold
cross-validation over the training rows gives out-of-fold z for each row, and whether
the row holds negative evidence (`rules.sentiment.model.evidence_features` with the
floor `EVIDENCE`; without it the scorer never calls a message negative). On those the
cut is chosen: of the cuts whose negative F1 is at least `F1_FLOOR`, the one with the
best precision (the fewest false alarms on ordinary chat), or the F1-best cut if none
reaches the floor. The shipped bias puts that cut at tanh^-1(-0.05), so
``score < -0.05`` is exactly the chosen rule. Weights below `PRUNE` are dropped and the
rest rounded.
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
from rules.sentiment.lexicon import NEUTRAL
from rules.sentiment.model import evidence_features
from rules.wordmatch import fold

FILES = {"en": "sentiment_en_dev.csv", "fr": "sentiment_fr_dev.csv"}
MIN_DF = 2          # a feature seen in fewer training messages is not learned
L2 = {"en": 0.002, "fr": 0.002}   # per-language regularisation of words (docs/sentiment.md)
L2_LEX = 0.002      # regularisation of the lexicon's two features
POS_SHARE = 0.5     # how much the positive model moves the score (the negative one decides)
SCALE = 0.5         # z is halved before tanh: scores spread over the range, not pinned at +-1
PRUNE = 0.01        # |weight| below this (after scaling) is dropped
LEXICON_ONLY = False  # polar words weigh only through <lex+>/<lex-> too (tried: CV F1 no better)
EVIDENCE = 0.1      # a message may be negative only with evidence this far below 0 (or the lexicon)
F1_FLOOR = {"en": 0.64, "fr": 0.64}   # inner-CV negative F1 the chosen cut must keep
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


def logistic(x: np.ndarray, y: np.ndarray, l2: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (Adam, full batch);
    `l2` is one penalty per feature."""
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


def neutral(feat: str) -> bool:
    """A feature that says nothing of sentiment and gets no weight: a plain word ("the",
    "est", "here"), "?" or anything with a digit, negated or not."""
    word = feat.lstrip("~")
    return word == "?" or word in NEUTRAL or any(c.isdigit() for c in word)


def fit(labels: Sequence[str], rows: list[Feats],
        lang: str) -> tuple[dict[str, int], np.ndarray, float]:
    """The vocabulary and the combined linear score's weights and bias (unscaled z)."""
    df = Counter(feat for feats in rows for feat in {f for f, _ in feats})
    names = sorted(f for f, c in df.items() if c >= MIN_DF and not neutral(f)
                   and not (LEXICON_ONLY and f.lstrip("~") in POLARITY[lang]))
    names += [LEX_POS, LEX_NEG]
    vocab = {f: i for i, f in enumerate(dict.fromkeys(names))}
    x = matrix(rows, vocab)
    y = np.array(labels)
    l2 = np.array([L2_LEX if f in (LEX_POS, LEX_NEG) else L2[lang] for f in vocab])
    w_neg, b_neg = logistic(x, (y == "negative").astype(float), l2)
    w_pos, b_pos = logistic(x, (y == "positive").astype(float), l2)
    return vocab, POS_SHARE * w_pos - w_neg, POS_SHARE * b_pos - b_neg


def shipped_weights(vocab: dict[str, int], w: np.ndarray) -> dict[str, float]:
    """The weights as the file holds them: scaled, pruned, rounded."""
    return {f: round(float(SCALE * w[j]), 3) for f, j in vocab.items()
            if abs(SCALE * w[j]) >= PRUNE}


def z_of(vocab: dict[str, int], w: np.ndarray, b: float, rows: list[Feats]) -> np.ndarray:
    return np.asarray(matrix(rows, vocab) @ w + b)


def polar_of(weights: dict[str, float], rows: list[Feats], lang: str) -> np.ndarray:
    """Whether each row holds negative evidence under `weights` (the scorer's rule)."""
    polar = evidence_features(weights, EVIDENCE, lang)
    return np.array([any(f in polar for f, _ in feats) for feats in rows])


def choose_cut(z: np.ndarray, polar: np.ndarray, negative: np.ndarray, floor: float) -> float:
    """The cut t for ``z < t`` (rows without evidence never below it): the most precise
    one whose negative F1 is at least `floor`, else the F1-best; midway between
    neighbouring scores."""
    z = np.where(polar, z, np.inf)
    order = np.argsort(z, kind="stable")
    zs, neg = z[order], negative[order]
    tp = np.cumsum(neg)                      # predicted negative: the first i+1
    predicted = np.arange(1, len(zs) + 1)
    f1 = 2 * tp / (predicted + neg.sum())
    precision = tp / predicted
    ok = (f1 >= floor) & np.isfinite(zs)
    i = int(np.argmax(np.where(ok, precision, -1.0))) if ok.any() else int(np.argmax(f1))
    if i + 1 < len(zs) and np.isfinite(zs[i + 1]):
        return float((zs[i] + zs[i + 1]) / 2)
    return float(zs[i] + 1e-6)


def out_of_fold(labels: Sequence[str], feats: list[Feats],
                lang: str) -> tuple[np.ndarray, np.ndarray]:
    """Inner cross-validation: each row's z and evidence from a model that did not see it."""
    z_out = np.zeros(len(feats))
    polar = np.zeros(len(feats), dtype=bool)
    for held in fold_indices(len(feats)):
        mask = np.ones(len(feats), dtype=bool)
        mask[held] = False
        train_idx = np.flatnonzero(mask)
        vocab, w, b = fit([labels[i] for i in train_idx], [feats[i] for i in train_idx], lang)
        rows = [feats[i] for i in held]
        z_out[held] = z_of(vocab, w, b, rows)
        polar[held] = polar_of(shipped_weights(vocab, w), rows, lang)
    return z_out, polar


def train(rows: Sequence[Row], lang: str) -> dict[str, Any]:
    """The weight file's content for `rows` of language `lang` (see the module docstring)."""
    labels = [label for label, _ in rows]
    texts = [text for _, text in rows]
    feats = featurise(texts, lang, training_known(texts, lang))
    negative = np.array([label == "negative" for label in labels])
    z_out, polar = out_of_fold(labels, feats, lang)
    cut = choose_cut(z_out, polar, negative, F1_FLOOR[lang])
    vocab, w, b = fit(labels, feats, lang)
    bias = SCALE * (b - cut) + math.atanh(NEGATIVE_BELOW)
    return {"language": lang, "bias": round(bias, 4), "evidence": EVIDENCE,
            "weights": dict(sorted(shipped_weights(vocab, w).items())),
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
