"""Benchmark of the rule engine on the shared data; prints its figures in one run.

    python bench/engine.py [--passes 3] [--bp-sample 400] [--simulate-events 60000]

Figures: the engine's messages/s with the English pack vs better-profanity's
`contains_profanity` on the same messages (and the ratio); p50/p99 decision
time; precision/recall of the packs' word rules vs better-profanity; the
false-positive rate on ordinary SMS; `gardien simulate` events/s end to end.

Data (see ../shared/data/README.md; beside the repository, or $GARDIEN_DATA):
Davidson et al. 2017 (MIT), Ousidhoum et al. 2019 MLMA (MIT), Almeida & Hidalgo
SMS Spam Collection v.1.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench.shared_data import data_dir, require  # noqa: E402
from bot.simulate import simulate  # noqa: E402
from rules import buildcheck  # noqa: E402
from rules.compiler import load_ruleset  # noqa: E402
from rules.engine import evaluate, observe  # noqa: E402
from rules.events import Member, Message  # noqa: E402
from rules.ruleset import Ruleset  # noqa: E402
from rules.spec import Watch  # noqa: E402
from rules.state import MemberState, StateBook  # noqa: E402
from rules.watch import CompiledWatch, CrisisPolicy  # noqa: E402

DATA = data_dir()
DATA_FILES = ("en_offensive_dev.csv", "fr_hostile_dev.csv", "sms_collection.csv")
PACKS = ROOT / "rules" / "packs"
START = datetime(2026, 11, 1, tzinfo=UTC)


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def sms_rows() -> list[tuple[str, str]]:
    """(label, text) pairs of the SMS Spam Collection (labels ham / spam)."""
    return [(row["label"], row["text"]) for row in read_csv("sms_collection.csv")]


def messages_from(texts: list[str], members: int = 500) -> list[Message]:
    """One message a second, spread over `members` long-standing members."""
    users = [
        Member(
            id=f"u{i}",
            name=f"user{i}",
            roles=("member",),
            joined_at=START - timedelta(days=400),
            created_at=START - timedelta(days=900),
        )
        for i in range(members)
    ]
    return [
        Message(
            id=f"m{n}",
            community="bench:1",
            at=START + timedelta(seconds=n),
            user=users[n % members],
            text=text,
            channel="general",
        )
        for n, text in enumerate(texts)
    ]


def chat_mix(offensive_share: float) -> list[str]:
    """Ordinary short messages with a few offensive ones mixed in, as a busy server sees."""
    ham = [text for label, text in sms_rows() if label == "ham"]
    bad = [r["text"] for r in read_csv("en_offensive_dev.csv") if r["label"] != "neither"]
    every = max(1, round(1 / offensive_share))
    mixed = []
    for n, text in enumerate(ham):
        mixed.append(text)
        if n % every == 0:
            mixed.append(bad[(n // every) % len(bad)])
    return mixed


def report_speed(ruleset: Ruleset, corpus: list[str], label: str, args) -> None:
    """Whole-pack and word-rule-only speed, cold and warm, against better-profanity."""
    messages = messages_from(corpus)
    # first sight of every word: the word rules alone, then the whole pack, each on a
    # freshly compiled copy of the file (nothing remembered from another measure)
    word_cold = words_throughput(word_rule(load_ruleset(ruleset.file), EN_WORD_RULES), corpus)
    cold = engine_throughput(load_ruleset(ruleset.file), messages, 1)
    warm = engine_throughput(ruleset, messages, args.passes)
    words = word_rule(ruleset, EN_WORD_RULES)
    word_only = max(words_throughput(words, corpus) for _ in range(args.passes))
    theirs = better_profanity_throughput(sample(corpus, args.bp_sample))
    p50, p99 = decision_times(ruleset, messages)
    sensing = watching(ruleset)
    sensed = engine_throughput(sensing, messages, args.passes)
    print(f"Engine, English pack ({len(ruleset.rules)} rules), {len(messages)} messages, {label}:")
    print(f"  whole pack        {warm:>10,.0f} messages/s warm, {cold:,.0f} on first sight "
          "(target >= 100,000)")
    print(f"  with watch+crisis {sensed:>10,.0f} messages/s warm: sentiment and 3 watched terms "
          f"on every message, {100 * (warm / sensed - 1):+.0f}% time (target >= 50,000)")
    print(f"  word rules alone  {word_only:>10,.0f} messages/s warm, {word_cold:,.0f} "
          "on first sight")
    print(f"  better-profanity  {theirs:>10,.1f} messages/s (contains_profanity, "
          f"{min(args.bp_sample, len(corpus))}-message sample)")
    print(f"  ratio             {warm / theirs:>10,.0f} x whole pack, {word_only / theirs:,.0f} x "
          f"word rules alone warm, {word_cold / theirs:,.0f} x cold (target >= 1,500 x)")
    print(f"  decision time     p50 {p50:.1f} us, p99 {p99:.1f} us (target p99 < 200 us)\n")


def watching(ruleset: Ruleset) -> Ruleset:
    """The pack with `watch` (three terms) and `crisis` on: every message is scored."""
    spec = Watch(terms=["Acme", "acme cloud", "Gardien"])
    return replace(ruleset, watch=CompiledWatch.build(spec),
                   crisis=CrisisPolicy(window=600.0, negative=10, factor=3.0, slowmode=None))


def words_throughput(predict, corpus: list[str]) -> float:
    started = time.perf_counter()
    for text in corpus:
        predict(text)
    return len(corpus) / (time.perf_counter() - started)


def engine_throughput(ruleset: Ruleset, messages: list[Message], passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        book = StateBook()
        started = time.perf_counter()
        for message in messages:
            evaluate(ruleset, message, book.get(message.community, message.user.id))
        best = min(best, time.perf_counter() - started)
    return len(messages) / best


def decision_times(ruleset: Ruleset, messages: list[Message]) -> tuple[float, float]:
    book = StateBook()
    clock = time.perf_counter_ns
    samples = []
    for message in messages:
        state = book.get(message.community, message.user.id)
        started = clock()
        evaluate(ruleset, message, state)
        samples.append(clock() - started)
    samples.sort()
    return samples[len(samples) // 2] / 1000, samples[int(len(samples) * 0.99)] / 1000


def better_profanity_throughput(texts: list[str]) -> float:
    from better_profanity import profanity

    profanity.load_censor_words()
    started = time.perf_counter()
    for text in texts:
        profanity.contains_profanity(text)
    return len(texts) / (time.perf_counter() - started)


EN_WORD_RULES = ("no-threats", "no-slurs", "no-insults", "mild-language")
FR_WORD_RULES = ("pas-de-menaces", "pas-d-injures", "respect", "langage")


def word_rule(ruleset: Ruleset, rule_ids: str | tuple[str, ...]):
    """A predicate: does one of this pack's word rules (one per category since issue 18)
    match a plain member's message?"""
    wanted = (rule_ids,) if isinstance(rule_ids, str) else rule_ids
    rules = [r for r in ruleset.rules if r.id in wanted]
    member = Member(
        id="q",
        name="q",
        joined_at=START - timedelta(days=400),
        created_at=START - timedelta(days=900),
    )

    def predict(text: str) -> bool:
        message = Message(id="q", community="q:1", at=START, user=member, text=text)
        ctx = observe(ruleset, message, MemberState())
        return any(rule.predicate(ctx) for rule in rules)

    return predict


def scores(predict, positives: list[str], negatives: list[str]) -> dict[str, float]:
    tp = sum(1 for text in positives if predict(text))
    fp = sum(1 for text in negatives if predict(text))
    precision = tp / (tp + fp) if tp + fp else 0.0
    return {
        "precision": precision,
        "recall": tp / len(positives) if positives else 0.0,
        "fp_rate": fp / len(negatives) if negatives else 0.0,
        "n": len(positives) + len(negatives),
    }


def sample(items: list, size: int) -> list:
    """A deterministic, evenly spread sample."""
    if size >= len(items):
        return items
    step = len(items) / size
    return [items[int(i * step)] for i in range(size)]


def simulate_throughput(ruleset_path: Path, texts: list[str], events: int) -> tuple[float, int]:
    lines = []
    for n in range(events):
        user = f"u{n % 2000}"
        at = (START + timedelta(milliseconds=250 * n)).isoformat().replace("+00:00", "Z")
        if n % 50 == 0:
            lines.append(
                json.dumps(
                    {
                        "id": f"j{n}",
                        "type": "join",
                        "platform": "discord",
                        "community": f"g{n % 3}",
                        "at": at,
                        "user": {"id": user, "name": user},
                    }
                )
            )
            continue
        lines.append(
            json.dumps(
                {
                    "id": f"m{n}",
                    "type": "message",
                    "platform": "discord",
                    "community": f"g{n % 3}",
                    "channel": "general",
                    "at": at,
                    "user": {"id": user, "name": user, "roles": ["member"]},
                    "text": texts[n % len(texts)],
                }
            )
        )
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
        path = handle.name
    try:
        ruleset = load_ruleset(ruleset_path)
        out = io.StringIO()
        started = time.perf_counter()
        with open(path, encoding="utf-8") as stream:
            simulate(ruleset, stream, out, io.StringIO())
        elapsed = time.perf_counter() - started
        return events / elapsed, out.getvalue().count("\n")
    finally:
        os.unlink(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--bp-sample", type=int, default=400)
    parser.add_argument("--simulate-events", type=int, default=60_000)
    args = parser.parse_args()
    require(*DATA_FILES, directory=DATA)

    print(f"Rule engine: {buildcheck.mode()} (rules/buildcheck.py; setup.py compiles it)\n")
    english = load_ruleset(PACKS / "netiquette.en.yaml")
    french = load_ruleset(PACKS / "netiquette.fr.yaml")
    davidson = read_csv("en_offensive_dev.csv")
    texts = [row["text"] for row in davidson]

    chat = chat_mix(0.03)
    for label, corpus in (
        ("ordinary chat: SMS ham with 3% offensive tweets mixed in", chat),
        ("Davidson et al. 2017 tweets, 83% offensive: the worst case", texts),
    ):
        report_speed(english, corpus, label, args)
    print("\nWord rules, precision / recall (positive = offensive or hate / hostile):")
    positives = [r["text"] for r in davidson if r["label"] in ("offensive", "hate")]
    negatives = [r["text"] for r in davidson if r["label"] == "neither"]
    en_rule = word_rule(english, EN_WORD_RULES)
    from better_profanity import profanity

    en = scores(en_rule, positives, negatives)
    bp = scores(
        profanity.contains_profanity,
        sample(positives, args.bp_sample * 2),
        sample(negatives, args.bp_sample),
    )
    print(f"  en  builtin:en        P {en['precision']:.3f}  R {en['recall']:.3f}  (n={en['n']})")
    print(
        f"  en  better-profanity  P {bp['precision']:.3f}  R {bp['recall']:.3f}  "
        f"(sample n={bp['n']})"
    )
    print(
        f"      recall gain {100 * (en['recall'] - bp['recall']):+.1f} points "
        "(target >= +10 at no lower precision)"
    )
    french_rows = read_csv("fr_hostile_dev.csv")
    fr = scores(
        word_rule(french, FR_WORD_RULES),
        [r["text"] for r in french_rows if r["label"] == "hostile"],
        [r["text"] for r in french_rows if r["label"] == "normal"],
    )
    print(
        f"  fr  builtin:fr        P {fr['precision']:.3f}  R {fr['recall']:.3f}  "
        f"false positives on normal {100 * fr['fp_rate']:.1f}%  (target <= 8%)  "
        "(Ousidhoum et al. 2019)"
    )
    ham = [text for label, text in sms_rows() if label == "ham"]
    ham_en = sum(1 for text in ham if en_rule(text)) / len(ham)
    ham_sample = sample(ham, args.bp_sample)
    ham_bp = sum(1 for text in ham_sample if profanity.contains_profanity(text)) / len(ham_sample)
    print(
        f"  ham false positives: builtin:en {100 * ham_en:.2f}% of {len(ham)}, "
        f"better-profanity {100 * ham_bp:.2f}% of {len(ham_sample)}  (target <= 3%)  "
        "(SMS Spam Collection)"
    )

    rate, lines = simulate_throughput(PACKS / "netiquette.en.yaml", chat, args.simulate_events)
    print(
        f"\ngardien simulate: {rate:,.0f} events/s end to end over {args.simulate_events} "
        f"events, {lines} verdict lines (target >= 50,000)"
    )


if __name__ == "__main__":
    main()
