"""Categories and severities of the built-in lists, pattern expansion, and the `words`
options that select them (`builtin:fr/threats`, `min_severity`)."""

from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

import pytest

from rules.compiler import compile_ruleset
from rules.problems import RuleFileError
from rules.wordlists import (
    CATEGORIES,
    ListEntry,
    ListFileError,
    builtin_entries,
    builtin_words,
    entry_key,
)
from rules.wordlists.annotated import parse_annotated
from rules.wordlists.patterns import MAX_EXPANSION, PatternError, expand_pattern

ANNOTATED = [f"fr-{c}.txt" for c in CATEGORIES] + ["en-threats.txt", "en-self-harm.txt",
                                                   "en-categories.txt"]


# --- the typed API ----------------------------------------------------------------
def test_list_entry_is_a_frozen_dataclass():
    entry = ListEntry("connard", "insults", 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.severity = 3  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(ListEntry)] == ["text", "category", "severity"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_category_is_populated_with_valid_severities(language):
    for category in CATEGORIES:
        entries = builtin_entries(f"{language}/{category}")
        assert entries, f"{language}/{category} is empty"
        assert {e.category for e in entries} == {category}
        assert {e.severity for e in entries} <= {1, 2, 3}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_language_list_is_the_union_of_its_categories(language):
    whole = builtin_entries(language)
    parts = [e for c in CATEGORIES for e in builtin_entries(f"{language}/{c}")]
    assert sorted(whole, key=lambda e: e.text) == sorted(parts, key=lambda e: e.text)
    assert builtin_words(language) == tuple(e.text for e in whole)
    assert len({entry_key(e.text) for e in whole}) == len(whole)


def test_known_entries_have_the_category_and_severity_curated_for_them():
    fr = {e.text: e for e in builtin_entries("fr")}
    assert fr["merde"] == ListEntry("merde", "insults", 1)
    assert fr["connard"] == ListEntry("connard", "insults", 2)
    assert fr["fils de pute"].severity == 3
    assert fr["je vais te tuer"] == ListEntry("je vais te tuer", "threats", 3)
    assert fr["va te pendre"].category == "self-harm"
    assert fr["sale arabe"] == ListEntry("sale arabe", "slurs", 3)
    en = {e.text: e for e in builtin_entries("en")}
    # surge-ai/profanity's ratings, mapped (rules/wordlists/surge_import.py)
    assert en["shit"] == ListEntry("shit", "insults", 1)           # bodily fluids, 1.0
    assert en["fuck"] == ListEntry("fuck", "sexual", 2)            # sexual acts, 2.2
    assert en["nigger"] == ListEntry("nigger", "slurs", 3)         # racial slur, 3.0
    assert en["kill yourself"] == ListEntry("kill yourself", "self-harm", 3)


def test_unknown_names_raise_with_the_known_ones():
    with pytest.raises(KeyError, match=r"builtin:fr/insults.*builtin:fr/self-harm"):
        builtin_entries("fr/threat")
    with pytest.raises(KeyError, match=r"builtin:en.*builtin:fr"):
        builtin_entries("de/threats")


@pytest.mark.parametrize("name", ANNOTATED)
def test_annotated_files_give_every_entry_a_severity_and_a_reason(name):
    text = resources.files("rules.wordlists").joinpath(name).read_text(encoding="utf-8")
    assert text.startswith("#"), "header comment with sources"
    entries = parse_annotated(text, name)
    assert entries and all(e.reason and e.severity in (1, 2, 3) for e in entries)


# --- patterns ----------------------------------------------------------------------
def test_patterns_expand_every_alternative_in_order():
    assert expand_pattern("(va|vas) te (pendre|tuer)") == [
        "va te pendre", "va te tuer", "vas te pendre", "vas te tuer"]
    assert expand_pattern("connard(e|)(s|)") == ["connardes", "connarde", "connards", "connard"]
    assert expand_pattern("kill yourself") == ["kill yourself"]
    assert expand_pattern("( a | b )  c") == ["a c", "b c"]   # spaces collapsed


@pytest.mark.parametrize("pattern, message", [
    ("je vais (te (tuer|frapper))", "nested '(' at character 13"),
    ("je vais te tuer)", "')' at character 16 closes no slot"),
    ("je vais (te|t'", "never closed"),
    ("tuer|frapper", "'|' at character 5 is outside a slot"),
    ("je vais () tuer", "empty slot ending at character 10"),
])
def test_malformed_patterns_are_refused_precisely(pattern, message):
    with pytest.raises(PatternError, match=message.replace("(", r"\(").replace(")", r"\)")):
        expand_pattern(pattern)


def test_expansion_is_capped_with_the_sizes_in_the_error():
    slot = "(" + "|".join("abcdefghijklmnop") + ")"
    assert len(expand_pattern(slot + slot)) == MAX_EXPANSION
    with pytest.raises(PatternError, match=r"expands to 4096 phrases \(16 x 16 x 16\), "
                                           r"more than the limit of 256"):
        expand_pattern(slot * 3)


def test_a_list_file_error_names_the_file_and_line():
    with pytest.raises(ListFileError, match=r"x.txt, line 2: 'mot' has no severity"):
        parse_annotated("# head\nmot\n", "x.txt")
    with pytest.raises(ListFileError, match=r"x.txt, line 2: severity must be 1, 2 or 3"):
        parse_annotated("# head\nmot  # severity=4: too much\n", "x.txt")
    with pytest.raises(ListFileError, match=r"x.txt, line 1: pattern 'a \(b': a slot"):
        parse_annotated("a (b  # severity=1: r\n", "x.txt")
    entries = parse_annotated("#@ severity=2: block\nun\ndeux  # severity=3: own\n", "x.txt")
    assert [(e.text, e.severity, e.reason) for e in entries] == [
        ("un", 2, "block"), ("deux", 3, "own")]


# --- the `words` condition -----------------------------------------------------------
def rules_with(words: str, examples: str = "") -> str:
    return f"""
version: 1
name: t
rules:
  - id: r
    match:
      words: {words}
    actions: [delete]
{examples}
"""


def compile_text(text: str):
    return compile_ruleset(text, "t.yaml", Path("."))


def test_min_severity_filters_builtin_entries():
    compile_text(rules_with("{lists: [builtin:fr], min_severity: 2}", """
    examples:
      match: ["t'es qu'un connard", "je vais te tuer"]
      pass: ["oh merde", "quel bordel"]
"""))
    compile_text(rules_with("{lists: [builtin:fr/insults], min_severity: 1}", """
    examples:
      match: ["oh merde", "connard"]
      pass: ["je vais te tuer"]
"""))
    compile_text(rules_with("{lists: [builtin:en/insults], min_severity: 3, add: [shit]}", """
    examples:
      match: ["oh shit"]
      pass: ["you moron"]
"""))


@pytest.mark.parametrize("words, message", [
    ("{lists: [builtin:fr/threat]}", "unknown category 'threat' in 'builtin:fr/threat': the "
     "categories are builtin:fr/insults, builtin:fr/slurs, builtin:fr/threats, "
     "builtin:fr/sexual, builtin:fr/self-harm"),
    ("{lists: [builtin:de/threats]}", "the built-in lists are builtin:en, builtin:fr"),
    ("{lists: [builtin:fr], min_severity: 0}", "min_severity must be 1, 2 or 3"),
    ("{lists: [builtin:fr], min_severity: 4}", "min_severity must be 1, 2 or 3"),
])
def test_bad_names_and_severities_are_precise_problems(words, message):
    with pytest.raises(RuleFileError) as caught:
        compile_text(rules_with(words))
    assert message in str(caught.value)
