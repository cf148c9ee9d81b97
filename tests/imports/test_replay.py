"""`simulate` and `report --events` read exports directly: the same verdicts, the same
report as on the imported stream; the admin's summary sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.imports.exports import RULES, discord_server, lines, run, telegram_chat


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES)
    assert run("check", str(path)).returncode == 0
    return path


def exports(tmp_path: Path) -> list[tuple[str, Path]]:
    folder = tmp_path / "dce"
    folder.mkdir()
    return [("discord", discord_server(folder)[0]), ("discord", discord_server(folder)[1]),
            ("telegram", telegram_chat(tmp_path / "result.json"))]


def test_simulate_gives_the_same_verdicts_on_the_export_and_on_its_stream(
        tmp_path: Path, rules: Path) -> None:
    fired = set()
    for platform, export in exports(tmp_path):
        stream = tmp_path / f"{export.stem}.jsonl"
        assert run("import", platform, str(export), "--out", str(stream)).returncode == 0
        direct = run("simulate", str(rules), str(export), "--json")
        imported = run("simulate", str(rules), str(stream), "--json")
        assert direct.returncode == imported.returncode == 0, direct.stderr
        assert direct.stdout == imported.stdout
        fired |= {rule for v in lines(direct.stdout) for rule in v["rules"]}
    # the exports exercise the rules: words, hidden links, attachments, albums (no flood)
    assert fired == {"insult", "scam", "exe"}


def test_the_telegram_verdicts(tmp_path: Path, rules: Path) -> None:
    verdicts = lines(run("simulate", str(rules), str(telegram_chat(tmp_path / "r.json")),
                         "--json").stdout)
    assert [(v["event"], v["user"], v["rules"], v["actions"]) for v in verdicts] == [
        ("3", "43", ["scam"], ["delete", "timeout"]),      # the link hidden behind words
        ("6", "43", ["insult"], ["delete", "warn"]),
    ]


def test_the_summary_says_it_in_one_sentence(tmp_path: Path, rules: Path) -> None:
    general, help_channel = discord_server(tmp_path)
    done = run("simulate", str(rules), str(help_channel))
    assert done.returncode == 0, done.stderr
    assert ("On these 2 messages your rules would have deleted 1, warned 0 members, timed "
            "out 0, kicked 1 and banned 0; top rules: exe (1).") in done.stdout
    done = run("simulate", str(rules), str(general))
    assert ("On these 3 messages your rules would have deleted 1, warned 1 member, timed "
            "out 0, kicked 0 and banned 0; top rules: insult (1).") in done.stdout
    assert "Rules fired:" in done.stdout   # the existing lines stay


def test_report_reads_an_export_as_it_reads_its_stream(tmp_path: Path, rules: Path) -> None:
    export = telegram_chat(tmp_path / "result.json")
    stream = tmp_path / "events.jsonl"
    run("import", "telegram", str(export), "--out", str(stream))
    direct = run("report", "--events", str(export), "--rules", str(rules), "--json")
    imported = run("report", "--events", str(stream), "--rules", str(rules), "--json")
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout == imported.stdout
    report = json.loads(direct.stdout)
    assert report["community"] == "telegram:-1001234567890"
    assert (report["joins"], report["leaves"]) == (4, 2)
    assert report["moderation"]["by_rule"] == {"insult": 1, "scam": 1}


def test_a_broken_export_stops_simulate_with_its_position(tmp_path: Path,
                                                          rules: Path) -> None:
    cut = tmp_path / "cut.json"
    cut.write_bytes(telegram_chat(tmp_path / "r.json").read_bytes()[:900])
    done = run("simulate", str(rules), str(cut))
    assert done.returncode == 1
    assert "cut.json: line" in done.stderr and "(byte offset 900)" in done.stderr


def test_json_lines_are_still_json_lines(tmp_path: Path, rules: Path) -> None:
    stream = tmp_path / "s.jsonl"
    stream.write_text(json.dumps({"id": "m1", "type": "message", "platform": "discord",
                                  "community": "1", "at": "2026-11-20T10:00:00Z",
                                  "user": {"id": "u1"}, "text": "you moron"}) + "\n")
    verdict, = lines(run("simulate", str(rules), str(stream), "--json").stdout)
    assert verdict["rules"] == ["insult"]
