"""`gardien simulate` with `watch` and `crisis`: the watch keys and the crisis lines."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.bot.test_cli import GARDIEN

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
RULES = """\
version: 1
name: watch
watch:
  terms: [Acme, "acme cloud"]
crisis: {window: 10m, negative: 10, factor: 3}
rules:
  - id: insult
    match: {words: [moron]}
    actions: [delete]
"""
ANGRY = "I hate this, Acme is awful, the worst service ever"
CALM = ["good morning everyone", "thanks, that was a great talk", "see you tomorrow",
        "the new release looks great", "I love this community"]


def stamp(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


def event(n: int, at: datetime, text: str, user: str = "u1", **extra: object) -> str:
    return json.dumps({"id": f"m{n}", "type": "message", "platform": "discord",
                       "community": "g1", "channel": "general", "at": stamp(at),
                       "user": {"id": user, "name": user}, "text": text, **extra})


def simulate(tmp_path: Path, lines: list[str]) -> list[dict[str, object]]:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES)
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(lines) + "\n")
    done = subprocess.run([*GARDIEN, "simulate", str(rules), str(events), "--json"],
                          capture_output=True, text=True, timeout=60, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_a_watched_term_prints_its_line_with_the_sentiment_even_when_no_rule_fired(
        tmp_path: Path) -> None:
    lines = simulate(tmp_path, [
        event(1, T0, "I love the new ACME cloud dashboard"),
        event(2, T0 + timedelta(seconds=5), "hello there"),
        event(3, T0 + timedelta(seconds=9), "you moron, @cme is the worst"),
        event(4, T0 + timedelta(seconds=12), "acmeish things are not ours"),
    ])
    assert [line["event"] for line in lines] == ["m1", "m3"]
    first, third = lines
    assert first["watch"] == ["Acme", "acme cloud"] and first["rules"] == []
    assert first["actions"] == [] and isinstance(first["sentiment"], float)
    assert -1.0 <= first["sentiment"] <= 1.0
    assert third["watch"] == ["Acme"] and third["rules"] == ["insult"]
    assert third["actions"] == ["delete"]


def test_calm_traffic_prints_no_crisis_and_a_wave_one_start_and_one_end(
        tmp_path: Path) -> None:
    stream, n, at = [], 0, T0
    for k in range(300):                      # five hours of ordinary chat
        n += 1
        stream.append(event(n, at, CALM[k % len(CALM)], f"u{k % 9}"))
        at += timedelta(minutes=1)
    calm_lines = simulate(tmp_path, stream)
    assert not [line for line in calm_lines if "crisis" in line]
    wave_start = at
    for k in range(40):                       # 40 angry messages in 4 minutes
        n += 1
        stream.append(event(n, at, ANGRY, f"w{k}"))
        at += timedelta(seconds=6)
    for k in range(60):                       # and calm again
        n += 1
        stream.append(event(n, at, CALM[k % len(CALM)], f"u{k % 9}"))
        at += timedelta(minutes=1)
    lines = simulate(tmp_path, stream)
    crises = [line for line in lines if "crisis" in line]
    assert [line["crisis"] for line in crises] == ["start", "end"]
    start, end = crises
    assert "event" not in start and start["community"] == "discord:g1"
    assert start["negative"] == 10 and start["usual"] == 0.0
    assert start["at"] == stamp(wave_start + timedelta(seconds=6 * 9))
    # the count fell below 5 when the 36th angry message was 10 minutes old
    assert end["at"] == stamp(wave_start + timedelta(seconds=6 * 35, minutes=10))
    order = [line.get("event") or line["crisis"] for line in lines]
    assert order.index("start") == order.index(f"m{300 + 10}") + 1   # after its message
