"""Dev benchmark: messages/s of rules.wordmatch.WordMatcher vs better-profanity.

Usage: python bench/wordmatch_speed.py [--bp-sample 300] [--passes 5]

Messages: the texts of en_offensive_dev.csv (Davidson et al. 2017, MIT) in the shared data
beside the repository (../shared/data, or $GARDIEN_DATA).
Word list: better-profanity 0.7's profanity_wordlist.txt (MIT) plus the English "List of
Dirty, Naughty, Obscene and Otherwise Bad Words" (LDNOOBW, CC BY 4.0), about 1,200
entries; both matchers get the same list.

WordMatcher memoises chunk classifications, so it is reported twice: *cold* (a fresh
matcher's first pass, every chunk new to it) and *warm* (best of several passes, what a
long-running bot sees). Rates are per CPU second of this process, so other load on a
shared machine skews them less. better-profanity is slow (~50 msg/s), so it runs on a sample; the
ratio compares it with WordMatcher on that same sample and on the whole set.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import better_profanity
from better_profanity import Profanity

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.shared_data import data_dir, require
from rules.wordmatch import WordMatcher

DATA = data_dir()
DATA_FILES = ("wordlists/ldnoobw-en.txt", "en_offensive_dev.csv")


def load_words() -> list[str]:
    """better-profanity's list, then LDNOOBW English (deduplicated later by the matcher)."""
    bp_list = Path(better_profanity.__file__).parent / "profanity_wordlist.txt"
    words: list[str] = []
    for path in (bp_list, DATA / "wordlists" / "ldnoobw-en.txt"):
        words += [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
    return words


def load_texts() -> list[str]:
    with open(DATA / "en_offensive_dev.csv", encoding="utf-8", newline="") as f:
        return [row["text"] for row in csv.DictReader(f)]


def rate(fn: Callable[[str], object], texts: Sequence[str]) -> tuple[float, int]:
    """(messages per CPU second, messages flagged) for one pass of `fn` over `texts`.

    CPU time of this process, so other work on a shared machine does not count."""
    start = time.process_time()
    flagged = sum(1 for t in texts if fn(t))
    return len(texts) / max(time.process_time() - start, 1e-9), flagged


def cold_rate(words: list[str], texts: Sequence[str], tries: int) -> tuple[float, int]:
    """Best first-pass rate over `tries` freshly built matchers."""
    return max(rate(WordMatcher.build(words).search, texts) for _ in range(tries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bp-sample", type=int, default=300, help="messages for better-profanity")
    parser.add_argument("--passes", type=int, default=5, help="warm passes (best is kept)")
    args = parser.parse_args()
    require(*DATA_FILES, directory=DATA)

    words, texts = load_words(), load_texts()
    sample = texts[:: max(1, len(texts) // args.bp_sample)][: args.bp_sample]

    start = time.process_time()
    matcher = WordMatcher.build(words)
    build_s = time.process_time() - start
    print(f"list: {len(words)} lines -> {len(matcher)} entries, built in {build_s * 1000:.0f} ms")
    print(f"messages: {len(texts)} (mean {sum(map(len, texts)) / len(texts):.0f} chars)")

    cold, flagged = cold_rate(words, texts, 3)
    rate(matcher.search, texts)  # fill the memo
    warm = max(rate(matcher.search, texts)[0] for _ in range(args.passes))
    print(f"WordMatcher, all messages: cold {cold:,.0f} msg/s, warm {warm:,.0f} msg/s,")
    print(f"  flagged {flagged} ({flagged / len(texts):.0%})")

    sample_cold, _ = cold_rate(words, sample, 3)
    fresh = WordMatcher.build(words)
    rate(fresh.search, sample)
    sample_warm = max(rate(fresh.search, sample)[0] for _ in range(args.passes))

    profanity = Profanity(words)
    bp_rate, bp_flagged = rate(profanity.contains_profanity, sample)
    mine_flagged = sum(1 for t in sample if matcher.search(t))
    print(f"better-profanity, {len(sample)} sampled messages: {bp_rate:,.1f} msg/s")
    print(f"  flagged {bp_flagged}; WordMatcher flags {mine_flagged} of the same")
    print(f"WordMatcher, same sample: cold {sample_cold:,.0f} msg/s, warm {sample_warm:,.0f} msg/s")
    print(
        f"ratio vs better-profanity: same sample cold x{sample_cold / bp_rate:,.0f}, "
        f"warm x{sample_warm / bp_rate:,.0f}; all messages cold x{cold / bp_rate:,.0f}, "
        f"warm x{warm / bp_rate:,.0f}"
    )


if __name__ == "__main__":
    main()
