"""`gardien report --events --rules` with a rule file that watches: the `watch` part, every
figure following from tests/insight_watch/stream.py, in JSON, text and HTML."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from bot.insight.compute import build_report
from bot.insight.render import render_html
from bot.insight.tally import Tally
from bot.insight.text import summary_text
from bot.insight.watch import Crisis, WatchCounts
from tests.insight import stream as insight_stream
from tests.insight_render.dom import read
from tests.runtime.procs import gardien

from .stream import EVENTS, EXPECTED, write_rules

NOV = ["--from", "2026-11-02", "--to", "2026-11-04"]


def write_events(directory: Path, events: list[dict[str, Any]] = EVENTS) -> Path:
    path = directory / "events.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


def report(*args: str) -> dict[str, Any]:
    done = gardien("report", *args, "--json")
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    return dict(json.loads(line))


def test_terms_per_day_the_negative_share_and_the_crisis(tmp_path):
    got = report("--events", str(write_events(tmp_path)), "--rules", str(write_rules(tmp_path)))
    assert (got["from"], got["to"]) == ("2026-11-02", "2026-11-04")
    assert got["watch"] == EXPECTED
    assert list(got)[-2:] == ["watch", "locale"]          # after moderation, as documented
    # the activity counts agree with the watch's: 9 messages, the bot and edits left out
    assert got["messages"] == got["watch"]["scored"] == 9


def test_a_period_counts_its_own_days_and_the_crises_that_started_in_it(tmp_path):
    stream, rules = write_events(tmp_path), write_rules(tmp_path)
    got = report("--events", str(stream), "--rules", str(rules),
                 "--from", "2026-11-03", "--to", "2026-11-04")
    assert got["watch"] == {
        "terms": [{"term": "Acme", "messages": 2, "daily": [2]},
                  {"term": "acme cloud", "messages": 1, "daily": [1]},
                  {"term": "Zorg", "messages": 0, "daily": [0]}],
        "scored": 2, "negative": 1, "negative_share": 0.5,
        "daily": [{"day": "2026-11-03", "scored": 2, "negative": 1}],
        "crises": []}
    wider = report("--events", str(stream), "--rules", str(rules),
                   "--from", "2026-11-01", "--to", "2026-11-05")["watch"]
    assert [d["scored"] for d in wider["daily"]] == [0, 7, 2, 0]
    assert wider["terms"][0]["daily"] == [0, 3, 2, 0] and len(wider["crises"]) == 1


def test_a_crisis_still_under_way_at_the_end_has_no_end(tmp_path):
    until_the_edit = EVENTS[:8]   # w1 to w6, the bot, and w1's edit: no message after
    got = report("--events", str(write_events(tmp_path, until_the_edit)),
                 "--rules", str(write_rules(tmp_path)))["watch"]
    assert got["crises"] == [{"start": "2026-11-02T10:02:00Z", "end": None, "negative": 3,
                              "usual": 0.0}]
    assert (got["scored"], got["negative"], got["negative_share"]) == (6, 4, 0.667)
    assert [t["messages"] for t in got["terms"]] == [3, 1, 1]


def test_no_watch_part_without_rules_or_with_rules_that_neither_watch_nor_sense(tmp_path):
    stream = write_events(tmp_path)
    assert "watch" not in report("--events", str(stream))
    plain = insight_stream.write_rules(tmp_path)          # no `watch`, no `crisis`
    got = report("--events", str(stream), "--rules", str(plain))
    assert "watch" not in got and "moderation" in got


def test_a_crisis_alone_or_a_watch_alone(tmp_path):
    stream = write_events(tmp_path)
    crisis_only = tmp_path / "crisis.yaml"
    crisis_only.write_text(write_rules(tmp_path).read_text(encoding="utf-8").replace(
        'watch:\n  terms: [Acme, "acme cloud", Zorg]\n', ""), encoding="utf-8")
    got = report("--events", str(stream), "--rules", str(crisis_only))["watch"]
    assert got["terms"] == [] and got["crises"] == EXPECTED["crises"]
    assert (got["scored"], got["negative"]) == (9, 5)
    watch_only = tmp_path / "watch.yaml"
    text = write_rules(tmp_path).read_text(encoding="utf-8")
    watch_only.write_text(text[:text.index("crisis:")] + text[text.index("rules:"):],
                          encoding="utf-8")
    got = report("--events", str(stream), "--rules", str(watch_only))["watch"]
    assert got["crises"] == [] and got["terms"] == EXPECTED["terms"]
    assert (got["scored"], got["negative"]) == (9, 5)


def test_the_text_summary_says_the_same(tmp_path):
    stream = write_events(tmp_path)
    done = gardien("report", "--events", str(stream), "--rules", str(write_rules(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-4:] == [
        "Watched terms: Acme (5), acme cloud (2), Zorg (1)",
        "Sentiment: 5 of 9 scored messages negative (55.6%)",
        "Crises: 1",
        "  from 2026-11-02 10:02:00 UTC to 2026-11-02 10:12:00 UTC: 3 negative messages "
        "within the window at its start (usual 0.0)"]
    french = gardien("report", "--events", str(stream),
                     "--rules", str(write_rules(tmp_path, "fr", name="fr.yaml")))
    assert french.returncode == 0, french.stderr
    assert french.stdout.splitlines()[-3:-1] == [
        "Tonalité : 5 messages négatifs sur 9 évalués (55,6\u202f%)", "Crises : 1"]


def test_the_page_has_a_watch_section(tmp_path):
    page = tmp_path / "report.html"
    done = gardien("report", "--events", str(write_events(tmp_path)),
                   "--rules", str(write_rules(tmp_path)), "--html", str(page))
    assert done.returncode == 0, done.stderr
    found = read(page.read_text(encoding="utf-8"))
    ids = [attrs["id"] for tag, attrs in found.tags if tag == "section"]
    assert ids == ["headline", "daily", "heatmap", "channels", "moderation", "watch",
                   "newcomers"]
    rows = found.cells["watch"]
    assert ["Acme", "5", "62%", ""] in rows and ["Zorg", "1", "12%", ""] in rows
    assert ["2026-11-02", "4", "7", "57%", ""] in rows
    assert ["2026-11-02 10:02:00", "2026-11-02 10:12:00", "3", "0.0"] in rows
    assert "Share negative" in found.sections["watch"] and "56%" in found.sections["watch"]


def test_every_name_on_the_page_is_escaped_and_no_watch_no_section():
    tally = Tally(lambda _: "UTC")
    counts = WatchCounts("UTC")
    counts.hit(1_793_000_000.0, "<b>R&D</b>")
    counts.crises.append(Crisis(1_793_000_000.0, 12, 1.5))
    day = date(2026, 10, 26)
    watched = build_report(tally, "c1", day, date(2026, 10, 27),
                           watch=(counts, ("<b>R&D</b>", "<i>x")))
    html = render_html(watched)
    assert "<b>" not in html and "<i>" not in html
    found = read(html)
    assert ["<b>R&D</b>", "1", "100%", ""] in found.cells["watch"]
    assert ["<i>x", "0", "0%", ""] in found.cells["watch"]
    assert ["2026-10-26 07:33:20", "still under way", "12", "1.5"] in found.cells["watch"]
    assert "Crises: 1" in summary_text(watched)
    plain = build_report(tally, "c1", day, date(2026, 10, 27))
    assert 'id="watch"' not in render_html(plain) and "Crises" not in summary_text(plain)
