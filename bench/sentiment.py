"""Dev benchmark: how well and how fast `rules.sentiment` finds negative messages, beside
vaderSentiment (English lexicon) and textblob-fr (French lexicon), on the same rows.

Usage: python bench/sentiment.py [--folds 5] [--no-baselines]

Data: sentiment_en_dev.csv and sentiment_fr_dev.csv in the shared data (../shared/data or
$GARDIEN_DATA): UMSAB / XLM-T tweets (Apache-2.0), 2,163 per language.

Quality is "negative" (score below -0.05) against the rest. Ours is cross-validated: for
each of k folds, bench/train_sentiment.py's `train` (the shipped training code, with its
own inner cross-validation for the threshold) learns both languages from the other folds
and the held-out fold is scored through `rules.sentiment.score_with`, language detection
included; precision, recall and F1 are the mean over folds. The lexicons are not trained,
so they are scored on the same folds as they are. The shipped model on the whole set is
printed too, labelled in-sample: it has seen those rows. Then the share of ordinary chat
(the SMS Spam Collection's "ham" messages, which no scorer was trained on) that each
calls negative: what a crisis threshold will see as its everyday level.

Speed is messages per CPU second over every dev text (several passes, best one): ours from
raw text (`score`, folding included) and from chunks (`score_chunks` on text folded
beforehand, which is what the engine pays), and each lexicon on raw text. The lexicons are
the optional extra `bench` (pip install -e '.[bench]'); without them this says so and
prints ours.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.shared_data import require
from bench.train_sentiment import FILES, Row, fold_indices, load, train
from rules.sentiment import NEGATIVE_BELOW, Model, score, score_chunks, score_with
from rules.wordmatch import fold

CHAT = "sms_collection.csv"   # ordinary chat: how much of it each scorer calls negative
Scorer = Callable[[str], float]
PRF = tuple[float, float, float]


def prf(scores: Sequence[float], labels: Sequence[str]) -> PRF:
    """Precision, recall and F1 of "score < NEGATIVE_BELOW" for the label "negative"."""
    predicted = np.array(scores) < NEGATIVE_BELOW
    actual = np.array(labels) == "negative"
    tp = float(np.sum(predicted & actual))
    p = tp / max(float(predicted.sum()), 1.0)
    r = tp / max(float(actual.sum()), 1.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mean(rows: list[PRF]) -> PRF:
    a = np.mean(np.array(rows), axis=0)
    return float(a[0]), float(a[1]), float(a[2])


def cross_validated(data: dict[str, list[Row]], k: int,
                    lexicons: dict[str, Scorer]) -> dict[tuple[str, str], PRF]:
    """Mean P/R/F1 per (scorer, language) over k folds; ours retrained on each."""
    folds = {lang: fold_indices(len(rows), k) for lang, rows in data.items()}
    per_fold: dict[tuple[str, str], list[PRF]] = {}
    for f in range(k):
        held = {lang: set(folds[lang][f].tolist()) for lang in data}
        models = {lang: Model.from_json(train([r for i, r in enumerate(rows)
                                               if i not in held[lang]], lang))
                  for lang, rows in data.items()}
        for lang, rows in data.items():
            test = [rows[i] for i in sorted(held[lang])]
            labels = [label for label, _ in test]
            ours = [score_with(models, fold(text).split(), lang) for _, text in test]
            per_fold.setdefault(("gardien (CV)", lang), []).append(prf(ours, labels))
            for name, fn in lexicons.items():
                scores = [fn(text) for _, text in test]
                per_fold.setdefault((name, lang), []).append(prf(scores, labels))
        print(f"  fold {f + 1}/{k} done", file=sys.stderr)
    return {key: mean(v) for key, v in per_fold.items()}


def rate(fn: Callable[[], object], n: int, passes: int = 3) -> float:
    """Messages per CPU second: best of `passes` runs of `fn` over n messages."""
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return n / max(best, 1e-9)


def lexicon_scorers() -> dict[str, Scorer]:
    """vaderSentiment's compound and textblob-fr's polarity, when installed."""
    found: dict[str, Scorer] = {}
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("vaderSentiment is not installed (pip install -e '.[bench]'): skipped")
    else:
        vader = SentimentIntensityAnalyzer()
        found["vaderSentiment"] = lambda t: float(vader.polarity_scores(t)["compound"])
    try:
        from textblob import Blobber
        from textblob_fr import PatternAnalyzer, PatternTagger
    except ImportError:
        print("textblob-fr is not installed (pip install -e '.[bench]'): skipped")
    else:
        blob = Blobber(pos_tagger=PatternTagger(), analyzer=PatternAnalyzer())
        found["textblob-fr"] = lambda t: float(blob(t).sentiment[0])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args(argv)
    base = require(*FILES.values(), CHAT)
    data = {lang: load(lang) for lang in FILES}
    with open(base / CHAT, encoding="utf-8", newline="") as f:
        chat = [r["text"] for r in csv.DictReader(f) if r["label"] == "ham"]
    lexicons = {} if args.no_baselines else lexicon_scorers()

    results = cross_validated(data, args.folds, lexicons)
    for lang, rows in data.items():
        labels = [label for label, _ in rows]
        results[("gardien shipped, IN-SAMPLE", lang)] = prf(
            [score(text, lang) for _, text in rows], labels)

    print(f"\nnegative = score < {NEGATIVE_BELOW}; {args.folds}-fold CV, mean over folds")
    print(f"{'scorer':<28} {'lang':<5} {'P':>6} {'R':>6} {'F1':>6}")
    for (name, lang), (p, r, f1) in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        print(f"{name:<28} {lang:<5} {p:6.3f} {r:6.3f} {f1:6.3f}")

    print(f"\nordinary chat ({len(chat):,} SMS 'ham' messages, English, no label of "
          "sentiment): share scored negative")
    shares = {"gardien shipped": [score(t, "en") for t in chat]}
    shares |= {name: [fn(t) for t in chat] for name, fn in lexicons.items()}
    for name, scores in shares.items():
        print(f"{name:<28} {float(np.mean(np.array(scores) < NEGATIVE_BELOW)):6.3f}")

    texts = [text for rows in data.values() for _, text in rows]
    chunked = [fold(t).split() for t in texts]
    n = len(texts)
    print(f"\nspeed over the {n:,} dev texts (messages per CPU second, best of 3 passes)")
    speeds = {
        "gardien score_chunks (engine)": rate(lambda: [score_chunks(c) for c in chunked], n),
        "gardien score (folds text)": rate(lambda: [score(t) for t in texts], n),
    }
    for name, fn in lexicons.items():
        speeds[name] = rate(lambda fn=fn: [fn(t) for t in texts], n, passes=1)
    chat_chunks = [fold(t).split() for t in chat]
    speeds["gardien score_chunks, SMS chat"] = rate(
        lambda: [score_chunks(c) for c in chat_chunks], len(chat))
    for name, mps in speeds.items():
        print(f"{name:<32} {mps:>10,.0f} msg/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
