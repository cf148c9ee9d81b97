"""`gardien report --events`, run for real: every figure of a known month computed by hand
(tests/insight/stream.py says where each event falls), through the command line and the
Python API alike."""

from __future__ import annotations

import base64
import io
import json
from datetime import date
from pathlib import Path

import pytest

from bot.insight.compute import build_report
from bot.insight.model import as_json
from bot.insight.tally import Tally
from bot.simulate import Summary, replay
from rules.compiler import load_ruleset
from tests.insight.stream import write_rules, write_stream
from tests.runtime.procs import gardien

OCTOBER = ["--from", "2026-10-01", "--to", "2026-11-01"]


def report_json(*args: str) -> list[dict]:
    done = gardien("report", *args, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [json.loads(line) for line in done.stdout.splitlines()]


def october_daily(leaves_on_18: int) -> list[dict]:
    """Oct 1-31 by hand: (messages, active members, joins, leaves) on the days with any."""
    busy = {1: (2, 2, 0, 0), 2: (1, 1, 0, 0), 5: (1, 1, 1, 0), 6: (0, 0, 0, 1),
            10: (0, 0, 1, 0), 12: (1, 1, 1, 0), 13: (0, 0, 0, 1), 14: (1, 1, 0, 0),
            15: (1, 1, 0, 0), 16: (1, 1, 0, 0), 17: (1, 1, 0, 0), 18: (1, 1, 1, leaves_on_18),
            20: (0, 0, 1, 0), 22: (1, 1, 0, 0), 25: (4, 2, 0, 0), 26: (1, 1, 0, 0),
            28: (1, 1, 1, 1), 31: (1, 1, 0, 0)}
    return [dict(zip(("day", "messages", "active_members", "joins", "leaves"),
                     (f"2026-10-{n:02d}", *busy.get(n, (0, 0, 0, 0))), strict=True))
            for n in range(1, 32)]


# hours by hand, local: m3 and m16 at 00h; m12 01h; m13 and m14 both 02h (02:30 CEST, then
# 02:30 CET once the clocks went back); m15 03h; m17 08h; m1 10h; m4, m10 12h; m5 14h;
# m6, m11 18h; m7, m8, m9 20h; m2, m18 23h
PARIS_HOURS = [2, 1, 2, 1, 0, 0, 0, 0, 1, 0, 1, 0, 2, 0, 1, 0, 0, 0, 2, 0, 3, 0, 0, 2]
# Monday first; each weekday's (hour: messages) by hand from the days' weekdays
PARIS_WEEKDAYS = {0: {12: 1, 14: 1, 0: 1},                # Oct 5, 12, 26
                  2: {18: 1, 8: 1},                        # Oct 14, 28
                  3: {10: 1, 23: 1, 20: 1, 18: 1},         # Oct 1, 15, 22
                  4: {0: 1, 20: 1},                        # Oct 2, 16
                  5: {20: 1, 23: 1},                       # Oct 17, 31
                  6: {12: 1, 1: 1, 2: 2, 3: 1}}            # Oct 18, 25


def test_a_month_in_paris_with_rules_every_figure_by_hand(tmp_path):
    events, rules = write_stream(tmp_path), write_rules(tmp_path)
    a0, g1 = report_json("--events", str(events), "--rules", str(rules), *OCTOBER)
    assert a0["community"] == "discord:a0" and a0["messages"] == 1
    assert list(g1) == ["community", "from", "to", "timezone", "messages", "active_members",
                        "communicators", "daily", "hours", "weekday_hours", "channels", "joins",
                        "leaves", "newcomers", "moderation", "locale"]
    assert (g1["community"], g1["from"], g1["to"], g1["timezone"], g1["locale"]) == (
        "discord:g1", "2026-10-01", "2026-11-01", "Europe/Paris", "en")
    # 18 messages: the edit, the bot, and o1/o2 (Sep 30 23:59:59, Nov 1 00:00) left out
    assert g1["messages"] == 18
    # alice 2, bob 2, dave 2, frank 1, gina 4, carol 5, hank 1, ivan 1
    assert (g1["active_members"], g1["communicators"]) == (8, 2)
    assert g1["daily"] == october_daily(leaves_on_18=1)   # hank banned by no-scam
    assert g1["hours"] == PARIS_HOURS
    assert g1["weekday_hours"] == [[PARIS_WEEKDAYS.get(d, {}).get(h, 0) for h in range(24)]
                                   for d in range(7)]
    # help and random tie at 2: by name, though random was seen first
    assert g1["channels"] == [{"channel": "general", "messages": 14},
                              {"channel": "help", "messages": 2},
                              {"channel": "random", "messages": 2}]
    # joins: dave twice, erin, frank, hank, ivan (gina's in September, jack's on Nov 1)
    assert g1["joins"] == 6
    # leaves: dave, frank, ivan, and hank removed by a ban
    assert g1["leaves"] == 4
    # joined: dave, erin, frank, hank, ivan; posted after joining: dave, frank, hank (ivan
    # posted only before his rejoin); stayed: dave (rejoined), erin, ivan
    assert g1["newcomers"] == {"joined": 5, "posted": 3, "stayed": 3}
    # m7, m8 warn; m9 warns and crosses 3 points (escalation: timeout); m10 banned; the
    # bot's "moron" is never evaluated, the shadow rule's "banana" carries nothing out
    assert g1["moderation"] == {
        "cases": 5, "by_action": {"warn": 3, "timeout": 1, "ban": 1},
        "by_rule": {"no-insults": 3, "escalation": 1, "no-scam": 1},
        "moderated_messages": 4, "reports": 0, "report_response_median_s": None}
    assert sum(day["messages"] for day in g1["daily"]) == sum(g1["hours"]) == 18


def test_the_python_api_gives_the_same_report(tmp_path):
    events, rules = write_stream(tmp_path), write_rules(tmp_path)
    from_cli = report_json("--events", str(events), "--rules", str(rules), *OCTOBER)[1]
    ruleset = load_ruleset(rules)
    tally = Tally(lambda community: ruleset.timezone)
    with events.open("rb") as stream:
        for event, verdict in replay(ruleset, stream, io.StringIO(), Summary()):
            tally.feed(event, verdict)
    report = build_report(tally, "discord:g1", date(2026, 10, 1), date(2026, 11, 1),
                          "Europe/Paris", moderation=True, locale="en")
    assert as_json(report) == from_cli


def test_without_rules_paris_days_no_moderation_and_the_ban_is_no_leave(tmp_path):
    tally = Tally(lambda community: "Europe/Paris")
    with write_stream(tmp_path).open("rb") as stream:
        for event, verdict in replay(None, stream, io.StringIO(), Summary()):
            assert verdict is None
            tally.feed(event, verdict)
    report = build_report(tally, "discord:g1", date(2026, 10, 1), date(2026, 11, 1))
    assert "moderation" not in report and "locale" not in report
    assert report["daily"] == october_daily(leaves_on_18=0)
    assert (report["messages"], report["leaves"]) == (18, 3)
    assert report["newcomers"] == {"joined": 5, "posted": 3, "stayed": 4}   # hank stays
    with pytest.raises(ValueError, match="counted in Europe/Paris"):
        build_report(tally, "discord:g1", date(2026, 10, 1), date(2026, 11, 1), "UTC")


def test_the_command_line_without_rules_counts_in_utc(tmp_path):
    (_, g1) = report_json("--events", str(write_stream(tmp_path)), *OCTOBER)
    assert g1["timezone"] == "UTC" and "moderation" not in g1 and "locale" not in g1
    # in UTC o2 and jack's join (Oct 31 23:00Z) are in October, o1 (Sep 30 21:59Z) is not
    assert g1["messages"] == 19
    assert g1["communicators"] == 3                    # bob now has 3
    assert g1["daily"][0]["messages"] == 3             # m3 (22:30Z) is on Oct 1 in UTC
    assert g1["daily"][24]["messages"] == 4            # Oct 25: m13, m14, m15, m16 (not m12)
    # m13 00h, m14 01h, m15 02h: no hour twice; m12, m16 and o2 at 23h
    assert [g1["hours"][h] for h in (0, 1, 2, 23)] == [1, 1, 1, 3]
    assert (g1["joins"], g1["leaves"]) == (7, 3)
    assert g1["newcomers"] == {"joined": 6, "posted": 3, "stayed": 5}


def test_by_default_every_day_of_the_stream(tmp_path):
    a0, g1 = report_json("--events", str(write_stream(tmp_path)),
                         "--rules", str(write_rules(tmp_path)))
    # the first event (Sep 20, gina's join) to the last (Nov 1 00:00 local), both included
    for report in (a0, g1):
        assert (report["from"], report["to"]) == ("2026-09-20", "2026-11-02")
        assert len(report["daily"]) == 43
    assert g1["messages"] == 20 and g1["joins"] == 8   # o1, o2, gina's and jack's join in
    assert g1["daily"][0] == {"day": "2026-09-20", "messages": 0, "active_members": 0,
                              "joins": 1, "leaves": 0}


@pytest.mark.parametrize(("start", "end", "messages", "hours", "joins"), [
    ("2026-10-25", "2026-10-26", 4, {1: 1, 2: 2, 3: 1}, 0),      # the 25-hour day
    ("2026-10-31", "2026-11-01", 1, {23: 1}, 0),                 # m18 at 23:59:59 only
    ("2026-11-01", "2026-11-02", 1, {0: 1}, 1),                  # o2 and jack at 00:00
    ("2026-09-30", "2026-10-01", 1, {23: 1}, 0),                 # o1 at 23:59:59
])
def test_from_is_included_and_to_excluded(tmp_path, start, end, messages, hours, joins):
    (_, g1) = report_json("--events", str(write_stream(tmp_path)),
                          "--rules", str(write_rules(tmp_path)), "--from", start, "--to", end)
    assert [day["day"] for day in g1["daily"]] == [start]
    assert g1["messages"] == messages
    assert g1["hours"] == [hours.get(h, 0) for h in range(24)]
    assert g1["joins"] == joins


def test_one_community_and_only_json_on_stdout_malformed_lines_on_stderr(tmp_path):
    events = write_stream(tmp_path, extra=["{not json", '{"type": "reaction"}'])
    done = gardien("report", "--events", str(events), "--community", "discord:a0", *OCTOBER,
                   "--json")
    assert done.returncode == 0
    [line] = done.stdout.splitlines()
    assert json.loads(line)["community"] == "discord:a0"
    count = len(events.read_text().splitlines())
    assert done.stderr.splitlines() == [
        f"line {count - 1}: skipped: not JSON: Expecting property name enclosed in double "
        "quotes at column 2",
        f"line {count}: skipped: 'type' must be one of message, join, leave, not 'reaction'"]


def test_an_unknown_community_has_an_empty_report(tmp_path):
    [report] = report_json("--events", str(write_stream(tmp_path)), "--community", "x:1",
                           "--from", "2026-10-01", "--to", "2026-10-03")
    assert report["messages"] == 0 and report["channels"] == []
    assert [day["messages"] for day in report["daily"]] == [0, 0]
    assert report["hours"] == [0] * 24


@pytest.mark.parametrize(("args", "code", "said"), [
    (["--from", "2026-10-05", "--to", "2026-10-05"], 2, "--to must be a day after --from"),
    (["--from", "2026-10-5"], 2, "not a day (YYYY-MM-DD)"),
    (["--to", "20261005"], 2, "not a day (YYYY-MM-DD)"),
    (["--from", "2026-12-01"], 2, "the stream's days end before --from 2026-12-01"),
])
def test_periods_that_cannot_be_served(tmp_path, args, code, said):
    done = gardien("report", "--events", str(write_stream(tmp_path)), *args, "--json")
    assert (done.returncode, done.stdout) == (code, "")
    assert said in done.stderr


def test_the_live_form_and_missing_files(tmp_path):
    config = tmp_path / "gardien.yaml"
    done = gardien("report", "--config", str(config))
    assert done.returncode == 2
    assert done.stderr == f"{config}:1:1: no such config file\n"
    config.write_text("storage: gardien.db\nrules:\n  default: pack:netiquette.en\n")
    done = gardien("report", "--config", str(config))   # the bot never ran: no database
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"gardien report: {tmp_path / 'gardien.db'}: there is no database "
                           "at this path (`gardien run` creates it)\n")
    done = gardien("report", "--events", str(tmp_path / "missing.jsonl"))
    assert done.returncode == 1 and "missing.jsonl: cannot read" in done.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n")
    done = gardien("report", "--events", str(bad))
    assert done.returncode == 1 and "no event could be read (1 malformed lines)" in done.stderr


def test_html_and_chart_are_written_for_one_community(tmp_path):
    page, chart = tmp_path / "report.html", tmp_path / "report.png"
    stream = str(write_stream(tmp_path))
    done = gardien("report", "--events", stream, "--community", "discord:g1",
                   "--html", str(page), "--chart", str(chart))
    assert done.returncode == 0, done.stderr
    assert "discord:g1" in page.read_text(encoding="utf-8")
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # the page embeds the very chart written beside it (drawn once)
    assert base64.b64encode(chart.read_bytes()).decode() in page.read_text(encoding="utf-8")
    unwritable = gardien("report", "--events", stream, "--community", "discord:g1",
                         "--chart", str(tmp_path / "missing" / "report.png"))
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr


def test_the_text_summary_in_english_and_french(tmp_path):
    events = write_stream(tmp_path)
    texts = {}
    for locale in ("en", "fr"):
        done = gardien("report", "--events", str(events), "--community", "discord:g1",
                       "--rules", str(write_rules(tmp_path, locale)), *OCTOBER)
        assert done.returncode == 0, done.stderr
        texts[locale] = done.stdout
    assert texts["en"] == """\
Report for discord:g1: 2026-10-01 to 2026-10-31 (Europe/Paris)
Messages: 18 from 8 active members, 2 of them with 3 or more
Busiest day: 2026-10-25 (4 messages); 1 a day on average
Busiest hour: 20:00 to 21:00 (3 messages)
Channels: general (14), help (2), random (2)
Joins: 6; leaves: 4
Newcomers: 5 joined, 3 of them posted, 3 stayed
Moderation: 5 cases, 4 messages moderated
By action: warn (3), timeout (1), ban (1)
By rule: no-insults (3), escalation (1), no-scam (1)
"""
    assert texts["fr"] == """\
Rapport pour discord:g1 : du 2026-10-01 au 2026-10-31 (Europe/Paris)
Messages : 18 de 8 membres actifs, dont 2 avec 3 messages ou plus
Jour le plus actif : 2026-10-25 (4 messages) ; 1 par jour en moyenne
Heure la plus active : de 20 h à 21 h (3 messages)
Salons : general (14), help (2), random (2)
Arrivées : 6 ; départs : 4
Nouveaux membres : 5 arrivés, dont 3 ont écrit et 3 sont restés
Modération : 5 cas, 4 messages modérés
Par action : avertissement (3), mise en sourdine (1), bannissement (1)
Par règle : no-insults (3), escalation (1), no-scam (1)
"""


def test_a_refused_rule_file_is_reported_at_its_line_and_column(tmp_path):
    rules = write_rules(tmp_path, body=(Path(write_rules(tmp_path)).read_text()
                                        .replace("Europe/Paris", "Europe/Pari")))
    done = gardien("report", "--events", str(write_stream(tmp_path)), "--rules", str(rules))
    assert (done.returncode, done.stdout) == (1, "")
    assert f"{rules}:4:11: timezone: unknown time zone 'Europe/Pari' (did you mean " \
           "'Europe/Paris'?)" in done.stderr


def test_standard_input_and_an_empty_stream(tmp_path):
    events = write_stream(tmp_path).read_text(encoding="utf-8")
    done = gardien("report", "--events", "-", "--community", "discord:a0", *OCTOBER, "--json",
                   stdin=events)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["messages"] == 1
    for extra in ([], ["--json"]):
        done = gardien("report", "--events", "-", *extra, stdin="\n")
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


JOIN_RULES = """\
version: 1
name: Joins
rules:
  - id: bad-names
    on: [join]
    match: {words: [spammer]}
    actions: [ban]
  - id: links
    match: {regex: ["buy now"]}
    actions: [kick]
"""


def test_a_ban_on_joining_and_a_kick_are_leaves_and_the_kicked_member_rejoins(tmp_path):
    def event(ident, kind, when, who, **extra):
        return json.dumps({"id": ident, "type": kind, "community": "c", "user": {
            "id": who, "name": who}, "at": f"2026-10-01T{when}:00Z", **extra})

    events = tmp_path / "joins.jsonl"
    events.write_text("\n".join([
        event("j1", "join", "10:00", "spammer"),            # banned as they join
        event("j2", "join", "10:01", "kim"),
        event("m1", "message", "10:02", "kim", text="buy now"),   # kicked
        event("l1", "leave", "10:02", "kim"),                # the platform's own leave event
        event("j3", "join", "10:05", "kim"),                 # and back
    ]) + "\n", encoding="utf-8")
    rules = tmp_path / "joins.yaml"
    rules.write_text(JOIN_RULES, encoding="utf-8")
    [report] = report_json("--events", str(events), "--rules", str(rules))
    assert (report["from"], report["to"], report["timezone"]) == ("2026-10-01", "2026-10-02",
                                                                 "UTC")
    assert (report["joins"], report["leaves"]) == (3, 2)
    assert report["newcomers"] == {"joined": 2, "posted": 1, "stayed": 1}   # kim stayed
    assert report["moderation"]["by_action"] == {"kick": 1, "ban": 1}
    assert report["moderation"]["by_rule"] == {"bad-names": 1, "links": 1}
    assert report["moderation"]["moderated_messages"] == 1   # the join is not a message
