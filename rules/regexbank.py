"""All of a rule file's admin regexes in one RE2 set, scanned once per message.

RE2 matches in linear time, so no pattern an admin writes can stall the bot,
and one set scan answers every regex condition of the file at once.
"""

from __future__ import annotations

import re2


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # errors are reported to the admin, not to stderr
    options.max_mem = 64 << 20
    return options


def regex_error(pattern: str) -> str | None:
    """RE2's reason for refusing `pattern`, or None when it compiles."""
    try:
        re2.compile(pattern, _options())
    except re2.error as error:
        reason = error.args[0] if error.args else str(error)
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        return str(reason)
    return None


# Texts unlike one another: a pattern that finds a match in all of them, the empty one
# included, matches at any position of any text (`''`, `a*`, `(x)?`, `$`).
_PROBES = ("", "x", "Hello, world! 42", "\n", " ", "é 漢字 🙂")


def matches_every_text(pattern: str) -> bool:
    """True when a (valid) pattern matches the empty text and so every message; such a
    pattern is a mistake, never a rule (`^$` alone, which needs the text empty, is not)."""
    try:
        compiled = re2.compile(pattern, _options())
    except re2.error:
        return False
    return all(compiled.search(probe) is not None for probe in _PROBES)


class RegexBank:
    """Collects patterns while a file compiles, then matches them all in one pass."""

    def __init__(self) -> None:
        self._patterns: list[str] = []
        self._index: dict[str, int] = {}
        self._set: re2.Set | None = None

    def add(self, pattern: str) -> int:
        """Register a (valid) pattern; identical patterns share an index."""
        if pattern not in self._index:
            self._index[pattern] = len(self._patterns)
            self._patterns.append(pattern)
        return self._index[pattern]

    def pattern(self, index: int) -> str:
        return self._patterns[index]

    def seal(self) -> None:
        """Build the RE2 set; called once when the file has compiled."""
        if not self._patterns:
            return
        regex_set = re2.Set.SearchSet(_options())
        for pattern in self._patterns:
            regex_set.Add(pattern)
        regex_set.Compile()  # raises re2.error when the set exceeds max_mem
        self._set = regex_set

    def match(self, text: str) -> frozenset[int]:
        if self._set is None or not text:
            return frozenset()
        return frozenset(self._set.Match(text) or ())

    def __len__(self) -> int:
        return len(self._patterns)
