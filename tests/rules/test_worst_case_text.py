"""The messages that cost most to judge (issue 11: a 4,096-character message of U+FDFA or
of spaced letters) are still judged right now that their cost is bounded.

These tests assert behaviour only; what each kind of message costs, against plain prose,
is measured by bench/message_cost.py.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rules.compiler import load_ruleset
from rules.engine import evaluate
from rules.events import Member, Message
from rules.ruleset import Ruleset
from rules.state import MemberState
from rules.wordmatch import WordMatcher, fold
from rules.wordmatch.normalize import GROWTH_ALLOWANCE, within_budget
from rules.wordmatch.tables import LONG_EXPANSION_RANGES

PACKS = Path(__file__).resolve().parents[2] / "rules" / "packs"
LIGATURE = "\ufdfa"  # ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM: NFKC makes it 18 characters
PHRASE = unicodedata.normalize("NFKC", LIGATURE)
CONSONANTS = "qwrtzpsdghjklxcvbnm"  # spell no listed word, whatever the slice


@pytest.fixture(scope="module")
def en() -> WordMatcher:
    return WordMatcher.build(["fuck", "shit", "bitch", "idiot", "ass", "son of a bitch"],
                             allow=["kick ass"])


def spelled(word: str, sep: str = " ") -> str:
    return sep.join(word)


def letters(count: int, sep: str = " ") -> str:
    """`count` spelled-out consonants: one long run that spells nothing."""
    return sep.join(CONSONANTS[i % len(CONSONANTS)] for i in range(count))


def both(matcher: WordMatcher, text: str) -> str | None:
    """The matcher's answer, checked against its memo-free reference path."""
    found = matcher.search(text)
    assert matcher.search_uncached(text) == found
    return found


# -- the budget on long expansions ---------------------------------------------------------


def test_the_long_expansion_table_matches_the_unicode_database() -> None:
    listed = {cp for lo, hi in LONG_EXPANSION_RANGES for cp in range(lo, hi + 1)}
    long = {cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF
            and len(unicodedata.normalize("NFKC", chr(cp))) > 2}
    assert listed == long


@pytest.mark.parametrize("count", [1, 3, 60])
def test_ordinary_text_with_ligatures_is_folded_in_full(count: int) -> None:
    text = " ".join(["The Prophet", LIGATURE] * count)
    assert fold(text).count(PHRASE) == count
    assert within_budget(text) is text


def test_expansions_within_the_allowance_are_kept_whole() -> None:
    count = GROWTH_ALLOWANCE // (len(PHRASE) - 1)
    text = LIGATURE * count
    assert fold(text) == PHRASE * count


@pytest.mark.parametrize("text", [
    LIGATURE * 4096,
    (LIGATURE + " ") * 2048,
    "\ufdfb\u2474\u3316\u33af\u2026\ufb03" * 700,   # other long expansions, mixed
    (LIGATURE + "a") * 2048,
])
def test_a_flood_of_long_expansions_folds_within_a_small_factor(text: str) -> None:
    assert len(unicodedata.normalize("NFKC", within_budget(text))) <= 2 * len(text)
    assert len(fold(text)) <= 2 * len(text)
    assert fold(fold(text)) == fold(text)


# -- detection survives the worst cases ----------------------------------------------------


def test_a_spaced_out_insult_inside_4000_ligatures_is_found(en: WordMatcher) -> None:
    flood = LIGATURE * 2000
    assert both(en, f"{flood} {spelled('fuck')} {flood}") == "fuck"
    assert both(en, f"{flood}\n{spelled('shit', '.')}") == "shit"
    assert both(en, f"{spelled('bitch', '-')} {flood}") == "bitch"


def test_a_plain_insult_between_ligature_floods_is_found(en: WordMatcher) -> None:
    assert both(en, f"{LIGATURE * 2000} idiot {LIGATURE * 2000}") == "idiot"
    assert both(en, " ".join([LIGATURE] * 2000 + ["you", "idiot"])) == "idiot"
    assert both(en, LIGATURE * 4096) is None


def test_a_word_spelled_at_either_end_of_a_long_run_counts(en: WordMatcher) -> None:
    assert both(en, f"{letters(2000)} {spelled('fuck')}") == "fuck"
    assert both(en, f"{spelled('fuck')} {letters(2000)}") == "fuck"
    assert both(en, f"{letters(2000, '.')}.{spelled('shit', '.')}") == "shit"
    assert both(en, f"a {spelled('ass')}") == "ass"     # after a one-letter word, as ever


def test_a_short_word_inside_a_long_run_is_still_chance(en: WordMatcher) -> None:
    assert both(en, f"{letters(1000)} {spelled('fuck')} {letters(1000)}") is None
    assert both(en, letters(4096 // 2)) is None


def test_the_leftmost_of_thousands_of_spelled_out_words_is_reported(en: WordMatcher) -> None:
    words = [spelled("bitch")] + [spelled("fuck")] * 800
    assert both(en, ", ".join(words)) == "bitch"
    assert both(en, ", ".join([letters(3)] * 600 + [spelled("shit")])) == "shit"


def test_an_allowed_phrase_still_masks_only_itself(en: WordMatcher) -> None:
    runs = ", ".join([spelled("fuck")] * 500)
    assert both(en, "kick ass") is None
    assert both(en, f"kick ass, {runs}") == "fuck"
    assert both(en, f"kick ass, {', '.join([letters(4)] * 500)}") is None


def test_invisible_characters_and_stacked_marks_hide_nothing(en: WordMatcher) -> None:
    zero_width = "\u200b".join("fuck")
    zalgo = "".join(ch + "\u0301\u0308\u0323\u0330\u0346\u0352\u0362\u036f" for ch in "idiot")
    filler = "\u200b\u200c\u2060" * 1300
    assert both(en, f"{filler} {zero_width} {filler}") == "fuck"
    assert both(en, f"{'a' + chr(0x301) * 8} " * 400 + zalgo) == "idiot"


def test_one_long_word_and_leet_soups_are_still_read(en: WordMatcher) -> None:
    assert both(en, "x" * 4000 + " sh1t") == "shit"
    assert both(en, "x" * 4096) is None
    assert both(en, "lol!" * 1000 + "fuck") == "fuck"     # one piece, parts between the '!'
    assert both(en, "a|b!" * 1000) is None


def test_emoji_and_mixed_scripts_around_an_insult(en: WordMatcher) -> None:
    rng = random.Random(11)
    emoji = "".join(chr(rng.randrange(0x1F600, 0x1F650)) for _ in range(4000))
    assert both(en, f"{emoji} ѕһіт {emoji}") == "shit"     # Cyrillic look-alikes
    assert both(en, f"{emoji}bitch") == "bitch"
    assert both(en, emoji) is None


# -- through the engine, with the bundled packs --------------------------------------------


@pytest.fixture(scope="module", params=["en", "fr"])
def pack(request: pytest.FixtureRequest) -> tuple[Ruleset, str, str]:
    if request.param == "en":
        return load_ruleset(PACKS / "netiquette.en.yaml"), "no-insults", "fuck"
    return load_ruleset(PACKS / "netiquette.fr.yaml"), "respect", "connard"


def judged_rules(ruleset: Ruleset, text: str) -> tuple[str, ...]:
    message = Message(id="m1", community="discord:g", at=datetime(2026, 11, 20, tzinfo=UTC),
                      user=Member(id="u1", name="someone"), text=text)
    return evaluate(ruleset, message, MemberState()).rules


@pytest.mark.parametrize("flood", [LIGATURE * 2000, letters(1000), "\u200b" * 2000])
def test_the_packs_find_a_spaced_out_insult_in_a_worst_case_message(
    pack: tuple[Ruleset, str, str], flood: str
) -> None:
    ruleset, rule, word = pack
    assert rule in judged_rules(ruleset, f"{flood}, {spelled(word)}, {flood}")
    assert rule not in judged_rules(ruleset, f"{flood}, {flood}")
