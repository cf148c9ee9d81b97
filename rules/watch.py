"""A community's e-reputation watch and crisis policy, compiled once with its rule file.

Watched terms are matched like `words` (whole words and phrases, folded, evasion-resistant)
but never sanction: the engine only says which terms a message contains and how negative
it sounds, and the core decides what to post. One matcher over every term rejects the
ordinary message in one pass; only a message that contains some term is searched term by
term, so that every term it holds is named, as the admin wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rules.sentiment import NEGATIVE_BELOW
from rules.spec import Crisis, Watch
from rules.wordmatch import WordMatcher, fold


@dataclass(frozen=True, slots=True)
class FeedSource:
    url: str
    every: float   # seconds between two polls
    private: bool = True   # may reach non-public addresses: False in files uploaded from chat


@dataclass(frozen=True, slots=True)
class CompiledWatch:
    terms: tuple[str, ...]         # as written in the file
    alert: str | None              # the channel hits go to; None: log_channel
    feeds: tuple[FeedSource, ...]
    _any: WordMatcher = field(repr=False)
    _each: tuple[WordMatcher, ...] = field(repr=False)

    @classmethod
    def build(cls, spec: Watch, *, private_feeds: bool = True) -> CompiledWatch:
        """`private_feeds=False` for a file uploaded from chat: its feeds may only reach
        public addresses (the host's own network is the host admin's to point at)."""
        terms = tuple(dict.fromkeys(term.strip() for term in spec.terms))
        return cls(terms, spec.alert, tuple(FeedSource(f.url, f.every.total_seconds(),
                                                       private_feeds) for f in spec.feeds),
                   WordMatcher.build(terms), tuple(WordMatcher.build([t]) for t in terms))

    def find_chunks(self, chunks: list[str]) -> tuple[str, ...]:
        """The terms found in a text already folded and cut (`fold(text).split()`)."""
        if self._any.search_chunks(chunks) is None:
            return ()
        return tuple(term for term, matcher in zip(self.terms, self._each, strict=True)
                     if matcher.search_chunks(chunks) is not None)

    def find(self, text: str) -> tuple[str, ...]:
        """The terms found in `text`, in the file's order."""
        return self.find_chunks((text.lower() if text.isascii() else fold(text)).split())


@dataclass(frozen=True, slots=True)
class CrisisPolicy:
    window: float            # seconds
    negative: int            # negative messages within a window to start...
    factor: float            # ...and this many times the usual count for a window
    slowmode: float | None   # seconds of Discord slow mode while it lasts

    @classmethod
    def build(cls, spec: Crisis) -> CrisisPolicy:
        return cls(spec.window.total_seconds(), spec.negative, spec.factor,
                   spec.slowmode.total_seconds() if spec.slowmode else None)


def is_negative(score: float) -> bool:
    """The format's line: below -0.05 is negative."""
    return score < NEGATIVE_BELOW
