"""Tests for the built-in word lists (rules.wordlists)."""

from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest

from rules.wordlists import BUILTIN_NAMES, builtin_words, entry_key, parse_list

LIST_FILES = ("en-additions.txt", "en-removals.txt", "fr-insults.txt", "fr-slurs.txt",
              "fr-sexual.txt", "fr-threats.txt", "fr-self-harm.txt", "en-threats.txt",
              "en-self-harm.txt")
WRITTEN_FOR_GARDIEN = ("fr-threats.txt", "fr-self-harm.txt", "en-threats.txt",
                       "en-self-harm.txt")


def _package_text(name: str) -> str:
    return resources.files("rules.wordlists").joinpath(name).read_text(encoding="utf-8")


def _better_profanity_entries() -> list[str]:
    text = resources.files("better_profanity").joinpath("profanity_wordlist.txt").read_text(
        encoding="utf-8"
    )
    return parse_list(text)


def _keys(entries) -> set[str]:
    return {entry_key(e) for e in entries}


def test_builtin_names():
    assert BUILTIN_NAMES == ("en", "fr")
    for name in BUILTIN_NAMES:
        words = builtin_words(name)
        assert isinstance(words, tuple)
        assert words and all(isinstance(w, str) and w for w in words)


def test_unknown_name_raises_helpful_keyerror():
    with pytest.raises(KeyError, match=r"builtin:en.*builtin:fr"):
        builtin_words("de")
    with pytest.raises(KeyError):
        builtin_words("builtin:en")  # the caller strips the prefix


def test_builtin_words_is_cached():
    assert builtin_words("en") is builtin_words("en")


def test_en_is_better_profanity_minus_removals_plus_additions():
    base = _keys(_better_profanity_entries())
    removals = _keys(parse_list(_package_text("en-removals.txt")))
    additions = _keys(parse_list(_package_text("en-additions.txt")))
    patterns = _keys(builtin_words("en/threats")) | _keys(builtin_words("en/self-harm"))
    assert _keys(builtin_words("en")) == (base - removals) | additions | patterns


def test_en_removals_and_additions_are_consistent():
    base = _keys(_better_profanity_entries())
    removals = _keys(parse_list(_package_text("en-removals.txt")))
    additions = _keys(parse_list(_package_text("en-additions.txt")))
    assert removals <= base, f"removals not in better-profanity: {sorted(removals - base)}"
    assert not additions & base, f"already in better-profanity: {sorted(additions & base)}"
    assert not additions & removals


def test_en_contents():
    words = _keys(builtin_words("en"))
    for word in ("fuck", "shit", "bitch", "cunt", "faggot", "nigger", "hoe", "hoes", "thot",
                 "assholes", "retards", "tranny", "wetback", "beaner", "dickheads"):
        assert word in words, word
    for word in ("god", "xx", "kill", "organ", "pawn", "screw", "gay", "penis", "sob"):
        assert word not in words, word


def test_every_removal_has_a_reason():
    for line in _package_text("en-removals.txt").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            entry, _, reason = stripped.partition("#")
            assert entry.strip() and reason.strip(), f"removal without a reason: {line!r}"


def test_fr_contents():
    words = _keys(builtin_words("fr"))
    insults = ("connard", "connasse", "salope", "pute", "encule", "batard", "bouffon",
               "abruti", "debile", "cretin", "con", "enfoire", "pede", "gouine", "negre",
               "bougnoule", "tapette")
    phrases = ("fils de pute", "nique ta mere", "ta gueule", "va te faire foutre",
               "espece de mongol", "t'es un mongol")
    abbreviations = ("fdp", "ntm", "tg", "pd", "vtff", "nsm", "tamere")
    for word in insults + phrases + abbreviations:
        assert entry_key(word) in words, word
    # interjections and words that also name a people are not insults on their own
    for word in ("putain", "ptn", "mongol"):
        assert entry_key(word) not in words, word
    # feminine and plural forms are separate entries
    for word in ("connards", "salopes", "enculee", "enculees", "batarde", "batards",
                 "abrutie", "abrutis", "cretine", "debiles"):
        assert word in words, word


@pytest.mark.parametrize("name", BUILTIN_NAMES)
def test_no_duplicates_after_normalisation(name):
    counts = Counter(entry_key(w) for w in builtin_words(name))
    assert [k for k, c in counts.items() if c > 1] == []


@pytest.mark.parametrize("name", LIST_FILES)
def test_list_files_parse_cleanly(name):
    text = _package_text(name)
    assert text.startswith("#"), "header comment with sources and licences"
    entries = parse_list(text)
    assert entries
    for entry in entries:
        assert entry == entry.strip() and "  " not in entry and "\t" not in entry
        assert entry_key(entry), f"entry without letters: {entry!r}"
        assert entry == entry.casefold(), f"entries are lower case: {entry!r}"
    counts = Counter(entry_key(e) for e in entries)
    assert [k for k, c in counts.items() if c > 1] == [], "duplicate entries in file"


@pytest.mark.parametrize("name", LIST_FILES)
def test_list_file_headers_credit_sources(name):
    header = _package_text(name).split("\n\n", 1)[0]
    if name in WRITTEN_FOR_GARDIEN:
        assert "written for Gardien" in header
    elif name != "en-removals.txt":
        assert "LDNOOBW" in header and "CC BY 4.0" in header
    if name == "en-additions.txt":
        assert "surge-ai/profanity" in header and "MIT" in header


def test_parse_list_ignores_comments_and_blanks():
    text = "# header\n\nfoo\n  bar baz  # comment\n\t\n#qux\nspaced   out\n"
    assert parse_list(text) == ["foo", "bar baz", "spaced out"]


def test_entry_key():
    assert entry_key("Enculé") == "encule"
    assert entry_key("f-u-c-k") == entry_key("f.u.c.k") == entry_key("F_U_C_K") == "fuck"
    assert entry_key("doggie-style") == entry_key("doggie style") == "doggie style"
    assert entry_key("l'attardé") == "l attarde"
