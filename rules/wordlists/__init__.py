"""Built-in word lists for the `words` condition (`lists: [builtin:en]`).

- ``builtin:en`` is better-profanity's own word list (``profanity_wordlist.txt``, MIT
  licence, read from the installed ``better_profanity`` package, which is a dependency)
  plus ``en-additions.txt`` minus ``en-removals.txt``.
- ``builtin:fr`` is ``fr.txt``, a curated French list.

List files hold one entry per line; ``#`` starts a comment; blank lines are ignored.
Entries are plain canonical words or phrases: the matcher (``rules.wordmatch``)
takes care of case, accents, look-alikes, leetspeak, repeated and split letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

__all__ = ["BUILTIN_NAMES", "builtin_words", "entry_key", "parse_list"]

BUILTIN_NAMES: tuple[str, ...] = ("en", "fr")

_SEPARATORS = re.compile(r"[^0-9a-z!@$*+]+")


def parse_list(text: str) -> list[str]:
    """Entries of a list file: one per line, ``#`` comments and blank lines dropped."""
    entries = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(" ".join(entry.split()))
    return entries


def entry_key(entry: str) -> str:
    """Comparison key for an entry: case-folded, accents stripped, separators unified.

    Two entries with the same key are duplicates for the matcher ("f-u-c-k", "f.u.c.k"
    and "fuck"; "doggie-style" and "doggie style").
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", entry).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    tokens = [t for t in _SEPARATORS.split(text) if t]
    if len(tokens) > 1 and all(len(t) == 1 for t in tokens):
        return "".join(tokens)  # letters spelled one by one
    return " ".join(tokens)


def _read_package_file(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _read_better_profanity() -> str:
    return resources.files("better_profanity").joinpath("profanity_wordlist.txt").read_text(
        encoding="utf-8"
    )


def _dedupe(entries: list[str]) -> tuple[str, ...]:
    """Drop entries whose key was already seen, preferring the plain spelling.

    Among "f_u_c_k", "f-u-c-k" and "fuck" the kept entry is "fuck" (the one equal to
    its key), in the position of the first of them.
    """
    chosen: dict[str, str] = {}
    for entry in entries:
        key = entry_key(entry)
        if key and (key not in chosen or entry.casefold() == key):
            if key in chosen and chosen[key] == key:
                continue
            chosen[key] = entry.casefold()
    return tuple(chosen.values())


@cache
def builtin_words(name: str) -> tuple[str, ...]:
    """Entries of the built-in list ``name`` ("en" or "fr"), lower-cased, deduplicated."""
    if name == "en":
        removals = {entry_key(e) for e in parse_list(_read_package_file("en-removals.txt"))}
        base = [e for e in parse_list(_read_better_profanity()) if entry_key(e) not in removals]
        additions = parse_list(_read_package_file("en-additions.txt"))
        return _dedupe(base + additions)
    if name == "fr":
        return _dedupe(parse_list(_read_package_file("fr.txt")))
    known = ", ".join(f"builtin:{n}" for n in BUILTIN_NAMES)
    raise KeyError(f"unknown built-in word list {name!r}; available lists: {known}")
