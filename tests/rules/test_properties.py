"""Property tests: the engine never raises on arbitrary Unicode and is deterministic."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.compiler import load_ruleset
from rules.engine import Engine, evaluate
from rules.events import Member, Message
from rules.ruleset import Ruleset
from rules.state import MemberState

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
RULES = """\
version: 1
name: Everything
escalation:
  expire_after: 1d
  steps: [{points: 3, action: timeout, duration: 1h}, {points: 6, action: ban}]
rules:
  - id: words
    match: {words: {lists: ['builtin:en'], add: [moron, "bad phrase"], allow: [scunthorpe]}}
    actions: [delete, {warn: {points: 1, reason: insult}}, {reply: "{mention}: {reason}"}]
  - id: regex
    match: {regex: ['(?i)free\\s+nitro', '\\p{Cyrillic}{3,}', '^.{0,3}$']}
    actions: [{warn: {points: 1}}]
  - id: links
    match: {links: {deny: ['*.ru', bit.ly], invites: true}}
    actions: [delete, {alert: "{user} posted a link"}]
  - id: allow-only
    mode: shadow
    match: {links: {allow: [example.org, '*.example.org']}}
    actions: [delete]
  - id: caps
    match: {caps: {ratio: 0.7, min_letters: 10}}
    actions: [{timeout: 10m}]
  - id: mentions
    match: {mentions: {more_than: 3}}
    actions: [kick]
  - id: flood
    match: {flood: {messages: 4, within: 5s}}
    actions: [{timeout: 1h}]
  - id: repeat
    cooldown: 30s
    match: {repeat: {times: 2, within: 1m}}
    actions: [delete]
  - id: length
    match: {any: [{length: {max_chars: 500}}, {length: {max_lines: 10}}]}
    actions: [{dm: "too long"}]
"""


@pytest.fixture(scope="module")
def ruleset(tmp_path_factory) -> Ruleset:
    path = tmp_path_factory.mktemp("props") / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return load_ruleset(path)


def message(text: str, n: int = 0, user: str = "u1") -> Message:
    return Message(id=f"m{n}", community="discord:g", at=T0 + timedelta(seconds=n),
                   user=Member(id=user, name="someone"), text=text,
                   mentions=tuple(f"x{i}" for i in range(n % 6)))


def judge_twice(ruleset: Ruleset, text: str):
    event = message(text)
    first = evaluate(ruleset, event, MemberState())
    second = evaluate(ruleset, event, MemberState())
    assert first == second
    return first


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(max_size=2000), min_size=1, max_size=4))
def test_arbitrary_unicode_never_raises_and_is_deterministic(ruleset, texts):
    engine = Engine(ruleset)
    for n, text in enumerate(texts):
        verdict = judge_twice(ruleset, text)
        assert set(verdict.rules) <= {rule.id for rule in ruleset.rules} | {"escalation"}
        assert verdict.points == verdict.points_added
        engine.on_message(message(text, n))       # and with history carried over


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
       glue=st.sampled_from(["", " ", "\u200b", "\u0301", ".", "-", "\n"]))
def test_words_survive_any_surroundings(ruleset, text, glue):
    verdict = judge_twice(ruleset, f"{text}{glue} moron {glue}{text}")
    assert "words" in verdict.rules


def _random_text(size: int) -> str:
    rng = random.Random(1234)
    chars = []
    while len(chars) < size:
        cp = rng.randrange(0x110000)
        if not 0xD800 <= cp <= 0xDFFF:
            chars.append(chr(cp))
    return "".join(chars)


HUGE = {
    "random": _random_text(100_000),
    "combining": "\u0301" * 100_000,
    "zero-width": "\u200b\u200c\u200d\u2060\ufeff" * 20_000,
    "one-word": "a" * 100_000,
    "letters-and-marks": "e\u0301" * 50_000,
    "shouting": "A" * 100_000,
}


@pytest.mark.parametrize("kind", sorted(HUGE))
def test_hundred_thousand_characters(ruleset, kind):
    text = HUGE[kind]
    assert len(text) == 100_000
    verdict = judge_twice(ruleset, text)
    assert "length" in verdict.rules
    if kind == "shouting":
        assert "caps" in verdict.rules


def test_simulate_gives_identical_output_on_two_runs(ruleset, tmp_path):
    rng = random.Random(99)
    words = ["moron", "hello", "FREE NITRO", "bit.ly/x", "discord.gg/abc", "ПРИВЕТ", "same",
             "scunthorpe", "https://docs.example.org/a", "https://evil.com", "LOUD TEXT HERE",
             "e\u0301\u200b", "x" * 600, "ok"]
    lines = []
    for n in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        user = f"u{rng.randint(1, 6)}"
        at = (T0 + timedelta(seconds=n * rng.choice([0.5, 2, 30]))).isoformat()
        lines.append(json.dumps({"id": f"m{n}", "type": "message", "platform": "discord",
                                 "community": f"g{rng.randint(1, 2)}", "at": at,
                                 "user": {"id": user}, "text": text,
                                 "mentions": [f"x{i}" for i in range(rng.randint(0, 5))]}))
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rules = Path(ruleset.file)
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "gardien", "simulate", str(rules), str(events), "--json"],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) > 50
