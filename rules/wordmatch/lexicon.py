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

from rules.chatwords import FREQUENT

from .normalize import fold
from .pieces import (
    coarse_key,
    has_letter,
    prefix_segments,
    runs,
    split_pieces,
    suffix_segments,
    text_variants,
)
from .tables import LEET

_EMPTY: frozenset[int] = frozenset()
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.never_capture = True


@dataclass(slots=True)
class Node:
    """Phrase trie node: children by word id; `entry`/`allow` mark a complete phrase.
    `allow_tags`: the union matcher's conditions that allow this phrase (allow lists are
    per condition there, so such a phrase masks matches for those conditions only)."""

    next: dict[int, Node] = field(default_factory=dict)
    entry: int = -1
    allow: bool = False
    allow_tags: tuple[int, ...] = ()


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

    def __init__(self, words: Iterable[str], allow: Iterable[str] = (),
                 tagged_allow: Iterable[tuple[str, int]] = ()) -> None:
        """`tagged_allow`: (phrase, condition) pairs for the union matcher, each allowed by
        that condition only: its words get ids (message pieces are looked up against them)
        but it neither drops an entry nor masks anything in a plain search."""
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
        phrases: list[tuple[str, ...]] = []
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
                phrases.append(phrase)
            self.entries.append(raw)
        self.anchors, self.anchored = self._anchor_ids(phrases)
        self.single_ids = frozenset(self._single)
        for phrase in allowed:
            if phrase:
                self._insert(phrase).allow = True
                if len(phrase) > 1:
                    firsts.add(self._word_ids[phrase[0]])
        for raw, tag in tagged_allow:
            phrase = phrase_words(_check_str(raw))
            if phrase:
                tagged = self._insert(phrase)
                if tag not in tagged.allow_tags:
                    tagged.allow_tags = (*tagged.allow_tags, tag)
        self.phrase_starts = frozenset(firsts)
        # Most words in a phrase: only that many last pieces of a chunk can leave one open.
        self.phrase_depth = max((len(p) for p in (*seen, *allowed) if len(p) > 1), default=0)
        # Longest key of a single listed word: bounds the slices tried in spelled-out runs.
        self._max_key = max(
            (len(coarse_key(w)) for w, wid in self._word_ids.items() if wid in self._single),
            default=0,
        )
        # Longest key of any listed word: a piece whose key is longer spells none of them.
        self._longest_key = max(map(len, self._index), default=0)

    def _anchor_ids(self, phrases: list[tuple[str, ...]]
                    ) -> tuple[frozenset[int], dict[int, tuple[frozenset[int], ...]]]:
        """Word ids of which every match needs a piece: each single listed word, and one
        word per phrase (its anchor). A message none of whose pieces spells an anchor
        holds no phrase, however many of the phrases' other words it has ("you", "i",
        "go" start threats but fill ordinary chat), so the matcher can reject it at once.

        The anchor is a word listed alone if the phrase has one (already an anchor), else
        its least common word: not one chat is full of (`FREQUENT`), then the one found
        in the fewest phrases (a word that starts or ends many of them is a common one),
        then the longest. Also, per anchor of phrases only, the word ids of each phrase it
        anchors: a message lacking one of a phrase's words cannot hold it (the matcher's
        second quick rejection)."""
        share: dict[str, int] = {}
        for phrase in phrases:
            for word in set(phrase):
                share[word] = share.get(word, 0) + 1
        single = self._single
        anchors = set(single)
        anchored: dict[int, list[frozenset[int]]] = {}
        for phrase in phrases:
            anchor = self._word_ids[min(phrase, key=lambda word: (
                self._word_ids[word] not in single, word in FREQUENT, share[word],
                -len(word)))]
            anchors.add(anchor)
            if anchor not in single:
                anchored.setdefault(anchor, []).append(
                    frozenset(self._word_ids[word] for word in phrase))
        return frozenset(anchors), {anchor: tuple(sets) for anchor, sets in anchored.items()}

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
        in any of its readings (`text_variants`). A long reading is keyed from its start
        first: when that alone outgrows every listed key, the rest is never read."""
        found: set[int] | None = None
        window = 4 * self._longest_key
        for variant in text_variants(piece):
            if len(variant) > window and len(coarse_key(variant[:window])) > self._longest_key:
                continue
            lettered = has_letter(variant)  # numbers are never leetspeak
            for wid, rx, word_lettered in self._index.get(coarse_key(variant), ()):
                if word_lettered == lettered and rx.fullmatch(variant):
                    if found is None:
                        found = set()
                    found.add(wid)
        return frozenset(found) if found else _EMPTY

    def edge_matches(self, run: str) -> list[tuple[int, int, int]]:
        """(start, end, entry) of single listed words spelled out inside `run` (one char
        per piece, e.g. "afucking" from "a f u c k i n g") that start at one of its first
        two characters or end at its last: the only places where a word spelled out in a
        run counts (see `matcher._run_word`). A match needs two letters: "5 5" or "a 5"
        spell nothing.

        Any slice of a run may be a word, so the slices of its key up to the longest word
        key are looked up, but only at the run's edges: the work is bounded by the longest
        word, however long the run (a message of 2,000 spaced letters is one run).
        """
        longest = self._max_key
        out: list[tuple[int, int, int]] = []
        if not longest:
            return out
        key, bounds = prefix_segments(run, 2 + longest)
        for a in range(min(2, len(key))):
            for b in range(a + 1, min(a + longest, len(key)) + 1):
                self._slice_matches(run, key[a:b], bounds[a], bounds[b], out)
        key, bounds, offset = suffix_segments(run, longest)
        n = len(key)
        for a in range(max(0, n - longest), n):
            self._slice_matches(run, key[a:], offset + bounds[a], offset + bounds[n], out)
        return out

    def _slice_matches(
        self, run: str, key: str, start: int, end: int, out: list[tuple[int, int, int]]
    ) -> None:
        """Append the single listed words keyed `key` found in run[start:end]."""
        candidates = self._index.get(key)
        if not candidates:
            return
        sub = run[start:end]
        for wid, rx, lettered in candidates:
            entry = self._single.get(wid, -1)
            if entry < 0 or not lettered:
                continue
            m = rx.search(sub)
            if m and sum(c.isalpha() for c in m.group()) >= 2:
                out.append((start + m.start(), start + m.end(), entry))


def _check_str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"word lists hold strings, not {type(value).__name__}")
    return value
