"""Tests for rules.sentiment: the shipped English and French models on sentences written
for these tests (none taken from the dev sets), through the public API."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.sentiment import NEGATIVE_BELOW, Model, score, score_chunks
from rules.wordmatch import fold

NEGATIVE_EN = [
    "This update is terrible, everything crashes all the time",
    "I hate waiting three days for support, worst service ever",
    "so disappointed with the new version, it is useless",
    "the server is down again and nobody answers, what a joke",
]
POSITIVE_EN = [
    "Thanks a lot, this is awesome!",
    "I love this community ❤️",
    "Great job everyone, really happy with the release",
    "the new dashboard looks amazing, well done",
]
NEUTRAL_EN = [
    "The meeting starts at 5pm in room B",
    "ok see you tomorrow",
]
NEGATIVE_FR = [
    "C'est vraiment nul, je suis déçu",
    "Quelle arnaque, service horrible",
    "J'en ai marre de ces bugs, rien ne marche",
    "Ce jeu est une catastrophe, je déteste la mise à jour",
]
POSITIVE_FR = [
    "Merci beaucoup, c'est génial !",
    "J'adore cette communauté, vous êtes super",
    "Bravo à toute l'équipe, excellent travail",
    "Le nouveau site est magnifique, je suis ravi",
]
NEUTRAL_FR = [
    "La réunion commence à 17h dans la salle B",
    "Quelqu'un peut m'envoyer le lien vers la documentation ?",
]


@pytest.mark.parametrize("text", NEGATIVE_EN)
def test_clearly_negative_english(text: str) -> None:
    assert score(text, "en") < NEGATIVE_BELOW


@pytest.mark.parametrize("text", POSITIVE_EN)
def test_clearly_positive_english(text: str) -> None:
    assert score(text, "en") > 0.2


@pytest.mark.parametrize("text", NEGATIVE_FR)
def test_clearly_negative_french(text: str) -> None:
    assert score(text, "fr") < NEGATIVE_BELOW


@pytest.mark.parametrize("text", POSITIVE_FR)
def test_clearly_positive_french(text: str) -> None:
    assert score(text, "fr") > 0.2


@pytest.mark.parametrize(("text", "locale"), [(t, "en") for t in NEUTRAL_EN]
                         + [(t, "fr") for t in NEUTRAL_FR])
def test_neutral_is_not_negative_and_below_praise(text: str, locale: str) -> None:
    praise = POSITIVE_EN if locale == "en" else POSITIVE_FR
    value = score(text, locale)
    assert value >= NEGATIVE_BELOW
    assert value < min(score(p, locale) for p in praise)


@pytest.mark.parametrize(("text", "locale"), [
    ("Can someone send me the link to the docs?", "en"),
    ("the docs are here", "en"),
    ("what time is the meeting?", "en"),
    ("I'll be there at 5", "en"),
    ("is the server up now?", "en"),
    ("who is hosting the call on Tuesday?", "en"),
    ("no idea, ask Sam", "en"),
    ("où est le lien ?", "fr"),
    ("je serai là à 18h", "fr"),
    ("on se retrouve devant la gare ?", "fr"),
    ("qui s'occupe du compte rendu de la réunion ?", "fr"),
    ("je n'ai pas encore reçu le fichier", "fr"),
])
def test_plain_questions_and_logistics_are_not_negative(text: str, locale: str) -> None:
    # No polar word: the scorer does not let a message below the line without one. (A
    # learned word that leans negative is evidence: "I'm home." still is, docs/sentiment.md.)
    assert score(text, locale) >= NEGATIVE_BELOW


def test_a_negator_alone_is_no_evidence_but_a_negative_word_is() -> None:
    assert score("I don't have the link", "en") >= NEGATIVE_BELOW
    assert score("I don't have the link, this is annoying", "en") < NEGATIVE_BELOW
    assert score("je n'ai pas le lien", "fr") >= NEGATIVE_BELOW
    assert score("je n'ai pas le lien, c'est nul", "fr") < NEGATIVE_BELOW


def test_without_evidence_a_score_stops_at_the_line() -> None:
    # A model whose only weight leans negative but is below the evidence floor.
    model = Model.from_json({"language": "en", "bias": 0.0, "evidence": 0.5,
                             "weights": {"home": -0.3, "awful": -0.6}})
    assert model.score(["home"] * 10) == NEGATIVE_BELOW
    assert model.score(["awful"]) < NEGATIVE_BELOW
    assert model.score(["home", "awful"]) < model.score(["awful"])


@pytest.mark.parametrize(("negated", "plain"), [
    ("this is not good", "this is good"),
    ("I don't love it", "I love it"),
    ("it never works", "it works"),
    ("ce n'est pas bon", "c'est bon"),
    ("je n'aime pas ça", "j'aime ça"),
    ("il n'est jamais content", "il est content"),
])
def test_negation_flips_the_sign(negated: str, plain: str) -> None:
    assert score(negated) < NEGATIVE_BELOW < 0 < score(plain)


def test_negated_negative_is_not_negative() -> None:
    assert score("not bad at all") > 0
    assert score("ce n'est pas mauvais", "fr") > NEGATIVE_BELOW


def test_french_idioms() -> None:
    # "pas terrible" is faint criticism, "pas mal" faint praise: not read as negations.
    assert score("ce n'est pas terrible", "fr") < NEGATIVE_BELOW
    assert score("franchement, pas terrible ce film", "fr") < NEGATIVE_BELOW
    assert score("pas mal du tout", "fr") > 0
    assert score("c'est pas mal", "fr") > 0
    assert score("trop bien !", "fr") > 0.2


def test_negation_scope_ends_at_a_clause_break() -> None:
    assert score("not sure, but this is great") > 0.2
    assert score("this is not great") < NEGATIVE_BELOW


@pytest.mark.parametrize(("strong", "plain", "locale"), [
    ("very good", "good", "en"),
    ("so happy", "happy", "en"),
    ("really bad", "bad", "en"),
    ("extremely annoying", "annoying", "en"),
    ("vraiment nul", "nul", "fr"),
    ("tellement bien", "bien", "fr"),
    ("très décevant", "décevant", "fr"),
])
def test_intensifiers_strengthen(strong: str, plain: str, locale: str) -> None:
    a, b = score(strong, locale), score(plain, locale)
    assert abs(b) > 0.05
    assert math.copysign(1, a) == math.copysign(1, b)
    assert abs(a) > abs(b)


@pytest.mark.parametrize("text", ["😡", "😭", "💔", "👎", ":(", ":-(", ":'("])
def test_negative_emoji_alone(text: str) -> None:
    assert score(text, "en") < NEGATIVE_BELOW
    assert score(text, "fr") < NEGATIVE_BELOW


@pytest.mark.parametrize("text", ["👍", "❤️", "❤", "😍", "🎉", ":)", ":-)", ":D", "<3"])
def test_positive_emoji_alone(text: str) -> None:
    assert score(text, "en") > 0
    assert score(text, "fr") > 0


def test_emoticon_variants_read_as_one() -> None:
    assert score(":-)))") == score(":)")
    assert score(":((((") == score(":(")
    assert score("<333") == score("<3")


@pytest.mark.parametrize(("long", "plain", "locale"), [
    ("sooo baaad", "so bad", "en"),
    ("goooood", "good", "en"),
    ("I looooove it", "I love it", "en"),
    ("c'est nuuuul", "c'est nul", "fr"),
    ("merciiiii", "merci", "fr"),
])
def test_elongated_words_read_as_plain(long: str, plain: str, locale: str) -> None:
    assert score(long, locale) == score(plain, locale)
    assert abs(score(plain, locale)) > 0.05


def test_emoji_stuck_together_count_each() -> None:
    assert score("😡😡😡") < score("😡") < NEGATIVE_BELOW
    assert score("awful 👍") > score("awful")


def test_empty_text_scores_zero() -> None:
    assert score("") == 0.0
    assert score("   \n\t ") == 0.0
    assert score_chunks([]) == 0.0


def test_french_message_in_an_english_community_is_scored_as_french() -> None:
    text = "je suis très déçu par ce service, c'est nul"
    assert score(text, "en") == score(text, "fr") < NEGATIVE_BELOW
    text = "ce jeu est génial, merci pour tout"
    assert score(text, "en") == score(text, "fr") > 0.2


def test_english_message_in_a_french_community_is_scored_as_english() -> None:
    text = "this is the worst update I have ever seen"
    assert score(text, "fr-CA") == score(text, "en") < NEGATIVE_BELOW


def test_the_hint_decides_when_the_words_do_not() -> None:
    # No function word of either language: the community's language picks the model.
    # "nul" is French criticism; the English model has no such word.
    assert score("nul", "fr") < NEGATIVE_BELOW
    assert score("nul", "fr") < score("nul", "en")


def test_long_message() -> None:
    text = ("the support was terrible and the app crashed again 😡 " * 2000)[:100_000]
    assert len(text.encode()) >= 99_000
    value = score(text)
    assert -1.0 <= value < NEGATIVE_BELOW
    assert value == score_chunks(fold(text).split())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["en", "fr", "fr-CA", "de", ""]))
def test_any_text_scores_in_range_and_like_its_chunks(text: str, locale: str) -> None:
    value = score(text, locale)
    assert -1.0 <= value <= 1.0
    assert value == score_chunks(fold(text).split(), locale)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["not", "good", "bad", "very", "pas", "mal", "nul", "!!!", ":(", "😡", "👍", "sooo",
     "n'est", "jamais", "terrible", "http://x.y/z", ",", "trop", "bien", ":)", "<3"]),
    max_size=40))
def test_word_salad_stays_in_range(words: list[str]) -> None:
    text = " ".join(words)
    for locale in ("en", "fr"):
        value = score(text, locale)
        assert -1.0 <= value <= 1.0
        assert value == score_chunks(fold(text).split(), locale)


def test_weight_files_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        Model.from_json({"language": "de", "bias": 0.0, "weights": {}})
    with pytest.raises(ValueError, match="non-finite"):
        Model.from_json({"language": "en", "bias": 0.0, "weights": {"good": float("nan")}})
    tiny = Model.from_json({"language": "en", "bias": 0.5, "weights": {"good": 1.0}})
    assert tiny.raw(["good", "good"]) == 2.5
