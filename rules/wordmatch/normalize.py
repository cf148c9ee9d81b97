"""`fold`: one canonical spelling for text that looks the same to a human.

Used by the matcher as its first step and by the engine to compare messages (`repeat`).
Folding is NFKC, then one `str.translate` through a per-character table that case-folds,
maps look-alikes to Latin, strips accents and deletes invisible characters and combining
marks. The table is filled lazily (one `unicodedata` call per *distinct* character ever
seen, never per character of a message), and pure ASCII text skips all of it.
"""

from __future__ import annotations

import unicodedata

from .tables import INVISIBLE_LETTERS, LOOKALIKES, SYMBOL_LETTERS, UPPER_LOOKALIKES

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


def fold(text: str) -> str:
    """Return the canonical form of `text`: NFKC, case-folded, look-alikes mapped to Latin,
    invisible characters and combining marks removed, accents stripped.

    Digits, punctuation and whitespace are kept (typographic apostrophes and dashes become
    ASCII ones), so word boundaries survive.
    """
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).translate(_TABLE)
    if folded.isascii():
        return folded
    # Case folding and the table can expose characters NFKC would change (rare: e.g. a
    # stripped accent leaving a compatibility character); one more pass makes fold
    # idempotent.
    again = unicodedata.normalize("NFKC", folded)
    return folded if again == folded else again.translate(_TABLE)
