"""The compiled word list: listed words with their keys and exact patterns, and the phrase
trie over word ids.

Everything per-word happens here, once, at build time; matching a piece is then one dict
lookup on its coarse key plus an exact (linear-time RE2) check of the few candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import re2

from .normalize import fold
from .pieces import coarse_key, has_letter, key_segments, runs, split_pieces, text_variants
from .tables import LEET

_EMPTY: frozenset[int] = frozenset()
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.never_capture = True


@dataclass(slots=True)
class Node:
    """Phrase trie node: children by word id; `entry`/`allow` mark a complete phrase."""

    next: dict[int, Node] = field(default_factory=dict)
    entry: int = -1
    allow: bool = False


def phrase_words(entry: str) -> tuple[str, ...]:
    """Normalise a listed entry into its words, as message pieces will be.

    An entry spelled out letter by letter ("f_u_c_k", "s.h.i.t.") is the joined word.
    """
    pieces, _ = split_pieces(fold(entry))
    if len(pieces) >= 2 and all(len(p) == 1 for p in pieces):
        return ("".join(pieces),)
    return tuple(pieces)


def _run_pattern(cls: str, count: int) -> str:
    """A run of `count` listed characters: a listed double (triple) needs 2+ (3+); a
    single matches 1 or 3+, because a doubled letter in a message is usually a real one
    ("good" is not "god") while emphasis repeats more ("fuuuck")."""
    return f"{cls}{{{count},}}" if count >= 2 else f"{cls}(?:{cls}{{2,}})?"


def _char_pattern(ch: str, count: int) -> str:
    """Pattern for a run of listed character `ch` in a message.

    Leet symbols may be mixed into a run, but a run never mixes two letters: 'l' may spell
    'i' ("shlt") yet "tilt" must not read as "tiit".
    """
    subs = LEET.get(ch)
    if subs is None:
        return _run_pattern(re.escape(ch), count)
    symbols = "".join(c for c in subs if not c.isalpha())
    alts = [ch, *(c for c in subs if c.isalpha())]
    options = [
        _run_pattern("[" + "".join(re.escape(c) for c in a + symbols) + "]", count) for a in alts
    ]
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def word_pattern(word: str) -> str:
    """Exact pattern of a listed word: leet, emphasis repeats, listed doubles required."""
    return "".join(_char_pattern(ch, n) for ch, n in runs(word))


class Lexicon:
    """Listed entries (and allowed phrases) compiled for piece lookup and phrase walking."""

    def __init__(self, words: Iterable[str], allow: Iterable[str] = ()) -> None:
        self.entries: list[str] = []
        self._word_ids: dict[str, int] = {}
        # coarse key -> [(word id, exact pattern, word has letters)]
        self._index: dict[str, list[tuple[int, re2._Regexp, bool]]] = {}
        self.root = Node()
        self._single: dict[int, int] = {}  # word id -> entry of that single word
        firsts: set[int] = set()

        allowed = [phrase_words(_check_str(a)) for a in allow]
        allowed_set = set(allowed)
        seen: set[tuple[str, ...]] = set()
        for raw in words:
            phrase = phrase_words(_check_str(raw))
            if not phrase or phrase in seen or phrase in allowed_set:
                continue
            seen.add(phrase)
            node = self._insert(phrase)
            node.entry = len(self.entries)
            if len(phrase) == 1:
                self._single[self._word_ids[phrase[0]]] = node.entry
            else:
                firsts.add(self._word_ids[phrase[0]])
            self.entries.append(raw)
        for phrase in allowed:
            if phrase:
                self._insert(phrase).allow = True
                if len(phrase) > 1:
                    firsts.add(self._word_ids[phrase[0]])
        self.phrase_starts = frozenset(firsts)
        # Longest key of a single listed word: bounds the slices tried in spelled-out runs.
        self._max_key = max(
            (len(coarse_key(w)) for w, wid in self._word_ids.items() if wid in self._single),
            default=0,
        )

    def _insert(self, phrase: tuple[str, ...]) -> Node:
        node = self.root
        for word in phrase:
            wid = self._word_id(word)
            node = node.next.setdefault(wid, Node())
        return node

    def _word_id(self, word: str) -> int:
        wid = self._word_ids.get(word)
        if wid is None:
            wid = self._word_ids[word] = len(self._word_ids)
            rx = re2.compile(word_pattern(word), _RE2_OPTIONS)
            self._index.setdefault(coarse_key(word), []).append((wid, rx, has_letter(word)))
        return wid

    def piece_words(self, piece: str) -> frozenset[int]:
        """Ids of the listed words (entries or phrase words) that a message piece spells
        in any of its readings (`text_variants`)."""
        found: set[int] | None = None
        for variant in text_variants(piece):
            lettered = has_letter(variant)  # numbers are never leetspeak
            for wid, rx, word_lettered in self._index.get(coarse_key(variant), ()):
                if word_lettered == lettered and rx.fullmatch(variant):
                    if found is None:
                        found = set()
                    found.add(wid)
        return frozenset(found) if found else _EMPTY

    def spaced_matches(self, run: str) -> list[tuple[int, int, int]]:
        """(start, end, entry) of single listed words spelled out inside `run` (one char per
        piece, e.g. "afucking" from "a f u c k i n g"). Any slice of a run may be a word, so
        each slice of its key up to the longest word key is looked up; cost is linear in
        the run. A match needs two letters: "5 5" or "a 5" spell nothing.
        """
        key, bounds = key_segments(run)
        out: list[tuple[int, int, int]] = []
        n = len(key)
        index, single = self._index, self._single
        for a in range(n):
            for b in range(a + 1, min(a + self._max_key, n) + 1):
                candidates = index.get(key[a:b])
                if not candidates:
                    continue
                sub = run[bounds[a] : bounds[b]]
                for wid, rx, lettered in candidates:
                    entry = single.get(wid, -1)
                    if entry < 0 or not lettered:
                        continue
                    m = rx.search(sub)
                    if m and sum(c.isalpha() for c in m.group()) >= 2:
                        out.append((bounds[a] + m.start(), bounds[a] + m.end(), entry))
        return out


def _check_str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"word lists hold strings, not {type(value).__name__}")
    return value
