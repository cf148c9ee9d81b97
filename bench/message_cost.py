"""What one long message costs to judge, by kind of text: the worst case against plain prose.

    python bench/message_cost.py [--samples 200] [--length 4096]

Each kind is a family of `--length`-character messages (code points), judged through the
real engine (`rules.compiler.load_ruleset` + `rules.engine.evaluate`) with each bundled pack
(rules/packs/netiquette.en.yaml and .fr). Messages of a kind differ from one another (a
rotating start, a varying letter), so the matcher's memo helps no more than it would in
a real flood; one warm-up pass runs first. Printed per pack: median and p99 cost per
message in microseconds (CPU time of this process) and their ratio to plain prose.
Target (issue 11): every kind within 3x of plain.

Plain prose comes from the SMS Spam Collection v.1 (Almeida & Hidalgo, UCI; `ham` rows)
in the shared data (../shared/data or $GARDIEN_DATA) when present, else generated words.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.shared_data import data_dir  # noqa: E402
from rules.compiler import load_ruleset  # noqa: E402
from rules.engine import evaluate  # noqa: E402
from rules.events import Member, Message  # noqa: E402
from rules.ruleset import Ruleset  # noqa: E402
from rules.state import StateBook  # noqa: E402

PACKS = ROOT / "rules" / "packs"
START = datetime(2026, 11, 1, tzinfo=UTC)
TARGET_RATIO = 3.0

Make = Callable[[int, int], str]  # (sample index, length) -> message text


def _fill(unit: Callable[[int], str], length: int) -> str:
    """Concatenate `unit(k)` for k = 0, 1, ... and cut at exactly `length` characters."""
    parts: list[str] = []
    total = 0
    k = 0
    while total < length:
        part = unit(k)
        parts.append(part)
        total += len(part)
        k += 1
    return "".join(parts)[:length]


def _prose_words() -> list[str]:
    """Words of ordinary chat: SMS ham when the shared data is there, else generated."""
    path = data_dir() / "sms_collection.csv"
    if path.is_file():
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [row["text"] for row in csv.DictReader(handle) if row["label"] == "ham"]
        return " ".join(rows).split()
    rng = random.Random(11)
    syllables = ["ka", "lo", "mi", "ter", "sun", "da", "ve", "ro", "pa", "ni", "ght", "wel"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 3)))
            for _ in range(20_000)]


WORDS = _prose_words()
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_HOMOGLYPHS = {"a": "а", "e": "е", "o": "ο", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у",
               "k": "κ", "n": "п", "s": "ѕ", "h": "һ"}
_MARKS = "".join(chr(cp) for cp in range(0x0300, 0x0370))
_EMOJI = [chr(cp) for cp in range(0x1F600, 0x1F650)] + ["\u2764\ufe0f", "\U0001F44D\U0001F3FD",
          "\U0001F468\u200d\U0001F469\u200d\U0001F467"]


def prose(index: int, length: int) -> str:
    start = (index * 97) % len(WORDS)
    return _fill(lambda k: WORDS[(start + k) % len(WORDS)] + " ", length)


def fdfa(index: int, length: int) -> str:
    """U+FDFA: one character that NFKC expands to 18 (a ligature of a whole phrase)."""
    text = "\ufdfa" * length
    return text[: index % 64] + _LETTERS[index % 26] + text[index % 64 + 1 :]


def spaced_profanity(index: int, length: int) -> str:
    """A profanity spelled with separators, repeated: "f u c k i n g f.u.c.k ..."."""
    seps = (" ", ".", "-", " . ", "_")
    word = ("fucking", "shit", "bitch", "asshole")[index % 4]
    sep = seps[index % len(seps)]
    return _fill(lambda k: sep.join(word) + sep, length)


def spaced_letters(index: int, length: int) -> str:
    """Innocent prose spelled out letter by letter: one long spelled-out run to search."""
    rng = random.Random(index)
    return _fill(lambda k: rng.choice(_LETTERS) + " ", length)


def zero_width(index: int, length: int) -> str:
    """Prose with a zero-width character after every character."""
    plain = prose(index, length // 2 + 1)
    invisible = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")[index % 5]
    return "".join(ch + invisible for ch in plain)[:length]


def combining(index: int, length: int) -> str:
    """"Zalgo": every letter of prose under a stack of eight combining marks."""
    plain = prose(index, length // 9 + 1)
    rng = random.Random(index)
    return "".join(ch + "".join(rng.choice(_MARKS) for _ in range(8)) for ch in plain)[:length]


def homoglyphs(index: int, length: int) -> str:
    """Prose with Cyrillic and Greek look-alikes mixed into its words."""
    rng = random.Random(index)
    plain = prose(index, length)
    return "".join(_HOMOGLYPHS[ch] if ch in _HOMOGLYPHS and rng.random() < 0.5 else ch
                   for ch in plain)


def one_word(index: int, length: int) -> str:
    """Prose with its spaces removed: a single word of `length` characters."""
    return "".join(prose(index, 2 * length).split())[:length]


def emoji(index: int, length: int) -> str:
    rng = random.Random(index)
    return _fill(lambda k: rng.choice(_EMOJI) + (" " if k % 5 == 4 else ""), length)


def spaced_between_words(index: int, length: int) -> str:
    """A spelled-out profanity before every word of prose: hundreds of spelled-out runs."""
    word = ("fuck", "shit", "bitch")[index % 3]
    start = (index * 97) % len(WORDS)
    return _fill(lambda k: " ".join(word) + " " + WORDS[(start + k) % len(WORDS)] + " ", length)


def parenthesised(index: int, length: int) -> str:
    """"⑴⑵⑶": characters NFKC makes three long, each holding a piece of its own."""
    return _fill(lambda k: chr(0x2474 + (index + k) % 9), length)


def code_points(index: int, length: int) -> str:
    """Random code points of the Basic Multilingual Plane: every character new to the
    message, most of them rare (the folding table's worst case)."""
    rng = random.Random(index)
    return "".join(chr(rng.randrange(0x20, 0xD800)) for _ in range(length))


KINDS: dict[str, Make] = {
    "plain prose": prose,
    "U+FDFA repeated": fdfa,
    "spaced profanity": spaced_profanity,
    "spaced letters": spaced_letters,
    "zero-width interleaved": zero_width,
    "combining marks stacked": combining,
    "homoglyphs, mixed scripts": homoglyphs,
    "one word, no spaces": one_word,
    "emoji": emoji,
}
# Found while bounding the cost: worst cases beyond the list.
EXTRA_KINDS: dict[str, Make] = {
    "spaced profanity, each word": spaced_between_words,
    "parenthesised digits": parenthesised,
    "random BMP code points": code_points,
}


def messages(make: Make, samples: int, length: int) -> list[Message]:
    """`samples` messages of one kind, each from its own long-standing member a minute
    apart (so flood and repeat measure nothing but their own cost)."""
    out = []
    for n in range(samples):
        user = Member(id=f"u{n}", name=f"user{n}", roles=("member",),
                      joined_at=START - timedelta(days=400),
                      created_at=START - timedelta(days=900))
        out.append(Message(id=f"m{n}", community="bench:1", at=START + timedelta(minutes=n),
                           user=user, text=make(n, length), channel="general"))
    return out


def costs(ruleset: Ruleset, batch: list[Message]) -> list[float]:
    """CPU microseconds to judge each message (after one warm-up pass over the batch)."""
    clock = time.thread_time_ns
    for message in batch:
        evaluate(ruleset, message, StateBook().get(message.community, message.user.id))
    book = StateBook()
    out = []
    for message in batch:
        state = book.get(message.community, message.user.id)
        started = clock()
        evaluate(ruleset, message, state)
        out.append((clock() - started) / 1000)
    out.sort()
    return out


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]


def report(name: str, ruleset: Ruleset, samples: int, length: int) -> None:
    """Print one pack's table: each kind's cost and its ratio to plain prose."""
    print(f"{name} ({len(ruleset.rules)} rules), {samples} messages of {length} characters "
          "per kind, CPU time per message:")
    print(f"  {'kind':<30}{'median us':>11}{'p99 us':>11}{'x plain':>9}{'p99 x':>8}")
    base: tuple[float, float] | None = None
    for group, kinds in (("issue 11", KINDS), ("beyond the issue's list", EXTRA_KINDS)):
        worst = 0.0
        for kind, make in kinds.items():
            batch = messages(make, samples, length)
            assert all(len(m.text) == length for m in batch), kind
            values = costs(ruleset, batch)
            median, p99 = percentile(values, 0.5), percentile(values, 0.99)
            base = base or (median, p99)
            worst = max(worst, median / base[0])
            print(f"  {kind:<30}{median:>11,.0f}{p99:>11,.0f}{median / base[0]:>8.1f}x"
                  f"{p99 / base[1]:>7.1f}x")
        print(f"  -- worst median ratio, {group}: {worst:.1f}x (target <= {TARGET_RATIO:.0f}x)")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--length", type=int, default=4096)
    args = parser.parse_args()
    source = "SMS Spam Collection ham" if (data_dir() / "sms_collection.csv").is_file() \
        else "generated words (shared data absent)"
    print(f"Plain prose: {source}\n")
    for pack in ("netiquette.en.yaml", "netiquette.fr.yaml"):
        report(pack, load_ruleset(PACKS / pack), args.samples, args.length)


if __name__ == "__main__":
    main()
