"""The console, end to end: `gardien run` and `gardien cases` in subprocesses."""

from __future__ import annotations

import json
import os
import re
import signal
import time

from .procs import Running, cases_json, gardien, write_config

SESSION = [
    "alice: hello",
    "bob: you f*cking idiot",
    "/join eve",
    "eve: see https://example.org",
    "this line is malformed",
    "/join",
    "",
    "bob: what a piece of sh1t",
    "alice: still a lovely day",
    "bob: F U C K this",
    "bob: are you there?",
]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
KEYS = {"case", "community", "user", "action", "rule", "status", "error", "reason",
        "moderator", "at", "expires_at"}


def test_a_console_session_end_to_end(tmp_path):
    config = write_config(tmp_path)
    done = gardien("run", "--config", str(config), stdin="\n".join(SESSION) + "\n",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[0] == "delete: bob's message msg-2 (rule no-insults)"
    assert out[1].startswith("warn: bob, 1 point(s) (rule no-insults)")
    assert "delete: eve's message msg-4 (rule newcomer-links)" in out
    assert any(line.startswith("reply to eve (rule newcomer-links)") for line in out)
    assert any(line.startswith("? line 5:") for line in out)     # malformed, reported
    assert any(line.startswith("? line 6:") for line in out)
    assert "timeout: bob for 1h (rule escalation)" in out
    assert out[-1] == "(bob is timed out: message not delivered)"
    assert not any("alice" in line for line in out)               # clean talk: nothing
    # stdout holds only the chat transcript; the logs are JSON lines on stderr
    for line in out:
        assert not line.lstrip().startswith("{"), line
        assert '"event"' not in line and "level" not in line
    events = [json.loads(line)["event"] for line in done.stderr.splitlines()]
    assert "started" in events and "case_done" in events and events[-1] == "stopped"

    cases = cases_json(config)
    assert [(c["case"], c["user"], c["action"], c["rule"], c["status"]) for c in cases] == [
        (1, "bob", "warn", "no-insults", "done"),
        (2, "bob", "warn", "mild-language", "done"),    # "sh1t": severity 1, warn only
        (3, "bob", "warn", "no-insults", "done"),
        (4, "bob", "timeout", "escalation", "done"),
    ]
    for case in cases:
        assert case.keys() >= KEYS
        assert case["community"] == "console:local"
        assert case["error"] is None and case["moderator"] is None
        assert isinstance(case["reason"], str) and case["reason"]
        assert ISO.match(case["at"]), case["at"]
    assert [c["expires_at"] is None for c in cases] == [True, True, True, False]
    assert ISO.match(cases[3]["expires_at"])
    assert cases_json(config, "--user", "alice") == []
    assert len(cases_json(config, "--community", "console:local", "--user", "bob")) == 4
    assert cases_json(config, "--community", "discord:1") == []

    table = gardien("cases", "--config", str(config), cwd=tmp_path)
    assert table.returncode == 0
    rows = table.stdout.splitlines()
    assert rows[0].split()[:6] == ["case", "community", "user", "action", "rule", "status"]
    assert rows[4].split()[:6] == ["#4", "console:local", "bob", "timeout", "escalation",
                                   "done"]
    assert len(rows) == 5


def test_cases_on_an_empty_database(tmp_path):
    config = write_config(tmp_path)
    created = gardien("run", "--config", str(config), stdin="", cwd=tmp_path)  # no cases yet
    assert created.returncode == 0, created.stderr
    assert cases_json(config) == []
    table = gardien("cases", "--config", str(config), cwd=tmp_path)
    assert table.returncode == 0 and table.stdout.strip() == "No cases recorded."


def test_a_second_session_continues_the_numbering_and_the_points(tmp_path):
    config = write_config(tmp_path)
    first = gardien("run", "--config", str(config), stdin="bob: idiot\nbob: moron sh1t\n",
                    cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = gardien("run", "--config", str(config), stdin="bob: f*ck\n", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "timeout: bob for 1h (rule escalation)" in second.stdout
    cases = cases_json(config)
    assert [c["case"] for c in cases] == [1, 2, 3, 4]


def test_sigterm_stops_a_running_bot_cleanly(tmp_path):
    bot = Running(write_config(tmp_path))
    try:
        bot.send("bob: you idiot")
        bot.wait_for(lambda line: line.startswith("warn: bob"))
        started = time.monotonic()
        bot.process.send_signal(signal.SIGTERM)
        assert bot.finish(timeout=10) == 0
        assert time.monotonic() - started < 10
    finally:
        bot.kill()
    events = [json.loads(line)["event"] for line in bot.stderr if line.startswith("{")]
    assert "signal" in events and events[-1] == "stopped"
    assert [c["status"] for c in cases_json(tmp_path / "gardien.yaml")] == ["done"]


def test_sigint_stops_a_running_bot_cleanly(tmp_path):
    bot = Running(write_config(tmp_path))
    try:
        bot.send("bob: you idiot")
        bot.wait_for(lambda line: line.startswith("warn: bob"))
        bot.process.send_signal(signal.SIGINT)
        assert bot.finish(timeout=10) == 0
    finally:
        bot.kill()


RULES = """\
version: 1
name: Console test
rules:
  - id: rude
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1, reason: rude}}]
"""


def test_sighup_reloads_the_rule_file(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    bot = Running(write_config(tmp_path, rules="rules.yaml"))
    try:
        bot.send("bob: moron")
        bot.wait_for(lambda line: line.startswith("warn: bob"))
        # same size, same modification time: only SIGHUP (not the watcher) sees the change
        stat = rules.stat()
        rules.write_text(RULES.replace("moron", "tulip"), encoding="utf-8")
        os.utime(rules, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        time.sleep(1.5)                               # longer than the watcher's interval
        bot.send("carol: tulip", "dave: moron")
        bot.wait_for(lambda line: line.startswith("warn: dave"))
        assert not any("carol" in line for line in bot.lines)
        bot.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while not any('"rules_reloaded"' in line for line in bot.stderr):
            assert time.monotonic() < deadline, "no rules_reloaded after SIGHUP"
            time.sleep(0.05)
        bot.send("erin: tulip")
        line = bot.wait_for(lambda line: line.startswith("warn: erin"))
        assert "(rule rude)" in line
        bot.process.send_signal(signal.SIGTERM)
        assert bot.finish() == 0
    finally:
        bot.kill()


def test_a_broken_rule_file_at_start_exits_2_and_says_why(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES + "  - id: Bad Id\n    match: {nonsense: 1}\n    actions: [delete]\n",
                     encoding="utf-8")
    done = gardien("run", "--config", str(write_config(tmp_path, rules="rules.yaml")),
                   stdin="bob: moron\n", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{rules}:7:" in done.stderr and "Bad Id" in done.stderr
    assert "nonsense" in done.stderr


def test_a_config_error_exits_2_with_file_and_line(tmp_path):
    config = tmp_path / "gardien.yaml"
    config.write_text("storage: gardien.db\nrules:\n  defualt: pack:netiquette.en\n",
                      encoding="utf-8")
    done = gardien("run", "--config", str(config), stdin="bob: moron\n", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert re.search(rf"{re.escape(str(config))}:3:\d+: .*defualt", done.stderr)
    assert not (tmp_path / "gardien.db").exists()
    listing = gardien("cases", "--config", str(config), "--json", cwd=tmp_path)
    assert listing.returncode == 2 and listing.stdout == ""
