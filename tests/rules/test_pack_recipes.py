"""The commented recipes in the bundled packs (watch and crisis, schedule, FAQ answers)
compile and pass their examples once uncommented: documentation that cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.compiler import compile_ruleset
from rules.durations import format_duration

PACKS = Path(__file__).resolve().parents[2] / "rules" / "packs"


def uncomment(text: str, marker: str, indent: str) -> str:
    """The block of commented YAML after `marker`, uncommented in place."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if marker in line) + 1
    out = lines[:start]
    for n in range(start, len(lines)):
        line = lines[n]
        if not line.startswith(indent + "# ") or line.startswith(indent + "# " + marker):
            out += lines[n:]
            break
        body = line[len(indent) + 2:]
        first = body.split(" ", 1)[0]
        if body[:1] in ("-", " ") or (first.endswith(":") and first[:-1].isidentifier()):
            out.append(indent + body)
        else:
            out.append(line)          # a sentence of the comment, kept as a comment
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("pack, watch_marker, schedule_marker, faq_marker", [
    ("netiquette.en.yaml", "# E-reputation", "# Schedule", "# FAQ answers"),
    ("netiquette.fr.yaml", "# Veille d'image", "# Programmation", "# Réponses aux questions"),
])
def test_the_commented_recipes_compile_and_their_examples_pass(
        pack: str, watch_marker: str, schedule_marker: str, faq_marker: str) -> None:
    text = (PACKS / pack).read_text(encoding="utf-8")
    text = uncomment(text, watch_marker, "")
    text = uncomment(text, schedule_marker, "")
    text = uncomment(text, faq_marker, "  ")
    ruleset = compile_ruleset(text, pack, PACKS)
    assert ruleset.watch is not None and ruleset.watch.terms == ("Acme", "acme cloud")
    assert ruleset.crisis is not None and ruleset.crisis.negative == 10
    (faq,) = [rule for rule in ruleset.rules if rule.id.startswith("faq-")]
    assert faq.answers_only
    assert faq.cooldown_per == "channel" and faq.examples is not None
    weekly, poll = ruleset.schedule
    assert (weekly.kind, weekly.at.text, len(weekly.posts)) == ("post", "mon 10:00", 2)
    assert poll.kind == "poll" and poll.at.text == "fri 17:00" and poll.poll is not None
    assert len(poll.poll.options) == 3 and format_duration(poll.poll.lasts) == "1d"


@pytest.mark.parametrize("pack", ["netiquette.en.yaml", "netiquette.fr.yaml"])
def test_as_shipped_the_packs_schedule_nothing(pack: str) -> None:
    ruleset = compile_ruleset((PACKS / pack).read_text(encoding="utf-8"), pack, PACKS)
    assert ruleset.schedule == ()
