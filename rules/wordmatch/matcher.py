"""`WordMatcher`: whole-word and phrase matching of a word list against chat messages.

Hot path (per message): fold (just `lower()` for ASCII), `split()` into whitespace chunks,
and one C-level `set.issuperset` against the chunks already known to be inert. Only when a
chunk is new or relevant does Python look closer, and then per chunk, never per character:
each chunk is classified once (pieces, the listed words they spell, a hit inside the chunk,
whether neighbours matter) and remembered in a bounded memo. The memo holds pure functions
of the chunk text, so results never depend on what was seen before.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress
from operator import itemgetter
from typing import cast

from .lexicon import Lexicon
from .normalize import fold
from .pieces import is_spacing, split_pieces

# A piece as the scanner sees it: (listed word ids, the char if the piece is one character
# long else "", whether only spacing separates it from the previous piece).
Piece = tuple[frozenset[int], str, bool]
# A chunk: (entry hit inside it or -1, flags, pieces, spacing before, spacing after,
# word ids that would continue a phrase left open at its end).
Chunk = tuple[int, int, tuple[Piece, ...], bool, bool, frozenset[int]]
Match = tuple[int, int, int]  # (first piece, -(last piece + 1), entry): sorts leftmost-longest
Tagged = tuple[int, int, tuple[int, ...]]  # (start, end, conditions) of a per-condition allow

_PHRASE = 1  # a phrase (entry or allowed) is still open at the end of the chunk
_LEFT = 2  # first piece is a single character open to a spelled-out run on the left
_RIGHT = 4  # same on the right

# Chunks without pieces: only spacing ("-", "...") lets a spelled-out word run through.
_NONE: frozenset[int] = frozenset()
_TRANSPARENT: Chunk = (-1, 0, (), True, True, _NONE)
_BREAK: Chunk = (-1, 0, (), False, False, _NONE)
# A chunk that is one word of 2+ letters/digits spelling nothing listed.
_PLAIN: Chunk = (-1, 0, ((_NONE, "", False),), True, True, _NONE)

_CACHE_CAP = 100_000  # chunks remembered (each also lands in the inert set or not)
_CACHE_MAX_LEN = 64  # longer chunks are classified every time, never stored
_PIECE_CACHE_CAP = 100_000
_RUN_CACHE_CAP = 100_000  # spelled-out runs remembered, with the words that count in them


class WordMatcher:
    """Finds listed words and phrases in messages, robust to common obfuscation.

    Build with `WordMatcher.build(words, allow)`; `search(text)` returns the leftmost listed
    entry (longest first at the same place, then list order) as written in `words`.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self._lex = lexicon
        self._anchors = lexicon.anchors
        self._chunks: dict[str, Chunk] = {}
        self._inert: set[str] = set()
        # Inert chunks plus those whose pieces spell no anchor (lone letters, a phrase's
        # common words): such a chunk only matters with an anchor elsewhere in the message,
        # or a single letter next to another one (a spelled-out run), see `_apart`.
        self._quiet: set[str] = set()
        self._open_left: set[str] = set()    # quiet chunks starting with a joinable letter
        self._open_right: set[str] = set()   # and ending with one
        self._phrasal: dict[str, frozenset[int]] = {}   # chunk -> the phrases' anchors it spells
        self._spacing: set[str] = set()
        self._piece_ids: dict[str, frozenset[int]] = {}
        self._runs: dict[str, list[tuple[int, int, int]]] = {}

    @classmethod
    def build(cls, words: Iterable[str], allow: Iterable[str] = ()) -> WordMatcher:
        """Compile `words` (words or phrases); entries equal to an `allow` phrase are dropped
        and matches inside an occurrence of an allowed phrase are ignored."""
        return cls(Lexicon(words, allow))

    def __len__(self) -> int:
        return len(self._lex.entries)

    def __repr__(self) -> str:
        return f"<WordMatcher {len(self)} entries>"

    def search(self, text: str) -> str | None:
        """The first listed entry found in `text`, or None when clean."""
        return self.search_chunks((text.lower() if text.isascii() else fold(text)).split())

    def search_chunks(self, chunks: list[str]) -> str | None:
        """`search` of a text already folded and cut at whitespace (`fold(text).split()`),
        so a message is folded once for every condition that reads it."""
        if self._inert.issuperset(chunks):
            return None
        if self._quiet.issuperset(chunks) and self._apart(chunks):
            return None
        get = self._chunks.get
        infos = [get(c) or self._classify(c) for c in chunks]
        if self._phrase_words_missing(chunks, infos):
            return None
        prev_right = False
        for k, info in enumerate(infos):
            if _transparent(info):
                continue
            hit, flags = info[0], info[1]
            if prev_right and flags & _LEFT:
                return self._full(infos)
            if flags & _PHRASE and _next_continues(infos, k + 1, info[5]):
                return self._full(infos)
            if hit >= 0:
                if flags & _RIGHT and _next_opens_left(infos, k + 1):
                    return self._full(infos)
                return self._lex.entries[hit]
            prev_right = bool(flags & _RIGHT)
        return None

    def search_uncached(self, text: str) -> str | None:
        """Reference path: the same answer as `search`, scanning the whole message at once
        without any memo. Slow; for tests and debugging."""
        infos = [self._classify(c, store=False) for c in fold(text).split()]
        return self._full(infos, store=False)

    # -- per chunk -------------------------------------------------------------------

    def _classify(self, chunk: str, store: bool = True) -> Chunk:
        """Classify a chunk (remembered if `store`): one ordinary word is the common case."""
        if len(chunk) > 1 and chunk.isalnum() and not self._words_of(chunk, store):
            info = _PLAIN
        else:
            info = self._cut(chunk, store)
        if store and len(chunk) <= _CACHE_MAX_LEN:
            if len(self._chunks) >= _CACHE_CAP:
                self._chunks.clear()
                self._inert.clear()
                self._quiet.clear()
                self._open_left.clear()
                self._open_right.clear()
                self._phrasal.clear()
                self._spacing.clear()
            self._chunks[chunk] = info
            if info[0] < 0 and self._anchors.isdisjoint(
                    chain.from_iterable(map(itemgetter(0), info[2]))):
                # No piece spells an anchor, so no match can take place in it alone. A
                # single letter at its edge can still join a neighbour's into a spelled-out
                # run ("i'm" ends in "m"), which `_apart` rules out.
                self._quiet.add(chunk)
                if not info[1] & (_LEFT | _RIGHT):
                    self._inert.add(chunk)
                    if _transparent(info):
                        self._spacing.add(chunk)
                if info[1] & _LEFT:
                    self._open_left.add(chunk)
                if info[1] & _RIGHT:
                    self._open_right.add(chunk)
            elif info[0] < 0 and not info[1] & (_LEFT | _RIGHT):
                # Its pieces spell anchors, but if only phrases' ones, the phrase's other
                # words must be in the message too (`_phrase_words_missing`).
                found = self._anchors.intersection(
                    chain.from_iterable(map(itemgetter(0), info[2])))
                if found.isdisjoint(self._lex.single_ids):
                    self._phrasal[chunk] = frozenset(found)
        return info

    def _phrase_words_missing(self, chunks: list[str], infos: list[Chunk]) -> bool:
        """Whether the message's only anchors are phrases' and each such phrase lacks one
        of its words among the message's pieces ("watch" anchors "watch your back": a
        message saying "watch" alone holds no phrase). Sure, then nothing matches."""
        phrasal, quiet = self._phrasal, self._quiet
        if not all(c in quiet or c in phrasal for c in chunks) or not self._apart(chunks):
            return False
        present = set(chain.from_iterable(
            map(itemgetter(0), chain.from_iterable(map(itemgetter(2), infos)))))
        anchored = self._lex.anchored
        for chunk in chunks:
            for anchor in phrasal.get(chunk, ()):
                if any(words <= present for words in anchored[anchor]):
                    return False
        return True

    def _apart(self, chunks: list[str]) -> bool:
        """Whether no quiet chunk ending in a single letter is joined to one starting with
        a single letter (only spacing chunks between them): apart, no letter can be part of
        a spelled-out word across chunks, and nothing matches."""
        open_left, open_right, spacing = self._open_left, self._open_right, self._spacing
        joined = False
        for chunk in chunks:
            if chunk in spacing:
                continue
            if joined and chunk in open_left:
                return False
            joined = chunk in open_right
        return True

    def _cut(self, chunk: str, store: bool) -> Chunk:
        """Cut a chunk into pieces, look their words up, find hits inside it and note
        what its neighbours could change (open phrases, spelled-out runs at its edges)."""
        pieces, seps = split_pieces(chunk)
        if not pieces:
            return _TRANSPARENT if is_spacing(chunk) else _BREAK
        # Per piece, C-level passes only (map, zip): a chunk may hold thousands of pieces.
        known: list[frozenset[int] | None] = (
            list(map(self._piece_ids.get, pieces)) if store else [None] * len(pieces)
        )
        ids = (
            [
                k if k is not None else self._words_of(p, store)
                for k, p in zip(known, pieces, strict=True)
            ]
            if None in known
            else cast(list[frozenset[int]], known)
        )
        spaced = list(map(is_spacing, seps))
        lead, trail = spaced[0], spaced[-1]
        spaced[0] = False  # nothing before the first piece to join it to
        chars = [p if len(p) == 1 else "" for p in pieces]
        # `spaced` has one more entry, for the separator after the last piece.
        recs: tuple[Piece, ...] = tuple(zip(ids, chars, spaced, strict=False))
        if not any(ids) and not any(chars):
            # No piece spells a listed word and none is a letter alone ("dinner.msg",
            # "you've"): nothing to walk or scan, the common case of a chunk first seen.
            return (-1, 0, recs, lead, trail, _NONE)
        cont = self._open_phrases(recs)
        flags = _PHRASE if cont else 0
        if lead and recs[0][1]:
            flags |= _LEFT
        if trail and recs[-1][1]:
            flags |= _RIGHT
        return (self._scan(recs, store), flags, recs, lead, trail, cont)

    def _open_phrases(self, recs: Sequence[Piece]) -> frozenset[int]:
        """Word ids that would continue a phrase (entry or allowed) begun in these pieces
        and still unfinished after the last one. A phrase begun more pieces back than the
        longest phrase has words is closed, so only the last few pieces are walked."""
        starts = self._lex.phrase_starts
        n = len(recs)
        first = max(0, n - self._lex.phrase_depth)
        if not starts or starts.isdisjoint(
            chain.from_iterable(map(itemgetter(0), recs[first:]))
        ):
            return _NONE
        cont: set[int] = set()
        root = self._lex.root.next
        for i in range(first, n):
            stack = [(root[w], i + 1) for w in recs[i][0] if w in starts]
            while stack:
                node, j = stack.pop()
                if j == n:
                    cont.update(node.next)
                    continue
                for w in recs[j][0]:
                    child = node.next.get(w)
                    if child is not None and child.next:
                        stack.append((child, j + 1))
        return frozenset(cont)

    def _words_of(self, piece: str, store: bool) -> frozenset[int]:
        ids = self._piece_ids.get(piece) if store else None
        if ids is None:
            ids = self._lex.piece_words(piece)
            if store and len(piece) <= _CACHE_MAX_LEN:
                if len(self._piece_ids) >= _PIECE_CACHE_CAP:
                    self._piece_ids.clear()
                self._piece_ids[piece] = ids
        return ids

    # -- whole message -----------------------------------------------------------------

    def _full(self, infos: Sequence[Chunk], store: bool = True) -> str | None:
        """Scan all pieces of the message together (phrases, spelled-out runs, allows)."""
        hit = self._scan(_message_pieces(infos), store)
        return self._lex.entries[hit] if hit >= 0 else None

    def all_matches(self, chunks: list[str]) -> tuple[list[Match], list[Tagged]] | None:
        """For a union of several conditions' words (`WordUnion`): None when the message
        holds no entry at all (the plain search and its fast path decide); else every
        (start, -end, entry) match in the message, phrases and spelled-out runs, none
        masked, and the (start, end, conditions) of the phrases allowed per condition."""
        if self.search_chunks(chunks) is None:
            return None
        get = self._chunks.get
        recs = _message_pieces([get(c) or self._classify(c) for c in chunks])
        matches, _, tagged = self._walk(recs)
        for i, j in _spelled_runs(recs):
            matches.extend(self._run_matches(recs, i, j, True))
        return matches, tagged

    def _scan(self, recs: Sequence[Piece], store: bool = True) -> int:
        """Entry index of the leftmost (then longest, then first listed) match not inside
        an allowed phrase, or -1.

        Spelled-out runs are searched left to right and no further than the best match so
        far: a run's matches start at or after the run, so a message of thousands of
        spelled-out words stops at the first that counts."""
        matches, allows, _ = self._walk(recs)
        valid = outside_of(allows)
        best = min(filter(valid, matches), default=None)
        for i, j in _spelled_runs(recs):
            if best is not None and i > best[0]:
                break
            for match in self._run_matches(recs, i, j, store):
                if (best is None or match < best) and valid(match):
                    best = match
        return best[2] if best is not None else -1

    def _walk(self, recs: Sequence[Piece]) -> tuple[list[Match], list[tuple[int, int]],
                                                    list[Tagged]]:
        """Phrase-trie walk from every piece that spells a word: the (start, -end, entry)
        matches, the (start, end) allowed phrases among the pieces and the (start, end,
        conditions) of the phrases allowed per condition (union matcher only)."""
        n = len(recs)
        matches: list[Match] = []
        allows: list[tuple[int, int]] = []
        tagged: list[Tagged] = []
        root = self._lex.root.next
        for i in compress(range(n), map(itemgetter(0), recs)):  # pieces spelling a word
            for wid in recs[i][0]:
                node = root.get(wid)
                if node is None:
                    continue
                stack = [(node, i + 1)]
                while stack:
                    node, j = stack.pop()
                    if node.entry >= 0:
                        matches.append((i, -j, node.entry))
                    if node.allow:
                        allows.append((i, j))
                    if node.allow_tags:
                        tagged.append((i, j, node.allow_tags))
                    if node.next and j < n:
                        for w in recs[j][0]:
                            child = node.next.get(w)
                            if child is not None:
                                stack.append((child, j + 1))
        return matches, allows, tagged

    def _run_matches(
        self, recs: Sequence[Piece], i: int, j: int, store: bool
    ) -> list[tuple[int, int, int]]:
        """(start, -end, entry) of the words that count in the spelled-out run recs[i:j]
        ("f.u.c.k"), remembered by run text: the answer depends on nothing else."""
        run = "".join(r[1] for r in recs[i:j])
        found = self._runs.get(run) if store else None
        if found is None:
            found = [(s, e, entry) for s, e, entry in self._lex.edge_matches(run)
                     if _run_word(run, s, e)]
            if store and len(run) <= _CACHE_MAX_LEN:
                if len(self._runs) >= _RUN_CACHE_CAP:
                    self._runs.clear()
                self._runs[run] = found
        return [(i + s, -(i + e), entry) for s, e, entry in found]


def _message_pieces(infos: Sequence[Chunk]) -> list[Piece]:
    """All pieces of a message in order, each first piece of a chunk marked joined to the
    previous one when only spacing lies between them."""
    recs: list[Piece] = []
    open_right = False  # only spacing since the last piece, which allowed joining
    for _, _, pieces, lead, trail, _ in infos:
        if not pieces:
            open_right = open_right and lead
            continue
        ids, char, _ = pieces[0]
        recs.append((ids, char, open_right and lead))
        recs.extend(pieces[1:])
        open_right = trail
    return recs


def _spelled_runs(recs: Sequence[Piece]) -> Iterator[tuple[int, int]]:
    """(i, j), left to right, of the runs recs[i:j] of two or more single-character pieces
    joined by spacing ("f.u.c.k", "f u c k")."""
    n = len(recs)
    i = 0
    while i < n:
        if not recs[i][1]:
            i += 1
            continue
        j = i + 1
        while j < n and recs[j][1] and recs[j][2]:
            j += 1
        if j - i >= 2:
            yield i, j
        i = j


def outside_of(allows: list[tuple[int, int]]) -> Callable[[tuple[int, int, int]], bool]:
    """Test of a (start, -end, entry) match: not inside any of the allowed phrases, i.e.
    it ends beyond every allowed phrase that starts at or before it."""
    if not allows:
        return _always
    allows.sort()
    starts = [start for start, _ in allows]
    reach = list(accumulate((end for _, end in allows), max))

    def outside(match: tuple[int, int, int]) -> bool:
        k = bisect_right(starts, match[0])
        return k == 0 or reach[k - 1] < -match[1]

    return outside


def _always(match: tuple[int, int, int]) -> bool:
    return True


# One-letter words that may start a spelled-out run: "i a s s", "you are a f u c k".
_ONE_LETTER_WORDS = frozenset("aiyà")


def _run_word(run: str, start: int, end: int) -> bool:
    """Whether a word spelled out at run[start:end] counts (a run has no word breaks).

    It must fill the run, possibly after a leading one-letter word ("i a s s"), or be 4+
    letters long and touch either edge ("f u c k e r"); a short word somewhere inside a
    longer run is chance ("n i g" in "g o o d n i g h t").
    """
    at_start = start == 0 or (start == 1 and run[0] in _ONE_LETTER_WORDS)
    at_end = end == len(run)
    if at_start and at_end:
        return True
    return (at_start or at_end) and end - start >= 4


def _next_continues(infos: Sequence[Chunk], k: int, cont: frozenset[int]) -> bool:
    """True if the first piece after position k spells a word in `cont`."""
    for at in range(k, len(infos)):   # by index: a slice per open phrase was quadratic
        info = infos[at]
        if info[2]:
            return not cont.isdisjoint(info[2][0][0])
    return False


def _transparent(info: Chunk) -> bool:
    """A chunk of spacing only ("-", "..."): no pieces, and open to what is on its left.
    Read from its fields, never by identity with `_TRANSPARENT` (a compiled build holds
    tuples by value)."""
    return not info[2] and info[3]


def _next_opens_left(infos: Sequence[Chunk], k: int) -> bool:
    """True if the next chunk with pieces after position k may continue a spelled-out run."""
    for at in range(k, len(infos)):
        info = infos[at]
        if _transparent(info):
            continue
        return bool(info[1] & _LEFT)
    return False
