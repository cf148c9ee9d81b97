"""The bundled packs use the word categories: a threat or an incitement to self-harm is a
timeout and an alert at once, a slur costs more than an insult, a mild swear word only
warns (1 point, no delete)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from rules.compiler import compile_ruleset
from rules.engine import Engine

PACKS = Path(__file__).resolve().parents[2] / "rules" / "packs"


def engine(pack: str) -> Engine:
    return Engine(compile_ruleset((PACKS / pack).read_bytes(), pack, PACKS))


@pytest.fixture(scope="module")
def packs() -> dict[str, Engine]:
    return {"en": engine("netiquette.en.yaml"), "fr": engine("netiquette.fr.yaml")}


def kinds(verdict) -> list[str]:
    return [a.kind for a in verdict.actions]


def warn_points(verdict) -> int:
    return sum(a.points for a in verdict.actions if a.kind == "warn")


@pytest.mark.parametrize("language, text, rule", [
    ("en", "i'm gonna kill you", "no-threats"),
    ("en", "just kys", "no-threats"),
    ("fr", "jvais te defoncer la gueule", "pas-de-menaces"),
    ("fr", "va te pendre", "pas-de-menaces"),
])
def test_a_threat_is_a_timeout_and_an_alert_at_once(packs, message, language, text, rule):
    verdict = packs[language].on_message(message(text, user="new"))
    assert rule in verdict.rules
    assert {"delete", "timeout", "alert"} <= set(kinds(verdict))
    (timeout,) = [a for a in verdict.actions if a.kind == "timeout"]
    assert timeout.duration == timedelta(days=1)
    (alert,) = [a for a in verdict.actions if a.kind == "alert"]
    assert "new" in alert.text


@pytest.mark.parametrize("language, text", [
    ("en", "oh shit"), ("en", "what crap"),
    ("fr", "oh merde j'ai raté le bus"), ("fr", "quel bordel"),
])
def test_a_mild_swear_word_only_warns(packs, message, language, text):
    verdict = packs[language].on_message(message(text, user=f"mild-{text}"))
    assert kinds(verdict) == ["warn"]                 # the message stays
    assert warn_points(verdict) == 1 and verdict.points == 1


@pytest.mark.parametrize("language, insult, slur", [
    ("en", "you moron", "you retard"),
    ("fr", "t'es qu'un connard", "sale pd"),
])
def test_a_slur_deletes_and_costs_more_than_an_insult(packs, message, language, insult,
                                                      slur):
    insulted = packs[language].on_message(message(insult, user="a"))
    slurred = packs[language].on_message(message(slur, user="b"))
    assert "delete" in kinds(insulted) and "delete" in kinds(slurred)
    assert warn_points(insulted) == 1
    assert warn_points(slurred) == 2
    assert "timeout" not in kinds(insulted) + kinds(slurred)


@pytest.mark.parametrize("language, text", [
    ("en", "see you at the park at 3pm"),
    ("fr", "je vais te retrouver au parc à 15h"),
])
def test_ordinary_lines_get_nothing(packs, message, language, text):
    verdict = packs[language].on_message(message(text, user="clean"))
    assert verdict.actions == ()
