"""`gardien schedule` through its command line (`gardien.cli.main`), on real rule files and
a real SQLite file: occurrences across the end of daylight saving in Paris, the rotation
after posts were recorded, communities from the config and from the database, the
`--community` filter, the exact JSON keys, and what exits 2."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.logs import reset_logging
from gardien.cli import main
from storage.sqlite import SQLiteStore

PARIS = "discord:100"
TOKYO = "telegram:-1002"
FROM_DB = "discord:300"          # only in the database: runs on the default file

PARIS_RULES = """\
version: 1
name: Makers
timezone: Europe/Paris
schedule:
  - id: morning
    at: "09:00"
    channel: general
    post: ["Good morning, {community}!", "What are you building today?"]
  - id: friday-poll
    at: "fri 17:00"
    poll: {question: "Next event?", options: ["AMA", "Game night"], lasts: 90m}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
TOKYO_RULES = """\
version: 1
name: Tokyo
timezone: Asia/Tokyo
welcome: {channel: lobby, message: "Welcome {mention}"}
schedule:
  - id: weekly
    at: "mon 10:00"
    post: "A new week in {community}."
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
DEFAULT_RULES = """\
version: 1
name: Everyone
schedule:
  - id: monthly
    at: "1 12:00"
    post: ["First text", "Second text", "Third text"]
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""


@pytest.fixture(autouse=True)
def _logging_restored():
    """main() configures logging for the process: put the test defaults back after it."""
    yield
    reset_logging()


def setup(tmp_path: Path) -> Path:
    (tmp_path / "paris.yaml").write_text(PARIS_RULES, encoding="utf-8")
    (tmp_path / "tokyo.yaml").write_text(TOKYO_RULES, encoding="utf-8")
    (tmp_path / "default.yaml").write_text(DEFAULT_RULES, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"""\
storage: gardien.db
rules:
  default: default.yaml
  communities:
    "{PARIS}": paris.yaml
    "{TOKYO}": tokyo.yaml
""", encoding="utf-8")
    return config


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["schedule", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


async def record(path: Path, community: str, item: str, times: int) -> None:
    """What a running bot records when it posts an item `times` times."""
    store = SQLiteStore(path)
    await store.open()
    try:
        for day in range(1, times + 1):
            at = datetime(2026, 9, day, 7, 0, tzinfo=UTC)
            claimed = await store.claim_occurrence(community, item, at, "post", "", at)
            assert claimed is not None
            await store.finish_occurrence(claimed[0].id, "posted", at)
    finally:
        await store.close()


def test_daily_posts_follow_paris_across_the_end_of_daylight_saving(tmp_path, capsys):
    config = setup(tmp_path)
    code, out, err = run(capsys, "--config", str(config), "--community", PARIS,
                         "--from", "2026-10-23T00:00:00Z", "--next", "5", "--json")
    assert (code, err) == (0, "")
    morning = [(r["at"], r["post"]) for r in lines(out) if r["id"] == "morning"]
    # 09:00 in Paris: 07:00 UTC in summer time, 08:00 UTC from Sunday 25 October on
    assert morning == [("2026-10-23T07:00:00Z", "Good morning, Makers!"),
                       ("2026-10-24T07:00:00Z", "What are you building today?"),
                       ("2026-10-25T08:00:00Z", "Good morning, Makers!"),
                       ("2026-10-26T08:00:00Z", "What are you building today?"),
                       ("2026-10-27T08:00:00Z", "Good morning, Makers!")]
    polls = [r["at"] for r in lines(out) if r["id"] == "friday-poll"]
    assert polls[:2] == ["2026-10-23T15:00:00Z", "2026-10-30T16:00:00Z"]
    ats = [r["at"] for r in lines(out)]
    assert ats == sorted(ats) and len(ats) == 10          # 5 of each, in time order
    assert not (tmp_path / "gardien.db").exists()          # nothing was created

    code, out, _ = run(capsys, "--config", str(config), "--community", PARIS,
                       "--from", "2026-10-24T00:00:00Z", "--next", "2")
    assert code == 0
    table = out.splitlines()
    assert table[0].split() == ["local", "time", "UTC", "community", "id", "channel", "what"]
    assert "Sat 2026-10-24 09:00 CEST (Europe/Paris)  2026-10-24 07:00Z" in table[1]
    assert "Sun 2026-10-25 09:00 CET (Europe/Paris)   2026-10-25 08:00Z" in table[2]
    assert table[2].rstrip().endswith("What are you building today?")
    assert "poll: Next event? (AMA / Game night; 90m)" in out
    assert "(default)" in out                               # the poll has no channel


def test_json_lines_have_exactly_the_contract_keys(tmp_path, capsys):
    config = setup(tmp_path)
    code, out, _ = run(capsys, "--config", str(config), "--from", "2026-11-30T00:00:00Z",
                       "--next", "1", "--json")
    assert code == 0
    found = lines(out)
    assert [(r["community"], r["id"]) for r in found] == [
        (TOKYO, "weekly"), (PARIS, "morning"), (PARIS, "friday-poll")]
    weekly, morning, poll = found
    assert weekly == {"community": TOKYO, "id": "weekly", "at": "2026-11-30T01:00:00Z",
                      "channel": "lobby", "post": "A new week in Tokyo."}   # welcome channel
    assert morning == {"community": PARIS, "id": "morning", "at": "2026-11-30T08:00:00Z",
                       "channel": "general", "post": "Good morning, Makers!"}
    assert poll == {"community": PARIS, "id": "friday-poll", "at": "2026-12-04T16:00:00Z",
                    "channel": "", "poll": {"question": "Next event?",
                                            "options": ["AMA", "Game night"], "lasts": "90m"}}


def test_the_rotation_follows_what_was_posted_and_database_communities_appear(tmp_path,
                                                                              capsys):
    config = setup(tmp_path)
    database = tmp_path / "gardien.db"
    asyncio.run(record(database, PARIS, "morning", 3))
    asyncio.run(record(database, FROM_DB, "monthly", 4))
    code, out, _ = run(capsys, "--config", str(config), "--from", "2026-11-30T12:00:00Z",
                       "--next", "3", "--json")
    assert code == 0
    found = lines(out)
    morning = [r["post"] for r in found if r["id"] == "morning"]
    assert morning == ["What are you building today?", "Good morning, Makers!",
                       "What are you building today?"]              # 3 posted: the 4th text
    monthly = [(r["community"], r["at"], r["post"]) for r in found if r["id"] == "monthly"]
    assert monthly == [(FROM_DB, "2026-12-01T12:00:00Z", "Second text"),   # 4 posted
                       (FROM_DB, "2027-01-01T12:00:00Z", "Third text"),
                       (FROM_DB, "2027-02-01T12:00:00Z", "First text")]
    # --community keeps one; a community nobody configured runs on the default file
    code, out, _ = run(capsys, "--config", str(config), "--from", "2026-11-30T12:00:00Z",
                       "--next", "1", "--json", "--community", FROM_DB)
    assert [(r["community"], r["id"]) for r in lines(out)] == [(FROM_DB, "monthly")]
    code, out, _ = run(capsys, "--config", str(config), "--from", "2026-11-30T12:00:00Z",
                       "--json", "--community", TOKYO)
    assert {r["community"] for r in lines(out)} == {TOKYO} and len(lines(out)) == 5


def test_a_time_without_offset_is_utc_and_an_occurrence_at_from_is_included(tmp_path, capsys):
    config = setup(tmp_path)
    code, out, _ = run(capsys, "--config", str(config), "--community", PARIS,
                       "--from", "2026-11-30T08:00", "--next", "1", "--json")
    assert code == 0
    assert [r["at"] for r in lines(out) if r["id"] == "morning"] == ["2026-11-30T08:00:00Z"]


def test_a_bad_config_a_refused_rule_file_and_a_bad_from_exit_2(tmp_path, capsys):
    config = setup(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("storage: [not, a, path]\nrules: {default: default.yaml}\n",
                   encoding="utf-8")
    code, out, err = run(capsys, "--config", str(bad))
    assert (code, out) == (2, "") and "storage" in err

    (tmp_path / "paris.yaml").write_text(PARIS_RULES.replace('"09:00"', '"25:00"'),
                                         encoding="utf-8")
    code, out, err = run(capsys, "--config", str(config))
    assert (code, out) == (2, "") and "paris.yaml" in err and "25:00" in err

    with pytest.raises(SystemExit) as exited:
        main(["schedule", "--config", str(config), "--from", "next tuesday"])
    assert exited.value.code == 2
    assert "not an ISO time" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["schedule", "--config", str(config), "--next", "0"])
    assert exited.value.code == 2
