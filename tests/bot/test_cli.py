"""The `gardien` command line, run for real in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

_SCRIPT = Path(sys.executable).parent / "gardien"
GARDIEN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "gardien"]
PACKS = Path(__file__).resolve().parents[2] / "rules" / "packs"
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
CONDITION_KINDS = ("words", "regex", "links", "caps", "mentions", "flood", "repeat", "length",
                   "attachments", "newcomer", "channels", "roles", "all", "any", "not")

RULES = """\
version: 1
name: CLI test
escalation:
  expire_after: 30d
  steps:
    - {points: 3, action: timeout, duration: 1h}
rules:
  - id: insult
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1, reason: insult}}, {reply: "{mention}, be nice"}]
    examples: {match: ["you moron"], pass: ["hello"]}
  - id: trial
    mode: shadow
    match: {regex: [idiot]}
    actions: [ban]
  - id: backwards
    match: {regex: [xyzzy]}
    actions: [{alert: "a"}, {dm: "d"}, {reply: "r"}, {timeout: 10m}, {warn: {points: 0}}, delete]
  - id: kicker
    match: {regex: [plugh]}
    actions: [{reply: "bye"}, kick, {ban: {duration: 1d}}]
"""
RICH_HEAD = """\
locale: fr
log_channel: 123456789012345678
exempt: {roles: [Moderators], users: [42], channels: []}
welcome:
  message: "Bienvenue {mention} !"
  channel: dm
  verify: {prompt: "OK ?", within: 10m, on_timeout: kick, role: Verified}
raid: {joins: 10, within: 30s, lockdown: 15m, action: timeout}
"""
RICH_RULE = """\
  - id: rich
    cooldown: 1m
    match:
      any:
        - words: {lists: ['builtin:en'], add: [moron], allow: [scunthorpe]}
        - links: {deny: ['*.ru'], allow: [ok.ru], invites: true}
        - all: [{caps: {ratio: 0.7, min_letters: 10}}, {not: {roles: [vip, 123]}}]
        - {mentions: {more_than: 5}, channels: [general, 987]}
        - attachments: {extensions: [exe], more_than: 4}
        - newcomer: {joined_within: 10m, account_younger_than: 7d}
        - {repeat: {times: 3, within: 1m}, length: {max_chars: 2000, max_lines: 30}}
    actions:
      - {ban: {duration: 7d, delete_messages: 1d, reason: "{reason}"}}
      - {timeout: {duration: 1h}}
      - {kick: {reason: spam}}
      - warn
    examples:
      match: ["you moron", {text: "hi", attachments: [a.exe]}]
      pass: [{text: "hello", roles: [vip]}]
"""


def run(*args: str, stdin: str | None = None, cwd: Path | None = None):
    return subprocess.run([*GARDIEN, *args], input=stdin, capture_output=True, text=True,
                          timeout=60, cwd=cwd)


def event(id: str, t: float, text: str = "", user: str = "u1", **extra: object) -> str:
    data = {"id": id, "type": "message", "platform": "discord", "community": "guild-1",
            "channel": "general", "at": (T0 + timedelta(seconds=t)).isoformat(),
            "user": {"id": user, "name": f"name-{user}"}, "text": text, **extra}
    return json.dumps(data)


@pytest.fixture
def rules_path(write_file) -> Path:
    return write_file(RULES, "cli-rules.yaml")


def simulate_json(rules_path: Path, lines: list[str], tmp_path: Path) -> list[dict]:
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("simulate", str(rules_path), str(events), "--json")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


# --- check ------------------------------------------------------------------
def test_check_accepts_a_good_file(rules_path):
    done = run("check", str(rules_path))
    assert done.returncode == 0
    assert done.stdout == f"{rules_path}: OK, 4 rules, 2 examples pass\n"


def test_check_refuses_a_bad_file_with_its_problems(write_file):
    bad = write_file("version: 1\nname: x\nrules:\n  - id: a\n    match: {wrods: [a]}\n"
                     "    actions: [bann]\n", "bad.yaml")
    done = run("check", str(bad))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{bad}:5:13: [rule a] unknown condition 'wrods'; did you mean 'words'?",
        f"{bad}:6:15: [rule a] unknown action 'bann'; did you mean 'ban'?",
        f"{bad}: refused, 2 problems",
    ]


def test_check_several_files(rules_path, write_file):
    bad = write_file("version: 1\nname: x\nrules: []\n", "empty.yaml")
    other = write_file(RULES, "copy.yaml")
    done = run("check", str(rules_path), str(bad), str(other))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{rules_path}: OK, 4 rules, 2 examples pass",
        f"{bad}:3:8: rules: the list is empty; add at least one rule",
        f"{bad}: refused, 1 problem",
        f"{other}: OK, 4 rules, 2 examples pass",
    ]
    assert run("check", str(rules_path), str(other)).returncode == 0


def test_check_json_and_missing_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    done = run("check", str(missing), "--json")
    assert done.returncode == 1
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        {"file": str(missing), "line": 1, "column": 1, "rule": None,
         "message": "no such rule file"}]


# --- schema -----------------------------------------------------------------
@pytest.fixture(scope="module")
def schema() -> dict:
    done = run("schema")
    assert done.returncode == 0
    return json.loads(done.stdout)


def test_schema_has_every_condition_kind(schema):
    match = schema["$defs"]["Match"]["properties"]
    assert set(CONDITION_KINDS) <= set(match)
    assert schema["$defs"]["Rule"]["properties"]["id"]["pattern"] == "^[a-z0-9-]+$"


def test_schema_validates_the_bundled_packs_and_good_files(schema, rules_path, write_file):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    rich = write_file(RULES.replace("rules:\n", RICH_HEAD + "rules:\n" + RICH_RULE, 1), "rich.yaml")
    assert run("check", str(rich)).returncode == 0
    for path in [*sorted(PACKS.glob("*.yaml")), rules_path, rich]:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": 1, "name": "x", "rules": [
            {"id": "a", "match": {"wrods": ["a"]}, "actions": ["delete"]}]}, schema)


# --- simulate --json ----------------------------------------------------------
def test_simulate_prints_one_line_per_triggering_event(rules_path, tmp_path):
    out = simulate_json(rules_path, [
        event("m1", 0, "hello"),
        event("m2", 1, "you moron"),
        event("m3", 2, "what an idiot"),
        json.dumps({"id": "j1", "type": "join", "platform": "discord", "community": "guild-1",
                    "at": T0.isoformat(), "user": {"id": "u9"}}),
        event("m4", 3, "moron idiot", user="u2"),
    ], tmp_path)
    assert out == [
        {"event": "m2", "user": "u1", "rules": ["insult"], "actions": ["delete", "warn", "reply"],
         "points": 1, "shadow": []},
        {"event": "m3", "user": "u1", "rules": [], "actions": [], "points": 1,
         "shadow": ["trial"]},
        {"event": "m4", "user": "u2", "rules": ["insult"], "actions": ["delete", "warn", "reply"],
         "points": 1, "shadow": ["trial"]},
    ]
    assert all(list(line) == ["event", "user", "rules", "actions", "points", "shadow"]
               for line in out)


def test_simulate_orders_actions(rules_path, tmp_path):
    out = simulate_json(rules_path, [event("m1", 0, "xyzzy"), event("m2", 1, "plugh")], tmp_path)
    assert [line["actions"] for line in out] == [
        ["delete", "warn", "timeout", "reply", "dm", "alert"], ["ban", "reply"]]


def test_simulate_escalation_and_expiry(rules_path, tmp_path):
    day = 86400
    out = simulate_json(rules_path, [
        event("m1", 0, "moron"), event("m2", 1, "moron"), event("m3", 2, "moron"),
        event("m4", 3, "moron"),
        event("m5", 31 * day, "moron"),          # the first four expired
        event("m6", 31 * day + 1, "moron"),
        event("m7", 31 * day + 2, "moron"),
    ], tmp_path)
    assert [(line["event"], line["rules"], line["points"]) for line in out] == [
        ("m1", ["insult"], 1), ("m2", ["insult"], 2), ("m3", ["insult", "escalation"], 3),
        ("m4", ["insult"], 4), ("m5", ["insult"], 1), ("m6", ["insult"], 2),
        ("m7", ["insult", "escalation"], 3),
    ]
    assert out[2]["actions"] == ["delete", "warn", "timeout", "reply"]


def test_simulate_state_is_per_member_and_per_community(rules_path, tmp_path):
    out = simulate_json(rules_path, [
        event("a", 0, "moron"), event("b", 1, "moron"),
        event("c", 2, "moron", community="guild-2"),
        event("d", 3, "moron", platform="telegram"),
        event("e", 4, "moron", user="u2"),
        event("f", 5, "moron"),
    ], tmp_path)
    assert [(line["event"], line["points"]) for line in out] == [
        ("a", 1), ("b", 2), ("c", 1), ("d", 1), ("e", 1), ("f", 3)]
    assert "escalation" in out[-1]["rules"]


def test_simulate_time_comes_from_the_events(rules_path, tmp_path):
    old = datetime(2001, 1, 1, tzinfo=UTC)
    lines = [event(f"m{i}", 0, "moron", at=(old + timedelta(days=40 * i)).isoformat())
             for i in range(3)]
    out = simulate_json(rules_path, lines, tmp_path)
    assert [line["points"] for line in out] == [1, 1, 1]
    assert all("escalation" not in line["rules"] for line in out)


def test_simulate_reports_malformed_lines_and_goes_on(rules_path, tmp_path):
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join([
        event("m1", 0, "moron"),
        "{not json",
        json.dumps({"id": "x", "type": "reaction", "at": T0.isoformat(), "user": {"id": "u"},
                    "community": "c"}),
        "",
        event("m5", 1, "moron", at="yesterday"),
        json.dumps([1, 2]),
        event("m7", 2, "moron"),
    ]) + "\n", encoding="utf-8")
    done = run("simulate", str(rules_path), str(events), "--json")
    assert done.returncode == 0
    assert [json.loads(line)["event"] for line in done.stdout.splitlines()] == ["m1", "m7"]
    errors = done.stderr.splitlines()
    assert [line.split(":")[0] for line in errors] == ["line 2", "line 3", "line 5", "line 6"]
    assert all(line.startswith(f"{line.split(':')[0]}: skipped: ") for line in errors)
    assert "'type' must be one of message, join" in errors[1]
    assert "'at' is not an ISO 8601 time" in errors[2]


def test_simulate_reads_stdin_and_stdout_holds_only_json(rules_path):
    stream = "\n".join([event("m1", 0, "moron"), "garbage", event("m2", 1, "nice")]) + "\n"
    done = run("simulate", str(rules_path), "-", "--json", stdin=stream)
    assert done.returncode == 0
    assert done.stdout.endswith("\n")
    assert [json.loads(line)["event"] for line in done.stdout.splitlines()] == ["m1"]
    assert done.stderr.startswith("line 2: skipped: ")


def test_simulate_refuses_a_bad_rule_file(write_file, tmp_path):
    bad = write_file("version: 1\nname: x\nrules: []\n", "bad.yaml")
    done = run("simulate", str(bad), "-", "--json", stdin=event("m1", 0, "moron"))
    assert done.returncode == 1
    assert done.stdout == ""
    assert "rules: the list is empty" in done.stderr


def test_simulate_readable_summary(rules_path, tmp_path):
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join([
        event("m1", 0, "moron"), event("m2", 1, "idiot"), event("m3", 2, "hi", user="u2"),
        json.dumps({"id": "j", "type": "join", "community": "guild-1", "at": T0.isoformat(),
                    "user": {"id": "u3"}}),
        "oops",
    ]) + "\n", encoding="utf-8")
    done = run("simulate", str(rules_path), str(events))
    assert done.returncode == 0
    out = done.stdout
    assert out.startswith(f"Simulated 4 events (3 messages, 1 joins) with 'CLI test' "
                          f"({rules_path}).\n2 events triggered a rule; 1 malformed lines skipped.")
    assert "Rules fired:" in out and "Actions:" in out
    assert any(line.split() == ["insult", "1"] for line in out.splitlines())
    assert any(line.split() == ["trial", "1", "(shadow)"] for line in out.splitlines())
    assert "Members sanctioned: 1" in out
    assert "u1 in discord:guild-1: warn x1; 1 points at the end" in out
    assert done.stderr.startswith("line 5: skipped: ")


def test_simulate_applies_join_rules_to_display_names(tmp_path):
    rules = tmp_path / "joins.yaml"
    rules.write_text(
        "version: 1\nname: Joins\nrules:\n"
        "  - id: scam-names\n    on: [join]\n"
        "    match: {regex: ['(?i)free\\s*nitro']}\n    actions: [ban]\n",
        encoding="utf-8")
    joins = [
        json.dumps({"id": f"j{n}", "type": "join", "platform": "discord", "community": "g",
                    "at": (T0 + timedelta(seconds=n)).isoformat(),
                    "user": {"id": f"u{n}", "name": name}})
        for n, name in enumerate(["Free Nitro Giveaway", "alice"])
    ]
    done = run("simulate", str(rules), "-", "--json", stdin="\n".join(joins) + "\n")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == [
        {"event": "j0", "user": "u0", "rules": ["scam-names"], "actions": ["ban"],
         "points": 0, "shadow": []}]
