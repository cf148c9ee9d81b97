"""Time per character of one message as it grows, per text shape; prints its figures.

    python bench/textsize.py [--passes 3]

Shapes: ordinary chat, links-dense text, letters spelled out ("f . u . c . k"), and
phrases (words of the pack's phrases, repeated). For each, one message of 1,000, 10,000 and
100,000 characters goes through the engine with the English pack; the figure is the best
of `--passes` runs divided by the length. Flat (per-character time at 10,000 and 100,000
within 2x of that at 1,000) means no superlinear path; each run uses a fresh rule
file, so caches do not flatter the long text.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rules.compiler import load_ruleset  # noqa: E402
from rules.engine import evaluate  # noqa: E402
from rules.events import Member, Message  # noqa: E402
from rules.links_parse import find_links  # noqa: E402
from rules.state import StateBook  # noqa: E402

PACK = ROOT / "rules" / "packs" / "netiquette.en.yaml"
START = datetime(2026, 11, 1, tzinfo=UTC)
SIZES = (1_000, 10_000, 100_000)
UNITS = {
    "chat": "see you at the station around six, bring the tickets please ",
    "links-dense": "see https://a.example.com/x and www.b-example.org/y or c.example.io ",
    "spelled-out": "h e l l o . w o r l d - a b c d e ",
    "phrases": "you are a piece of cake and go to the shop ",
}


def text_of(shape: str, size: int) -> str:
    unit = UNITS[shape]
    return (unit * (size // len(unit) + 1))[:size]


def engine_time(text: str) -> float:
    ruleset = load_ruleset(PACK)   # fresh matchers: nothing remembered from a shorter run
    member = Member(id="u1", name="u1", joined_at=START - timedelta(days=400),
                    created_at=START - timedelta(days=900))
    message = Message(id="m1", community="c:1", at=START, user=member, text=text,
                      channel="general")
    book = StateBook()
    started = time.perf_counter()
    evaluate(ruleset, message, book.get("c:1", "u1"), book)
    return time.perf_counter() - started


def links_time(text: str) -> float:
    started = time.perf_counter()
    find_links(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    print("Time per character (ns), best of", args.passes, "passes; target: flat within 2x")
    for label, measure in (("engine, English pack", engine_time), ("find_links", links_time)):
        print(f"  {label}:")
        measure(text_of("chat", 1_000))   # warm the interpreter and the fold table
        for shape in UNITS:
            per_char = []
            for size in SIZES:
                text = text_of(shape, size)
                best = min(measure(text) for _ in range(args.passes))
                per_char.append(1e9 * best / size)
            spread = max(per_char) / per_char[0]   # growth; a shorter text's fixed cost is not
            cells = "  ".join(f"{size:>7,}: {ns:7.1f}" for size, ns in
                              zip(SIZES, per_char, strict=True))
            verdict = "flat" if spread <= 2 else "NOT flat"
            print(f"    {shape:<12} {cells}   growth {spread:.2f}x ({verdict})")


if __name__ == "__main__":
    main()
