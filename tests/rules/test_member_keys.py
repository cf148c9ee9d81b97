"""Member ids that look numeric to Python but are not ASCII digits (found by the engine's
property tests, issue 11): "²" made StateBook.get raise (the member's messages were never
judged: on the console, `²: you idiot` was dropped as a failed event), and "١٢٣" shared the
state of member "123"."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rules.state import StateBook


@pytest.mark.parametrize("member", ["²", "①", "𝟗", "٣", "¹²³", "0", "007", "1" * 30])
def test_any_id_gets_a_state(member):
    book = StateBook()
    assert book.get("discord:g", member) is book.get("discord:g", member)
    assert [key for key, _ in book] == [("discord:g", member)]


def test_digits_of_other_scripts_are_other_members():
    book = StateBook()
    ascii_, arabic, wide = (book.get("c", m) for m in ("123", "١٢٣", "１２３"))
    assert ascii_ is not arabic and ascii_ is not wide and arabic is not wide
    assert len(book) == 3


def test_a_superscript_author_is_moderated(engine_for, message):
    engine = engine_for("- id: insult\n  match: {words: [moron]}\n  actions: [delete]\n")
    assert engine.on_message(message("you moron", user="²")).rules == ("insult",)


def test_through_the_console_and_simulate(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "TELEGRAM_"))}
    done = subprocess.run([sys.executable, "-m", "gardien", "run"], cwd=tmp_path, env=env,
                          input="²: you idiot\n".encode(), capture_output=True, timeout=60,
                          check=False)
    assert done.returncode == 0
    assert "delete: ²'s message" in done.stdout.decode()
    assert b"event_failed" not in done.stderr

    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 1\nname: k\nrules:\n  - id: insult\n    match: {words: [moron]}\n"
                     "    actions: [delete]\n", encoding="utf-8")
    stream = "".join(json.dumps({"id": f"m{n}", "type": "message", "community": "c",
                                 "at": "2026-11-20T10:00:00Z", "user": {"id": user},
                                 "text": "moron"}) + "\n"
                     for n, user in enumerate(["²", "١٢٣", "123"]))
    done = subprocess.run([sys.executable, "-m", "gardien", "simulate", str(rules), "-",
                           "--json"], input=stream.encode(), capture_output=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["user"] for line in done.stdout.splitlines()] == [
        "²", "١٢٣", "123"]
