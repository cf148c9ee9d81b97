"""`fold`: one canonical spelling for text that looks the same to a human.

Used by the matcher as its first step and by the engine to compare messages (`repeat`).
Folding is NFKC, then one `str.translate` through a per-character table that case-folds,
maps look-alikes to Latin, strips accents and deletes invisible characters and combining
marks. The table is filled lazily (one `unicodedata` call per *distinct* character ever
seen, never per character of a message), and pure ASCII text skips all of it.

Folding costs time per character of its NFKC form, which a few characters make long
(U+FDFA is eighteen letters), so a message is budgeted: what expansions longer than two
characters add may not exceed the message's own length plus an allowance no ordinary
text reaches. Past it, each of them is cut to a two-character stand-in, so a message's
NFKC form stays within a small factor of its length (and it has at most about one piece
per character) whatever it holds.
"""

from __future__ import annotations

import re
import unicodedata

from .tables import (
    INVISIBLE_LETTERS,
    LONG_EXPANSION_RANGES,
    LOOKALIKES,
    SYMBOL_LETTERS,
    UPPER_LOOKALIKES,
)

# Invisible code points that fold deletes even where their category is not Cf/M*
# (tag characters include unassigned code points in E0000-E007F).
_INVISIBLE_RANGES = ((0xE0000, 0xE007F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))

# Bound on the lazily-built table; past it, characters are still folded but not stored.
_TABLE_CAP = 100_000


def _is_invisible(ch: str) -> bool:
    """True for characters that render as nothing (format controls, fillers, selectors)."""
    cp = ord(ch)
    if ch in INVISIBLE_LETTERS:
        return True
    if any(lo <= cp <= hi for lo, hi in _INVISIBLE_RANGES):
        return True
    return unicodedata.category(ch) == "Cf"


def _fold_folded_char(ch: str) -> str:
    """Fold one character that has already been case-folded."""
    mapped = LOOKALIKES.get(ch) or SYMBOL_LETTERS.get(ch)
    if mapped is not None:
        return mapped
    if _is_invisible(ch) or unicodedata.category(ch).startswith("M"):
        return ""
    decomposed = unicodedata.normalize("NFD", ch)
    if decomposed == ch:
        return ch
    # Accented letter: keep the base characters, drop the marks, then map look-alikes
    # of the base (Cyrillic "ї" -> "і" -> "i").
    base = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return "".join(LOOKALIKES.get(c, c) for c in base)


def _fold_char(ch: str) -> str:
    """Fold one character of NFKC text: capitals that look Latin first (Greek 'Η' is an
    'h' although its lowercase 'η' reads 'n'), then case folding and the rest."""
    upper = UPPER_LOOKALIKES.get(ch)
    if upper is not None:
        return upper
    return "".join(_fold_folded_char(c) for c in ch.casefold())


class _FoldTable(dict[int, str]):
    """`str.translate` table that computes (and, within a cap, remembers) missing entries."""

    def __missing__(self, cp: int) -> str:
        out = _fold_char(chr(cp))
        if len(self) < _TABLE_CAP:
            self[cp] = out
        return out


_TABLE = _FoldTable()

# Characters added by long expansions that a message may carry in full beyond its own
# length: a few dozen U+FDFA in a 4,096-character message, ordinary text never more.
GROWTH_ALLOWANCE = 1024

_LONG_CHARS = [chr(cp) for lo, hi in LONG_EXPANSION_RANGES for cp in range(lo, hi + 1)]
_LONG_RUNS_RE = re.compile(
    "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in LONG_EXPANSION_RANGES) + "]+"
)
_GROWTH = {ch: len(unicodedata.normalize("NFKC", ch)) - 1 for ch in _LONG_CHARS}
_LEAST_GROWTH = min(_GROWTH.values())
_MOST_GROWTH = max(_GROWTH.values())


def _stand_in(ch: str) -> str:
    """A long expansion cut to its first and last characters: it still joins (or parts
    from) its neighbours as the whole would, in two characters ("(1)" -> "()")."""
    whole = unicodedata.normalize("NFKC", ch)
    return whole[0] + whole[-1]


_STAND_INS = {ord(ch): _stand_in(ch) for ch in _LONG_CHARS}


def within_budget(text: str) -> str:
    """`text`, or, when its long expansions would add more than its length plus
    `GROWTH_ALLOWANCE` characters, `text` with each of them replaced by its stand-in."""
    runs = _LONG_RUNS_RE.findall(text)
    if not runs:
        return text
    budget = len(text) + GROWTH_ALLOWANCE
    count = sum(map(len, runs))
    if count * _MOST_GROWTH <= budget:
        return text
    if count * _LEAST_GROWTH <= budget and sum(
        _GROWTH[ch] for run in runs for ch in run
    ) <= budget:
        return text
    return text.translate(_STAND_INS)


def fold(text: str) -> str:
    """Return the canonical form of `text`: NFKC, case-folded, look-alikes mapped to Latin,
    invisible characters and combining marks removed, accents stripped.

    Digits, punctuation and whitespace are kept (typographic apostrophes and dashes become
    ASCII ones), so word boundaries survive. Long expansions beyond the message's budget
    are cut to stand-ins (see `within_budget`).
    """
    if text.isascii():
        return text.lower()
    normal = unicodedata.normalize("NFKC", within_budget(text))
    folded = normal.translate(_TABLE)
    if folded.isascii():
        return folded
    # Case folding and the table can expose characters NFKC would change (rare: e.g. a
    # stripped accent leaving a compatibility character); one more pass makes fold
    # idempotent. When NFKC only undoes the table (Hangul syllables the table spells as
    # jamo), that pass would give `folded` again.
    again = unicodedata.normalize("NFKC", folded)
    return folded if again in (folded, normal) else again.translate(_TABLE)
