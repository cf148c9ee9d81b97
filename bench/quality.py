"""Quality benchmark of Gardien's built-in word lists against better-profanity.

Prints, for each labelled data set, the precision, recall and false-positive rate of

- Gardien's ``WordMatcher`` with ``builtin:en`` (English sets) or ``builtin:fr``
  (French set), on the full data set;
- better-profanity 0.7.0's ``contains_profanity``, on a deterministic sample (of
  evenly spaced rows; it checks only about 60 messages per second) unless
  ``--sample 0``.

Data sets (in the shared data beside the repository, ``../shared/data``, or ``--data DIR``
/ ``$GARDIEN_DATA``):

- ``en_offensive``: English tweets of Davidson, Warmsley, Macy & Weber (2017),
  "Automated Hate Speech Detection and the Problem of Offensive Language" (ICWSM),
  repository t-davidson/hate-speech-and-offensive-language, MIT licence. Positive =
  label ``offensive`` or ``hate``; negative = ``neither``.
- ``fr_hostile``: French tweets of Ousidhoum, Lin, Zhang, Song & Yeung (2019),
  "Multilingual and Multi-Aspect Hate Speech Analysis" (MLMA, EMNLP), repository
  HKUST-KnowComp/MLMA_hate_speech, MIT licence. Positive = ``hostile``; negative =
  ``normal``.
- ``sms_ham``: the ``ham`` messages of Almeida & Hidalgo's SMS Spam Collection v.1
  (UCI), ordinary chat with no positives: only the false-positive rate is meaningful.

These are development sets: measure on them, do not copy their texts into the lists.

Reuse from other benchmarks::

    from bench.quality import evaluate, wordmatch_predictor
    result = evaluate(wordmatch_predictor("en"), "en_offensive")
    result["precision"], result["recall"], result["fpr"]

Each data set also gets one row per category of its language (``builtin:fr/threats``...):
the share of positives that category alone finds, and its false positives. Rows marked
``before #18`` are the figures measured before categories and French chat spellings were
added (issue 18), kept to compare.

``fr_chat`` is French chat written for Gardien (``bench/chat_lines_fr.py``): threats,
incitements, chat-spelled insults and ordinary lines, none copied from a corpus.

Run: ``python -m bench.quality [--sample N] [--data DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.shared_data import DEFAULT_DATA_DIR, data_dir, require

DEFAULT_BP_SAMPLE = 2000
CATEGORIES = ("insults", "slurs", "threats", "sexual", "self-harm")

# measured with `python -m bench.quality --skip-better-profanity` at 9e7d0cd (before #18)
BEFORE: dict[str, tuple[float | None, float | None, float]] = {
    "en_offensive": (0.984, 0.965, 0.076),
    "fr_hostile": (0.940, 0.317, 0.079),
    "sms_ham": (None, None, 0.029),
}

# measured the same way at edb49e9, before the issue 18 frames and the FP fixes
BEFORE_FRAMES: dict[str, tuple[float | None, float | None, float]] = {
    "fr_hostile": (0.940, 0.340, 0.084),
    "fr_chat": (0.956, 0.956, 0.050),
}

Predict = Callable[[str], bool]
Row = tuple[str, bool]


@dataclass(frozen=True)
class Dataset:
    name: str
    file: str
    language: str  # the built-in list to use: "en" or "fr"
    positive: frozenset[str]  # labels counted as positive
    negative: frozenset[str]  # labels counted as negative (other labels are skipped)
    description: str


DATASETS: dict[str, Dataset] = {
    "en_offensive": Dataset(
        "en_offensive",
        "en_offensive_dev.csv",
        "en",
        frozenset({"offensive", "hate"}),
        frozenset({"neither"}),
        "Davidson et al. 2017, offensive|hate vs neither",
    ),
    "fr_hostile": Dataset(
        "fr_hostile",
        "fr_hostile_dev.csv",
        "fr",
        frozenset({"hostile"}),
        frozenset({"normal"}),
        "Ousidhoum et al. 2019 (MLMA), hostile vs normal",
    ),
    "sms_ham": Dataset(
        "sms_ham",
        "sms_collection.csv",
        "en",
        frozenset(),
        frozenset({"ham"}),
        "Almeida & Hidalgo SMS Spam Collection, ham only",
    ),
}


def load_dataset(name: str, directory: str | os.PathLike[str] | None = None) -> list[Row]:
    """``(text, is_positive)`` rows of data set ``name``, in file order."""
    if name == "fr_chat":
        from bench.chat_lines_fr import ABUSIVE, NORMAL

        return [(t, True) for t in ABUSIVE] + [(t, False) for t in NORMAL]
    try:
        spec = DATASETS[name]
    except KeyError:
        raise KeyError(f"unknown data set {name!r}; known: {', '.join(DATASETS)}") from None
    rows: list[Row] = []
    with open(data_dir(directory) / spec.file, encoding="utf-8", newline="") as f:
        for record in csv.DictReader(f):
            label = record["label"]
            if label in spec.positive:
                rows.append((record["text"], True))
            elif label in spec.negative:
                rows.append((record["text"], False))
    return rows


def sample_rows(rows: Sequence[Row], n: int | None) -> list[Row]:
    """Deterministic sample of ``n`` evenly spaced rows (row ``i * len / n`` for each i).

    ``None`` or 0: all rows.
    """
    if not n or n >= len(rows):
        return list(rows)
    return [rows[i * len(rows) // n] for i in range(n)]


def score(predictions: Sequence[bool], labels: Sequence[bool]) -> dict[str, Any]:
    """Confusion counts, precision, recall and false-positive rate (``None`` if undefined)."""
    tp = sum(1 for p, y in zip(predictions, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predictions, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predictions, labels, strict=True) if not p and y)
    tn = sum(1 for p, y in zip(predictions, labels, strict=True) if not p and not y)
    return {
        "n": len(labels),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        # precision means nothing on a set without positives (sms_ham)
        "precision": tp / (tp + fp) if tp + fp and tp + fn else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "fpr": fp / (fp + tn) if fp + tn else None,
    }


def evaluate(
    predict: Predict,
    dataset: str,
    *,
    sample: int | None = None,
    directory: str | os.PathLike[str] | None = None,
    rows: Sequence[Row] | None = None,
) -> dict[str, Any]:
    """Score ``predict`` (text -> flagged?) on ``dataset``.

    ``sample``: evaluate on that many evenly spaced rows instead of all.
    ``rows``: already loaded rows of the data set (skips reading the file).
    Returns the fields of :func:`score` plus ``dataset``, ``sampled``, ``total``
    (rows in the full set), ``seconds`` and ``per_second``.
    """
    all_rows = list(rows) if rows is not None else load_dataset(dataset, directory)
    chosen = sample_rows(all_rows, sample)
    start = time.perf_counter()
    predictions = [bool(predict(text)) for text, _ in chosen]
    seconds = time.perf_counter() - start
    result = score(predictions, [label for _, label in chosen])
    result.update(
        dataset=dataset,
        sampled=len(chosen) < len(all_rows),
        total=len(all_rows),
        seconds=seconds,
        per_second=len(chosen) / seconds if seconds > 0 else float("inf"),
    )
    return result


def wordmatch_predictor(list_name: str) -> Predict:
    """``WordMatcher`` over ``builtin:<list_name>`` ("en", "fr/threats"...), as a predicate."""
    from rules.wordlists import builtin_words
    from rules.wordmatch import WordMatcher

    matcher = WordMatcher.build(builtin_words(list_name))
    return lambda text: matcher.search(text) is not None


def better_profanity_predictor() -> Predict:
    """better-profanity's ``contains_profanity`` with its default word list."""
    from better_profanity import Profanity  # type: ignore[import-untyped]

    profanity = Profanity()
    predict: Predict = profanity.contains_profanity
    return predict


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def format_row(label: str, result: dict[str, Any]) -> str:
    note = f"sample {result['n']}/{result['total']}" if result["sampled"] else "full set"
    return (
        f"{result['dataset']:<13} {label:<27} {result['n']:>6} {_fmt(result['precision'])} "
        f"{_fmt(result['recall'])} {_fmt(result['fpr'])} {result['per_second']:>10,.0f}  {note}"
    )


def format_before(name: str, figures: dict[str, tuple[float | None, float | None, float]]
                  = BEFORE, label: str = "before #18") -> str:
    precision, recall, fpr = figures[name]
    return (f"{name:<13} {label:<27} {'':>6} {_fmt(precision)} {_fmt(recall)} "
            f"{_fmt(fpr)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sample",
        type=int,
        default=DEFAULT_BP_SAMPLE,
        metavar="N",
        help=f"rows per data set for better-profanity (evenly spaced; 0 = all; "
        f"default {DEFAULT_BP_SAMPLE})",
    )
    parser.add_argument("--data", default=None, help="data directory (default: $GARDIEN_DATA "
                        f"or {DEFAULT_DATA_DIR})")
    parser.add_argument("--skip-better-profanity", action="store_true",
                        help="only evaluate Gardien's lists")
    args = parser.parse_args(argv)
    require(*(spec.file for spec in DATASETS.values()), directory=args.data)

    bp = None if args.skip_better_profanity else better_profanity_predictor()
    ours = {}
    print(f"{'dataset':<13} {'matcher':<27} {'rows':>6} {'prec':>6} {'recall':>6} {'FPR':>6} "
          f"{'msg/s':>10}  rows used")
    for name, spec in DATASETS.items():
        rows = load_dataset(name, args.data)
        if spec.language not in ours:
            ours[spec.language] = wordmatch_predictor(spec.language)
        label = f"Gardien builtin:{spec.language}"
        print(format_row(label, evaluate(ours[spec.language], name, rows=rows)))
        if name in BEFORE:
            print(format_before(name))
        if name in BEFORE_FRAMES:
            print(format_before(name, BEFORE_FRAMES, "before frames (edb49e9)"))
        for category in CATEGORIES:
            list_name = f"{spec.language}/{category}"
            if list_name not in ours:
                ours[list_name] = wordmatch_predictor(list_name)
            print(format_row(f"  builtin:{list_name}", evaluate(ours[list_name], name, rows=rows)))
        if bp is not None:
            bp_result = evaluate(bp, name, rows=rows, sample=args.sample)
            if bp_result["sampled"]:
                same = evaluate(ours[spec.language], name, rows=rows, sample=args.sample)
                print(format_row(f"{label} (sample)", same))
            print(format_row("better-profanity", bp_result))
        sys.stdout.flush()
    chat = load_dataset("fr_chat")
    print(format_row("Gardien builtin:fr", evaluate(ours["fr"], "fr_chat", rows=chat)))
    print(format_before("fr_chat", BEFORE_FRAMES, "before frames (edb49e9)"))
    for category in CATEGORIES:
        result = evaluate(ours[f"fr/{category}"], "fr_chat", rows=chat)
        print(format_row(f"  builtin:fr/{category}", result))
    from rules.wordlists import builtin_words

    print(f"\nEntries (phrases after expanding patterns): builtin:en "
          f"{len(builtin_words('en'))}, builtin:fr {len(builtin_words('fr'))}.")
    print("Positives: en_offensive = offensive|hate, fr_hostile = hostile; sms_ham has none "
          "(only the FPR applies).")
    if bp is not None and args.sample:
        print(f"better-profanity is slow: it ran on a deterministic sample of at most "
              f"{args.sample} rows per data set (evenly spaced rows; --sample 0 for all).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
