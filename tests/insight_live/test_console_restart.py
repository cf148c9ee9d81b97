"""`gardien run` on the console, twice on one database: what the first run counted is
flushed at its shutdown and the report of the day adds both runs; by default the report
covers the 7 days before today."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.runtime.procs import gardien, write_config

ZONE = "Asia/Tokyo"
RULES = f"""\
version: 1
name: Console insight
timezone: {ZONE}
rules:
  - id: no-kickme
    match: {{words: [kickme]}}
    actions: [delete, kick]
"""
FIRST = ["/join ann", "ann: hello", "bob: hi all", "/join kim", "kim: kickme now",
         "/leave bob"]
SECOND = ["ann: back again", "/join kim", "kim: sorry about that"]


def today() -> str:
    return datetime.now(ZoneInfo(ZONE)).date().isoformat()


def run(config, lines: list[str]) -> None:
    done = gardien("run", "--config", str(config), stdin="\n".join(lines) + "\n",
                   cwd=config.parent)
    assert done.returncode == 0, done.stderr


def report(config, *args: str) -> dict:
    done = gardien("report", "--config", str(config), "--json", *args, cwd=config.parent)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    return json.loads(line)


def test_counts_survive_a_restart_and_the_day_adds_both_runs(tmp_path):
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    config = write_config(tmp_path, rules="rules.yaml")
    first_day = today()
    run(config, FIRST)
    run(config, SECOND)
    last_day = today()   # the test may straddle midnight in Tokyo: take both days
    end = (datetime.fromisoformat(last_day) + timedelta(days=1)).date().isoformat()
    got = report(config, "--from", first_day, "--to", end)
    assert (got["community"], got["timezone"]) == ("console:local", ZONE)
    assert got["messages"] == 5 and got["active_members"] == 3 and got["communicators"] == 0
    assert got["channels"] == [{"channel": "general", "messages": 5}]
    assert got["joins"] == 3                       # ann, kim, and kim again
    assert got["leaves"] == 2                      # kim (kicked by the rule) and bob
    assert got["newcomers"] == {"joined": 2, "posted": 2, "stayed": 2}
    assert got["moderation"] == {
        "cases": 1, "by_action": {"kick": 1}, "by_rule": {"no-kickme": 1},
        "moderated_messages": 1, "reports": 0, "report_response_median_s": None}
    # the default period: the 7 days before today (today left out)
    default = report(config)
    assert [d["day"] for d in default["daily"]][-1] < last_day
    assert len(default["daily"]) == 7 and default["to"] == last_day
    assert default["messages"] == 0
    # a readable summary too
    text = gardien("report", "--config", str(config), "--from", first_day, "--to", end,
                   cwd=tmp_path)
    assert text.returncode == 0 and text.stdout.startswith("Report for console:local")


async def test_a_database_from_before_the_counts_is_said_so(tmp_path):
    from storage.sqlite import SQLiteStore

    store = SQLiteStore(tmp_path / "gardien.db")
    await store.open(upto=5)   # the schema before migration 0006
    await store.close()
    config = write_config(tmp_path)
    done = gardien("report", "--config", str(config), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"gardien report: {tmp_path / 'gardien.db'}: no counts in this "
                           "database yet (the bot records them from this version on)\n")
