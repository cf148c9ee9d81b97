"""Tests for rules.wordmatch.fold: one canonical spelling for visually identical text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.wordmatch import fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World", "hello world"),
        ("ＦＵＣＫ ｙｏｕ", "fuck you"),  # fullwidth
        ("𝐟𝐮𝐜𝐤 𝓼𝓱𝓲𝓽", "fuck shit"),  # mathematical bold / script
        ("ⓕⓤⓒⓚ", "fuck"),  # circled
        ("ﬁne", "fine"),  # ligature
        ("ѕһіт", "shit"),  # Cyrillic look-alikes
        ("АЅЅ", "ass"),  # Cyrillic capitals
        ("ΒΙΤCΗ ΝΟ", "bitch no"),  # Greek capitals (mixed with a Latin C)
        ("ᴀss", "ass"),  # small capital
        ("🇫🇺🇨🇰", "fuck"),  # regional indicators
    ],
)
def test_compatibility_case_and_lookalikes(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\u2061", "\u2062",
        "\u2063", "\u2064", "\ufeff", "\u00ad", "\u034f", "\u180e", "\u202a", "\u202b",
        "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufe0f",
        "\ufe00", "\U000e0001", "\U000e0041", "\U000e007f", "\U000e0100", "\u3164",
    ],
)
def test_invisible_characters_are_removed(invisible: str) -> None:
    assert fold(f"f{invisible}u{invisible}c{invisible}k") == "fuck"


def test_combining_marks_and_zalgo_are_removed() -> None:
    zalgo = "f\u0336\u0317\u0353u\u0334\u031b\u0359c\u0337\u0361k\u0335\u0489"
    assert fold(zalgo) == "fuck"
    assert fold("e\u0301") == "e"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("enculé", "encule"),
        ("ENCULÉ", "encule"),
        ("pétasse", "petasse"),
        ("garçon", "garcon"),
        ("cœur", "coeur"),
        ("Ægir", "aegir"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("naïve façade", "naive facade"),
        ("ї", "i"),  # accented Cyrillic look-alike: accent stripped, then mapped
    ],
)
def test_accents_are_stripped(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_keeps_digits_punctuation_and_spaces() -> None:
    assert fold("Score: 455 points, 100% (ok?) #1 @bob a-b_c.d") == (
        "score: 455 points, 100% (ok?) #1 @bob a-b_c.d"
    )
    assert fold("a\tb\nc") == "a\tb\nc"


def test_typographic_apostrophes_and_dashes_become_ascii() -> None:
    assert fold("d’enculés") == "d'encules"
    assert fold("l‘autre — là") == "l'autre - la"


def test_ascii_fast_path_is_lowercase() -> None:
    assert fold("MiXeD 123 !?") == "mixed 123 !?"


def test_other_scripts_survive() -> None:
    # Letters without a Latin look-alike stay (and stay letters), so words remain words.
    assert fold("日本語 テスト") == "日本語 テスト"
    assert fold("שלום") == "שלום"


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_fold_is_total_and_leaves_no_invisibles_or_marks(text: str) -> None:
    out = fold(text)
    assert isinstance(out, str)
    assert out == fold(text)  # deterministic whatever the lazily built table holds
    for ch in out:
        assert unicodedata.category(ch) not in ("Mn", "Me", "Cf"), repr(ch)
        assert ch not in "\u200b\u200d\ufeff\u00ad\u034f"


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=200))
def test_ascii_text_is_only_lowercased(text: str) -> None:
    assert fold(text) == text.lower()


@given(st.text(max_size=200))
@settings(max_examples=300)
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
