"""`watch` and `crisis` in a rule file: terms matched like `words` (evasion and whole-word
traps), every term named as written, and precise errors for a broken section."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.compiler import compile_ruleset
from rules.problems import RuleFileError

BASE = """\
version: 1
name: watch
{section}
rules:
  - id: r
    match: {{words: [zzzz]}}
    actions: [delete]
"""


def ruleset(section: str):  # type: ignore[no-untyped-def]
    return compile_ruleset(BASE.format(section=section), "w.yaml", Path("."))


def problems(section: str) -> list[str]:
    with pytest.raises(RuleFileError) as raised:
        ruleset(section)
    return [str(problem) for problem in raised.value.problems]


WATCH = ruleset('watch: {terms: [Acme, "acme cloud", Gardien], alert: veille}')
assert WATCH.watch is not None
FIND = WATCH.watch.find


@pytest.mark.parametrize("text, terms", [
    ("Acme is down", ("Acme",)),
    ("ACME!!!", ("Acme",)),
    ("a-c-m-e support", ("Acme",)),
    ("@cme never answers", ("Acme",)),
    ("Àcmé prices again", ("Acme",)),
    ("acmeeee", ("Acme",)),
    ("the @cme CL0UD team", ("Acme", "acme cloud")),
    ("the ACME-cloud status page", ("Acme", "acme cloud")),
    ("acme   cloud outage, gardien too", ("Acme", "acme cloud", "Gardien")),
    ("a\u200bcme", ("Acme",)),                       # an invisible character inside
])
def test_terms_are_found_through_evasion(text: str, terms: tuple[str, ...]) -> None:
    assert FIND(text) == terms


@pytest.mark.parametrize("text", [
    "acmeish products", "placme", "the acmes were great", "gardiennage", "cloud only", "",
])
def test_whole_word_traps_are_not_hits(text: str) -> None:
    assert FIND(text) == ()


def test_the_policy_and_the_feeds_are_compiled() -> None:
    compiled = ruleset(
        "watch:\n  terms: [Acme]\n  feeds:\n    - url: https://example.org/rss\n"
        "    - {url: 'http://example.org/atom', every: 1h}\n"
        "crisis: {window: 5m, negative: 4, factor: 2.5, slowmode: 1m}")
    assert compiled.senses and compiled.watch is not None and compiled.crisis is not None
    assert [(f.url, f.every) for f in compiled.watch.feeds] == [
        ("https://example.org/rss", 900.0), ("http://example.org/atom", 3600.0)]
    assert (compiled.crisis.window, compiled.crisis.negative, compiled.crisis.factor,
            compiled.crisis.slowmode) == (300.0, 4, 2.5, 60.0)
    assert WATCH.watch is not None and WATCH.watch.alert == "veille" and WATCH.crisis is None
    assert not ruleset("").senses


@pytest.mark.parametrize("section, expected", [
    ("watch: {terms: []}", "w.yaml:3:"),
    ("watch: {terms: [Acme], feeds: [{url: 'ftp://x.org/rss'}]}", "http or https URL"),
    ("watch: {terms: [Acme], feeds: [{url: 'https://x.org', every: 30s}]}",
     "at most once a minute"),
    ("watch: {terms: ['  ']}", "a watched term is empty"),
    ("watch: {term: [Acme]}", "term"),
    ("crisis: {window: 10s}", "between 1m and 24h"),
    ("crisis: {negative: 0}", "negative"),
    ("crisis: {slowmode: 7h}", "between 1s and 6h"),
    ("crisis: {factor: -1}", "factor"),
])
def test_a_broken_section_is_refused_with_a_precise_error(section: str, expected: str) -> None:
    found = problems(section)
    assert found and any(expected in problem for problem in found), found
    assert all(problem.startswith("w.yaml:3:") for problem in found), found
