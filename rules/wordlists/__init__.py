"""Built-in word lists for the `words` condition (`lists: [builtin:en]`), by category.

- ``builtin:en``: better-profanity's own word list (``profanity_wordlist.txt``, MIT
  licence, read from the installed ``better_profanity`` package, a dependency) plus
  ``en-additions.txt`` minus ``en-removals.txt``, each entry with the category and
  severity of ``en-categories.txt`` (from surge-ai/profanity, see ``surge_import.py``
  for the mapping), plus the phrase patterns of ``en-threats.txt`` and
  ``en-self-harm.txt``.
- ``builtin:fr``: ``fr-<category>.txt``, curated French lists (annotated format, see
  ``annotated.py``).
- ``builtin:<lang>/<category>``: only that category (``CATEGORIES``).

Every entry carries a severity: 1 mild (a swear word), 2 strong (an insult aimed at
someone), 3 severe (a slur, a threat, an incitement to self-harm). Entries are plain
canonical words or phrases (patterns are expanded at load time): the matcher
(``rules.wordmatch``) takes care of case, accents, look-alikes, leetspeak, repeated and
split letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rules.wordlists.annotated import ListFileError, parse_annotated

__all__ = [
    "BUILTIN_NAMES", "CATEGORIES", "LANGUAGES", "ListEntry", "ListFileError",
    "builtin_entries", "builtin_words", "english_base_words", "entry_key", "parse_list",
    "split_name",
]

LANGUAGES: tuple[str, ...] = ("en", "fr")
BUILTIN_NAMES = LANGUAGES  # the names that select a whole language
CATEGORIES: tuple[str, ...] = ("insults", "slurs", "threats", "sexual", "self-harm")
SEVERITIES: tuple[int, ...] = (1, 2, 3)

# categories kept in their own annotated file; English insults, slurs and sexual
# words come from the base list and en-categories.txt instead
_FILE_CATEGORIES = {"en": ("threats", "self-harm"), "fr": CATEGORIES}

_SEPARATORS = re.compile(r"[^0-9a-z!@$*+]+")


@dataclass(frozen=True)
class ListEntry:
    """One built-in entry: its text (a word or an expanded phrase), category, severity."""

    text: str
    category: str
    severity: int


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


def split_name(name: str) -> tuple[str, str | None]:
    """"fr/threats" -> ("fr", "threats"); "fr" -> ("fr", None). KeyError if unknown."""
    language, _, category = name.partition("/")
    if language not in LANGUAGES:
        known = ", ".join(f"builtin:{n}" for n in LANGUAGES)
        raise KeyError(f"unknown built-in word list {name!r}; available lists: {known}")
    if "/" in name and category not in CATEGORIES:
        known = ", ".join(f"builtin:{language}/{c}" for c in CATEGORIES)
        raise KeyError(f"unknown category {category!r} in built-in list {name!r}; "
                       f"the categories are {known}")
    return language, (category if "/" in name else None)


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
def english_base_words() -> tuple[str, ...]:
    """better-profanity's list minus en-removals.txt plus en-additions.txt, deduplicated."""
    removals = {entry_key(e) for e in parse_list(_read_package_file("en-removals.txt"))}
    base = [e for e in parse_list(_read_better_profanity()) if entry_key(e) not in removals]
    return _dedupe(base + parse_list(_read_package_file("en-additions.txt")))


def _english_base_entries() -> list[ListEntry]:
    levels = {entry_key(a.text): a for a in
              parse_annotated(_read_package_file("en-categories.txt"), "en-categories.txt")}
    entries = []
    for word in english_base_words():
        level = levels.get(entry_key(word))
        if level is None or level.category not in CATEGORIES:
            # a word added to the base list before en-categories.txt was regenerated
            entries.append(ListEntry(word, "insults", 2))
        else:
            entries.append(ListEntry(word, level.category, level.severity))
    return entries


def _file_entries(language: str, category: str) -> list[ListEntry]:
    file = f"{language}-{category}.txt"
    return [ListEntry(a.text.casefold(), category, a.severity)
            for a in parse_annotated(_read_package_file(file), file)]


@cache
def _language_entries(language: str) -> tuple[ListEntry, ...]:
    """Every entry of a language, one per key: the most severe when a key repeats."""
    entries = _english_base_entries() if language == "en" else []
    for category in _FILE_CATEGORIES[language]:
        entries.extend(_file_entries(language, category))
    chosen: dict[str, ListEntry] = {}
    for entry in entries:
        key = entry_key(entry.text)
        if key and (key not in chosen or entry.severity > chosen[key].severity):
            chosen[key] = entry
    return tuple(chosen.values())


@cache
def builtin_entries(name: str) -> tuple[ListEntry, ...]:
    """Entries of built-in list ``name``: "en", "fr", "en/threats", "fr/insults"...

    Raises KeyError, with the known names, for an unknown language or category.
    """
    language, category = split_name(name)
    entries = _language_entries(language)
    if category is None:
        return entries
    return tuple(e for e in entries if e.category == category)


@cache
def builtin_words(name: str) -> tuple[str, ...]:
    """Texts of the entries of built-in list ``name``, lower-cased, deduplicated."""
    return tuple(e.text for e in builtin_entries(name))
