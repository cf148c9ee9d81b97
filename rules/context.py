"""What a condition sees when it looks at one message.

Derived views of the message (folded text, links, regex hits) are computed at
most once per message and only if some condition asks, so a rule file with no
link rule never pays for link extraction.
"""

from __future__ import annotations

from rules.events import Message
from rules.links_parse import Link, find_links
from rules.regexbank import RegexBank
from rules.state import MemberState
from rules.wordmatch import WordUnion, fold


class MessageContext:
    """One message, its author's state, the clock, and lazily derived views."""

    __slots__ = ("_chunks", "_folded", "_links", "_regex_hits", "_word_hits", "_words_of", "bank",
                 "evidence", "member", "message", "now")

    def __init__(
        self, message: Message, member: MemberState, now: float, bank: RegexBank | None
    ) -> None:
        self.message = message
        self.member = member
        self.now = now
        self.bank = bank
        self.evidence: str = ""  # what a condition found (a word, a domain...), for moderators
        self._chunks: list[str] | None = None
        self._folded: str | None = None
        self._links: tuple[Link, ...] | None = None
        self._regex_hits: frozenset[int] | None = None
        self._word_hits: dict[int, str] = {}
        self._words_of: WordUnion | None = None

    @property
    def chunks(self) -> list[str]:
        """The folded text cut at whitespace: what the word matcher reads. Folded once per
        message, however many conditions read it (folding is the costly part of a long
        non-ASCII message)."""
        if self._chunks is None:
            self._chunks = fold(self.message.text).split()
        return self._chunks

    @property
    def folded(self) -> str:
        """The text normalised as the word matcher sees it, whitespace collapsed."""
        if self._folded is None:
            self._folded = " ".join(self.chunks)
        return self._folded

    @property
    def links(self) -> tuple[Link, ...]:
        if self._links is None:
            self._links = find_links(self.message.text, self.message.links)
        return self._links

    @property
    def regex_hits(self) -> frozenset[int]:
        """Indices of the file's regex patterns that match the raw text (one RE2 set scan)."""
        if self._regex_hits is None:
            self._regex_hits = self.bank.match(self.message.text) if self.bank else frozenset()
        return self._regex_hits

    def word_hits(self, union: WordUnion) -> dict[int, str]:
        """The file's `words` conditions that find a word in this message, and the word
        each found (one search of the union matcher, on the first condition that asks)."""
        if self._words_of is not union:
            self._word_hits = union.hits(self.chunks)
            self._words_of = union
        return self._word_hits
