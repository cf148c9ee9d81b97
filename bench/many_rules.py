"""Benchmark of a rule file with many `words` rules: messages/s against the rule count.

    python bench/many_rules.py [--rules 1000] [--passes 3] [--messages N] [--profile]

A community's rule file may grow one `words` rule per topic, channel or language; this
measures whether the cost per message stays flat as rules are added (target: a
1,000-rule file at >= 20,000 messages/s). The file is generated: rule k lists three
words of the built-in English list (a sliding window, so rules share words), every
tenth rule also a two-word phrase and an allow entry, every seventh its own inline
words. Messages: the ordinary chat mix of bench/engine.py (SMS ham, 3% offensive
tweets mixed in); see ../shared/data/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench.engine import DATA, DATA_FILES, chat_mix, messages_from
from bench.shared_data import require
from rules.compiler import load_ruleset
from rules.engine import evaluate
from rules.events import Message
from rules.ruleset import Ruleset
from rules.state import StateBook
from rules.wordlists import builtin_words


def rule_file(count: int) -> str:
    """A rule file of `count` words rules over the built-in English list."""
    words = sorted(set(builtin_words("en")))
    rules = []
    for k in range(count):
        listed = [words[(3 * k + j) % len(words)] for j in range(3)]
        options: dict[str, object] = {"add": listed}
        if k % 10 == 0:
            listed.append(f"{words[(k + 7) % len(words)]} you")
            options["allow"] = [f"not {listed[0]}"]
        if k % 7 == 0:
            options["add"] = [*listed, f"topic{k}", f"banned-{k}-word"]
        rules.append({"id": f"words-{k}", "match": {"words": options},
                      "actions": ["delete"]})
    return yaml.safe_dump({"version": 1, "name": f"{count} word rules", "rules": rules})


def throughput(ruleset: Ruleset, messages: list[Message], passes: int) -> tuple[float, int]:
    """Best messages/s over `passes` warm passes, and the messages sanctioned."""
    best, sanctioned = float("inf"), 0
    for _ in range(passes):
        book = StateBook()
        started = time.perf_counter()
        sanctioned = sum(1 for m in messages
                         if evaluate(ruleset, m, book.get(m.community, m.user.id)).actions)
        best = min(best, time.perf_counter() - started)
    return len(messages) / best, sanctioned


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--messages", type=int, default=0, help="only the first N (0: all)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one pass")
    args = parser.parse_args()
    require(*DATA_FILES, directory=DATA)
    messages = messages_from(chat_mix(0.03))[: args.messages or None]
    for count in sorted({1, 10, 100, args.rules}):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "rules.yaml"
            path.write_text(rule_file(count), encoding="utf-8")
            started = time.perf_counter()
            ruleset = load_ruleset(path)
            compile_s = time.perf_counter() - started
        rate, sanctioned = throughput(ruleset, messages, args.passes)
        print(f"{count:>5} words rules: {rate:>9,.0f} messages/s warm over {len(messages)} "
              f"messages, {sanctioned} sanctioned; compiled in {compile_s:.2f} s")
        if args.profile and count == args.rules:
            profiler = cProfile.Profile()
            profiler.runcall(throughput, ruleset, messages, 1)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
    print("(target: 1,000 rules >= 20,000 messages/s)")


if __name__ == "__main__":
    main()
