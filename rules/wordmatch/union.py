"""`WordUnion`: every `words` condition of one rule file searched in one pass.

Each condition keeps its own words, allow list and evidence; what is shared is the work.
One matcher holds every condition's entries (and their allowed phrases, tagged by the
condition that allows them), so an ordinary message is rejected once, by one fast path,
whatever the number of rules. A message that holds some entry is scanned once for all
its matches, and each condition then takes the leftmost (longest, first listed) of its
own entries not inside one of its own allowed phrases: exactly what its own matcher
would have answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .lexicon import Lexicon, phrase_words
from .matcher import Match, Tagged, WordMatcher, outside_of

NOTHING: dict[int, str] = {}


class _Condition:
    """One condition's view of the union: its entries, ranked as in its own list."""

    __slots__ = ("allow", "words")

    def __init__(self, words: tuple[str, ...], allow: tuple[str, ...]) -> None:
        self.words = words
        self.allow = allow


class WordUnion:
    """Collects the `words` conditions of a rule file while it compiles (`add`), then
    answers, per message, which conditions found a word and which (`hits`)."""

    def __init__(self) -> None:
        self._conditions: list[_Condition] = []
        self._ids: dict[tuple[tuple[str, ...], frozenset[str]], int] = {}
        self._matcher: WordMatcher | None = None
        # union entry -> ((condition, rank in its list, the entry as it wrote it), ...)
        self._owners: list[tuple[tuple[int, int, str], ...]] = []
        self.added: list[int] = []   # the id `add` returned, call by call (rule gates)

    def __len__(self) -> int:
        return len(self._conditions)

    def add(self, words: Iterable[str], allow: Iterable[str] = ()) -> int:
        """Register one condition; its id for `hits`. Conditions with the same words
        (in the same order) and the same allow list share an id."""
        if self._matcher is not None:
            raise RuntimeError("the union is sealed: conditions are added while compiling")
        words, allow = tuple(words), tuple(allow)
        key = (words, frozenset(allow))
        known = self._ids.get(key)
        if known is None:
            known = self._ids[key] = len(self._conditions)
            self._conditions.append(_Condition(words, allow))
        self.added.append(known)
        return known

    def seal(self) -> None:
        """Compile the union (once; `hits` seals on first use otherwise)."""
        if self._matcher is not None:
            return
        entry_of: dict[tuple[str, ...], int] = {}
        union_words: list[str] = []
        owners: list[list[tuple[int, int, str]]] = []
        tagged: list[tuple[str, int]] = []
        for cid, condition in enumerate(self._conditions):
            allowed = {phrase_words(a) for a in condition.allow}
            seen: set[tuple[str, ...]] = set()
            for raw in condition.words:
                phrase = phrase_words(raw)
                if not phrase or phrase in seen or phrase in allowed:
                    continue   # as its own Lexicon drops them
                entry = entry_of.get(phrase)
                if entry is None:
                    entry = entry_of[phrase] = len(union_words)
                    union_words.append(raw)
                    owners.append([])
                owners[entry].append((cid, len(seen), raw))
                seen.add(phrase)
            tagged.extend((a, cid) for a in condition.allow)
        self._owners = [tuple(o) for o in owners]
        self._matcher = WordMatcher(Lexicon(union_words, (), tagged))

    def hits(self, chunks: list[str]) -> dict[int, str]:
        """Condition id -> the word it found (as that condition lists it), for the
        conditions that find one in a text folded and cut (`fold(text).split()`)."""
        if self._matcher is None:
            self.seal()
        assert self._matcher is not None
        found = self._matcher.all_matches(chunks)
        if found is None:
            return NOTHING
        return self._best_per_condition(*found)

    def _best_per_condition(self, matches: Sequence[Match], tagged: Sequence[Tagged]
                            ) -> dict[int, str]:
        candidates: dict[int, list[tuple[int, int, int, str]]] = {}
        owners = self._owners
        for start, neg_end, entry in matches:
            for cid, rank, raw in owners[entry]:
                candidates.setdefault(cid, []).append((start, neg_end, rank, raw))
        allows: dict[int, list[tuple[int, int]]] = {}
        for start, end, tags in tagged:
            for cid in tags:
                allows.setdefault(cid, []).append((start, end))
        out: dict[int, str] = {}
        for cid, found in candidates.items():
            valid = outside_of(allows.get(cid, []))
            best = min((m for m in found if valid((m[0], m[1], m[2]))), default=None)
            if best is not None:
                out[cid] = best[3]
        return out
