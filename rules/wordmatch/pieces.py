"""Cutting folded text into pieces (candidate words) and keying them.

A *piece* is a maximal run of letters, digits and leet symbols; everything else separates
pieces. Listed words and message pieces are compared through a coarse *key* (leet
look-alikes merged into one class, repeated characters squeezed), so a dictionary lookup
finds the few listed words a piece could be; an exact pattern then decides.
"""

from __future__ import annotations

import re

from .tables import LEET, LEET_SYMBOLS, SPACING

# Letters/digits (any script) and leet symbols make words; "_" separates ("f_u_c_k").
# Never leet at the very edge of a piece: "hi!" is "hi", not "hii".
_EDGE_PUNCT = "!|"
# A piece starts and ends with a letter, digit or inner leet symbol; '!' and '|' only
# inside. Captured, so that one C-level `split` yields separators and pieces in turn.
_INNER_SYMBOLS = "".join(c for c in LEET_SYMBOLS if c not in _EDGE_PUNCT)
_PIECE_CHAR = r"(?:[^\W_]|[" + re.escape(_INNER_SYMBOLS) + r"])"
_PIECE_SPLIT_RE = re.compile(
    "(" + _PIECE_CHAR + r"(?:(?:" + _PIECE_CHAR + "|[" + re.escape(_EDGE_PUNCT) + "])*"
    + _PIECE_CHAR + ")?)"
)
_RUN_RE = re.compile(r"(.)\1*", re.DOTALL)
# A spelled-out word with stars between letters: "f*u*c*k".
_STARRED_RE = re.compile(r"[^\W\d_](?:\*[^\W\d_])+")
_BANG_RE = re.compile(r"[!|]+")

# Characters that are not letters but may stand for one inside a word.
_NON_LETTERS = "0123456789" + LEET_SYMBOLS
_SPACING_CHARS = SPACING.replace(" ", "")


def _coarse_table() -> dict[int, str]:
    """Map every character that can stand for a letter onto one representative per class.

    Classes are the connected components of the leet relation (letter <-> look-alike), so a
    message piece and every listed word it could spell share a key; e.g. '*' joins all
    vowels, so vowels, '@', '1', 'l', ... form one class.
    """
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.setdefault(c, c) != c:
            c = parent[c]
        return c

    for letter, subs in LEET.items():
        for sub in subs:
            a, b = find(letter), find(sub)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {ord(c): find(c) for c in parent if find(c) != c}


_COARSE = _coarse_table()


def coarse_key(word: str) -> str:
    """Key shared by a piece and every listed word it may spell (classes, squeezed).
    One C-level `findall` (the first character of each run), however long the piece."""
    return "".join(_RUN_RE.findall(word.translate(_COARSE)))


def key_segments(text: str) -> tuple[str, list[int]]:
    """The coarse key of `text` and where each of its characters' runs starts in `text`
    (plus len(text)), so any slice of the key maps back to a slice of the text."""
    coarse = text.translate(_COARSE)
    bounds = [m.start() for m in _RUN_RE.finditer(coarse)]
    key = "".join(coarse[i] for i in bounds)
    bounds.append(len(text))
    return key, bounds


def prefix_segments(text: str, count: int) -> tuple[str, list[int]]:
    """`key_segments` of a prefix of `text` holding at least its first `count` key
    characters whole (or of all of `text`): the work is bounded by `count` runs, not by
    the length of `text`."""
    width = 2 * count
    while width < len(text):
        key, bounds = key_segments(text[:width])
        if len(key) > count:  # the last run may be cut short by the window: leave it out
            return key[:count], bounds[: count + 1]
        width *= 4
    return key_segments(text)


def suffix_segments(text: str, count: int) -> tuple[str, list[int], int]:
    """Like `prefix_segments` for (at least) the last `count` key characters of `text`:
    their key, and their bounds relative to the returned offset where the first starts."""
    width = 2 * count
    while width < len(text):
        start = len(text) - width
        key, bounds = key_segments(text[start:])
        if len(key) > count:  # the first run may be cut short by the window: leave it out
            drop = len(key) - count
            first = bounds[drop]
            return key[drop:], [b - first for b in bounds[drop:]], start + first
        width *= 4
    key, bounds = key_segments(text)
    return key, bounds, 0


def is_spacing(sep: str) -> bool:
    """True if `sep` may sit between the letters of a spelled-out word ("", ".", "-", "_")."""
    return not sep.strip(_SPACING_CHARS)


def split_pieces(text: str) -> tuple[list[str], list[str]]:
    """Cut whitespace-free folded text into pieces and the separators around them.

    Returns (pieces, seps) with len(seps) == len(pieces) + 1: seps[k] precedes pieces[k],
    seps[-1] trails. '!' and '|' at the edge of a piece are punctuation and move to the
    separators.
    """
    if text.isalnum():  # the common case: one plain word
        return [text], ["", ""]
    parts = _PIECE_SPLIT_RE.split(text)
    return parts[1::2], parts[::2]


def has_letter(piece: str) -> bool:
    """Pieces without letters ("455", "$100") are numbers, never leetspeak."""
    return bool(piece.strip(_NON_LETTERS))


def text_variants(piece: str) -> list[str]:
    """Spellings a message piece may stand for, before leet decoding.

    Leading/trailing digits and symbols may be leet ("a$$", "@ss") or decoration ("fuck2",
    "*shit*"), so both readings are tried. A starred spelling ("f*u*c*k") also yields the
    joined letters, and an inner '!' or '|' may be punctuation after all ("lmao!nice"), so
    the parts between them are tried too.
    """
    core = piece.strip(_NON_LETTERS)
    if not core:
        return [piece]
    variants = [piece]
    lead = piece.lstrip(_NON_LETTERS)
    trail = piece.rstrip(_NON_LETTERS)
    for v in (lead, trail, core):
        if v not in variants:
            variants.append(v)
    if "*" in piece and _STARRED_RE.fullmatch(piece):
        variants.append(piece.replace("*", ""))
    if "!" in core or "|" in core:
        # A dict keeps the first of each part in order: a piece may hold thousands.
        seen = dict.fromkeys(variants)
        seen.update(dict.fromkeys(_BANG_RE.split(core)))
        seen.pop("", None)
        return list(seen)
    return variants


def runs(word: str) -> list[tuple[str, int]]:
    """Run-length encoding (build time only): "boobs" -> [(b,1), (o,2), (b,1), (s,1)]."""
    out: list[tuple[str, int]] = []
    i = 0
    n = len(word)
    while i < n:
        j = i + 1
        while j < n and word[j] == word[i]:
            j += 1
        out.append((word[i], j - i))
        i = j
    return out
