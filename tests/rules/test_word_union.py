"""The union matcher: every words condition of a file in one matcher, each keeping its own
words, allow list and evidence, exactly as its own matcher would answer."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.engine import Engine
from rules.wordmatch import WordMatcher, WordUnion, fold

RULES = """
- id: strict
  match: {words: {add: [idiot, bad word, shit], allow: []}}
  actions: [delete]
- id: lenient
  match: {words: {add: [idiot, shit], allow: [holy shit]}}
  actions: [delete]
- id: phrases
  match:
    words: [bad word, moron]
    channels: [general]
  actions: [delete]
"""


def test_two_rules_sharing_a_word_keep_their_own_allow_lists(compile_rules, message):
    engine = Engine(compile_rules(RULES))
    verdict = engine.on_message(message("holy shit that was close", user="a"))
    assert verdict.rules == ("strict",)   # only `lenient` allows "holy shit"
    verdict = engine.on_message(message("you idiot", user="b"))
    assert set(verdict.rules) == {"strict", "lenient"}   # a word in two rules fires both


def test_evidence_is_each_rules_own_word_as_written(compile_rules, message):
    engine = Engine(compile_rules(RULES))
    verdict = engine.on_message(message("what a BAD   word, you sh1t", channel="general"))
    assert {hit.rule: hit.evidence for hit in verdict.hits} == {
        "strict": "bad word", "lenient": "shit", "phrases": "bad word"}


def test_a_rule_gated_by_its_words_is_not_evaluated_on_a_clean_message(compile_rules):
    ruleset = compile_rules(RULES)
    assert all(rule.word_gate >= 0 for rule in ruleset.message_rules)
    assert ruleset.message_gate.candidates({}) == ()


def test_words_under_any_or_not_do_not_gate(compile_rules, message):
    ruleset = compile_rules("""
- id: either
  match: {any: [{words: [moron]}, {caps: {ratio: 0.8, min_letters: 5}}]}
  actions: [delete]
- id: without
  match: {not: {words: [hello]}, length: {max_chars: 3}}
  actions: [delete]
""")
    assert [rule.word_gate for rule in ruleset.message_rules] == [-1, -1]
    engine = Engine(ruleset)
    assert engine.on_message(message("SHOUTING LOUDLY", user="a")).rules == ("either", "without")
    assert engine.on_message(message("hello there", user="b")).rules == ()


GROUPS = [
    (["idiot", "shit", "son of a bitch", "ass"], ["assess", "holy shit"]),
    (["ass", "bitch", "moron"], []),
    (["shit", "bad word", "idiot"], ["bad words", "idiot sandwich"]),
    (["fuck", "ass"], ["class"]),
]
VOCAB = ["idiot", "sh1t", "holy", "shit", "son", "of", "a", "b1tch", "ass", "a.s.s", "f u c k",
         "assess", "bad", "word", "words", "sandwich", "moron", "class", "i", "the", "-",
         "!!", "Idiøt", "fuuuck", "s h i t", "b.i.t.c.h"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.sampled_from(VOCAB), max_size=12),
       joiners=st.lists(st.sampled_from([" ", "  ", ".", "", "-"]), min_size=12, max_size=12))
def test_the_union_answers_what_each_conditions_own_matcher_answers(parts, joiners):
    text = "".join(p + j for p, j in zip(parts, joiners, strict=False))
    union = WordUnion()
    ids = [union.add(words, allow) for words, allow in GROUPS]
    hits = union.hits(fold(text).split())
    for cid, (words, allow) in zip(ids, GROUPS, strict=True):
        assert hits.get(cid) == WordMatcher.build(words, allow).search(text), text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_the_union_agrees_on_arbitrary_text(text):
    union = WordUnion()
    ids = [union.add(words, allow) for words, allow in GROUPS]
    hits = union.hits(fold(text).split())
    for cid, (words, allow) in zip(ids, GROUPS, strict=True):
        assert hits.get(cid) == WordMatcher.build(words, allow).search(text)
