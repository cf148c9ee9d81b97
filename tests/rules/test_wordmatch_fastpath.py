"""The matcher's quick rejections (chunks known inert, or holding no anchor of any entry)
never change an answer: the memoised `search` says what the reference scan says, whatever
it saw before, on messages made of a phrase's common words, its anchor, spelled-out letters
and punctuation in any order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.wordmatch import WordMatcher

WORDS = ["i hope you die", "go die", "no one would miss you", "just kys", "kill you",
         "bitch", "ass", "how do i report", "watch your back"]
ALLOW = ["i hope you die laughing"]
VOCABULARY = ["i", "hope", "you", "die", "go", "no", "one", "would", "miss", "just", "kys",
              "k", "y", "s", "a", "b", "t", "c", "h", "kill", "you.", "i'm", "i.ll", "how",
              "do", "report", "bitch", "b.i.t.c.h", "-", "...", "!!", "laughing", "hello",
              "s-s", "a-s-s", "as", "ss", "u", "ur", "dead"]
MESSAGES = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=9).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(before=st.lists(MESSAGES, max_size=6), text=MESSAGES)
def test_the_memoised_search_answers_as_the_reference_scan(before: list[str], text: str) -> None:
    matcher = WordMatcher.build(WORDS, ALLOW)
    for seen in before:      # whatever was classified and remembered before
        matcher.search(seen)
    assert matcher.search(text) == matcher.search_uncached(text)
    assert matcher.search(text) == matcher.search_uncached(text)   # and once remembered


def test_common_words_of_a_phrase_do_not_make_a_message_suspect() -> None:
    matcher = WordMatcher.build(WORDS)
    assert matcher.search("i hope you are well, just go home") is None
    assert matcher.search("i hope you die") == "i hope you die"
    assert matcher.search("how do i report someone?") == "how do i report"
    assert matcher.search("go   -   die") == "go die"
    for _ in range(2):   # a phrase's rare word alone is no phrase, its words in order are
        assert matcher.search("watch the game, be back soon") is None
        assert matcher.search("watch your back.") == "watch your back"
    for _ in range(2):   # spelled out across chunks, first seen and remembered
        assert matcher.search("i a s s") == "ass"
        assert matcher.search("b.i.t.c h") == "bitch"   # a chunk ending in a joinable letter
