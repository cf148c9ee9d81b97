"""Annotated list files: each entry with a severity and the reason it is listed.

Format (one entry a line; ``#`` starts a comment, as in every list file)::

    #@ severity=2: insults aimed at a person        <- applies to the entries below
    connard
    fils de pute       # severity=3: insults a member's family
    je vais te (tuer|frapper)    # a pattern: expanded by rules.wordlists.patterns

A ``#@`` line sets the severity (and optionally ``category=``) and the reason of the
entries that follow it; an entry's own comment may override both. Every entry must
end up with a severity 1-3 and a reason: curation is written down, not implied.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from rules.wordlists.patterns import PatternError, expand_pattern

__all__ = ["Annotated", "ListFileError", "parse_annotated"]

_KEY = re.compile(r"\b(severity|category)=([\w-]+)")


class ListFileError(ValueError):
    """A line of a list file that breaks the format; the message names file and line."""


class Annotated(NamedTuple):
    text: str  # one expanded phrase
    severity: int
    category: str | None  # None: the file's category
    reason: str
    line: int


def _annotation(comment: str) -> tuple[dict[str, str], str]:
    """``severity=2 category=x: reason`` -> ({"severity": "2", ...}, "reason")."""
    keys = dict(_KEY.findall(comment))
    reason = _KEY.sub("", comment).strip().lstrip(":").strip()
    return keys, reason


def _severity(value: str, where: str) -> int:
    if value not in ("1", "2", "3"):
        raise ListFileError(f"{where}: severity must be 1, 2 or 3, not {value!r}")
    return int(value)


def parse_annotated(text: str, name: str) -> list[Annotated]:
    """Entries of annotated list file ``name``, patterns expanded, in file order."""
    entries: list[Annotated] = []
    block_severity: int | None = None
    block_category: str | None = None
    block_reason = ""
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{name}, line {number}"
        if line.startswith("#@"):
            keys, block_reason = _annotation(line[2:])
            if "severity" not in keys:
                raise ListFileError(f"{where}: a '#@' line needs severity=1|2|3")
            block_severity = _severity(keys["severity"], where)
            block_category = keys.get("category")
            continue
        entry, _, comment = line.partition("#")
        entry = " ".join(entry.split())
        if not entry:
            continue
        keys, reason = _annotation(comment)
        severity = (_severity(keys["severity"], where) if "severity" in keys
                    else block_severity)
        reason = reason or block_reason
        if severity is None or not reason:
            raise ListFileError(f"{where}: {entry!r} has no severity or no reason "
                                f"(give them on the entry or on a '#@' line above it)")
        category = keys.get("category", block_category)
        try:
            phrases = expand_pattern(entry)
        except PatternError as error:
            raise ListFileError(f"{where}: pattern {entry!r}: {error}") from None
        entries.extend(Annotated(p, severity, category, reason, number) for p in phrases)
    return entries
