"""The tally as the live part will use it: rows drained in batches and merged back give the
very report the events gave; reports and moderators' answers; the local clock."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.insight.compute import build_report
from bot.insight.tally import Counts, Tally
from bot.simulate import Summary, replay
from rules.compiler import load_ruleset
from rules.events import Join, Leave, ManualSanction, Member, Message
from tests.insight.stream import write_rules, write_stream

PARIS = "Europe/Paris"
START, END = date(2026, 10, 1), date(2026, 11, 1)


def replayed(tmp_path) -> list:
    ruleset = load_ruleset(write_rules(tmp_path))
    with write_stream(tmp_path).open("rb") as stream:
        return list(replay(ruleset, stream, io.StringIO(), Summary()))


def test_rows_drained_in_batches_and_merged_back_give_the_same_report(tmp_path):
    events = replayed(tmp_path)
    whole = Tally(lambda c: PARIS)
    for event, verdict in events:
        whole.feed(event, verdict)
    live = Tally(lambda c: PARIS)
    database: list = []                       # what the live part would have flushed
    for start in range(0, len(events), 7):
        for event, verdict in events[start:start + 7]:
            live.feed(event, verdict)
        database.extend(live.drain())
        assert live.counts == {}
    rebuilt = Tally(lambda c: PARIS)
    rebuilt.merge(reversed(database))         # in any order
    for community in ("discord:g1", "discord:a0"):
        expected = build_report(whole, community, START, END, moderation=True)
        assert build_report(rebuilt, community, START, END, moderation=True) == expected
    assert expected["messages"] == 1          # not vacuous: a0's one message went through
    # the rows of a day say what was counted that day, by local hour
    rows = [row for row in whole.rows() if type(row).__name__ == "HourRow"
            and row.community == "discord:g1" and row.day == "2026-10-25"]
    assert [(row.hour, row.messages) for row in rows] == [(1, 1), (2, 2), (3, 1)]


def test_rows_round_trip_exactly(tmp_path):
    tally = Tally(lambda c: PARIS)
    for event, verdict in replayed(tmp_path):
        tally.feed(event, verdict)
    copy = Tally(lambda c: PARIS)
    copy.merge(tally.rows())
    assert sorted(map(repr, copy.rows())) == sorted(map(repr, tally.rows()))
    assert len(list(tally.rows())) > 40


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_report_response_median_and_hand_sanctions():
    tally = Tally()
    c = "discord:1"
    reported = [("u1", "2026-10-01T10:00:00"), ("u2", "2026-10-01T11:00:00"),
                ("u3", "2026-10-02T09:00:00"), ("u4", "2026-10-02T09:30:00")]
    for member, when in reported:
        tally.report(c, at(when).timestamp(), member)
    # u1 answered after 10 min (an earlier action on u1 does not count), u2 by a ban by
    # hand on the platform after 30 min, u3 after 2 h, u4 never
    tally.moderator_action(c, at("2026-10-01T09:00:00").timestamp(), "u1")
    tally.moderator_action(c, at("2026-10-01T10:10:00").timestamp(), "u1")
    tally.feed(ManualSanction("s1", c, at("2026-10-01T11:30:00"), Member("u2"), "ban"))
    tally.moderator_action(c, at("2026-10-02T11:00:00").timestamp(), "u3")
    tally.case(c, at("2026-10-01T11:30:00").timestamp(), "ban", "manual")
    report = build_report(tally, c, date(2026, 10, 1), date(2026, 10, 3), moderation=True)
    moderation = report["moderation"]
    assert moderation["reports"] == 4
    assert moderation["report_response_median_s"] == 1800.0     # of 600, 1800, 7200
    assert moderation["by_rule"] == {"manual": 1} and moderation["cases"] == 1
    assert report["leaves"] == 1                                 # u2, removed by hand
    # a report outside the period is not counted; one with no answer gives null
    later = build_report(tally, c, date(2026, 10, 2), date(2026, 10, 3), moderation=True)
    assert later["moderation"]["reports"] == 2
    assert later["moderation"]["report_response_median_s"] == 7200.0
    none = Tally()
    none.report(c, at("2026-10-01T10:00:00").timestamp(), "u9")
    assert build_report(none, c, date(2026, 10, 1), date(2026, 10, 2), moderation=True)[
        "moderation"]["report_response_median_s"] is None


def test_a_kick_then_the_platforms_leave_event_is_one_leaver():
    tally = Tally()
    c, bob = "c", Member("bob")
    tally.feed(Join("j", c, at("2026-10-01T10:00:00"), bob))
    tally.feed(ManualSanction("k", c, at("2026-10-01T10:05:00"), bob, "kick"))
    tally.feed(Message("l", c, at("2026-10-01T10:05:01"), bob, edited=True))   # not counted
    tally.feed(Leave("l", c, at("2026-10-01T10:05:02"), bob))
    report = build_report(tally, c, date(2026, 10, 1), date(2026, 10, 2))
    assert (report["joins"], report["leaves"], report["messages"]) == (1, 1, 0)
    assert report["newcomers"] == {"joined": 1, "posted": 0, "stayed": 0}


# --- properties ---------------------------------------------------------------------------
BASE = datetime(2026, 10, 20, tzinfo=UTC).timestamp()
MESSAGES = st.lists(st.tuples(st.floats(0, 14 * 86400), st.sampled_from("abcdef"),
                              st.sampled_from(["general", "help", "x"]), st.booleans()),
                    max_size=60)


@settings(max_examples=80, deadline=None)
@given(messages=MESSAGES, zone=st.sampled_from([PARIS, "UTC", "America/St_Johns",
                                                 "Asia/Kathmandu", "Australia/Lord_Howe"]))
def test_every_figure_adds_up_to_the_messages(messages, zone):
    tally = Tally(lambda c: zone)
    for offset, who, channel, bot in messages:
        moment = datetime.fromtimestamp(BASE + offset, UTC)
        tally.feed(Message("m", "c", moment, Member(who, bot=bot), channel=channel))
    counted = sum(1 for *_, bot in messages if not bot)
    start = date(2026, 10, 19)
    report = build_report(tally, "c", start, start + timedelta(days=17))
    assert report["messages"] == counted
    assert sum(d["messages"] for d in report["daily"]) == counted
    assert sum(report["hours"]) == counted == sum(map(sum, report["weekday_hours"]))
    assert sum(c["messages"] for c in report["channels"]) == counted
    assert report["active_members"] == len({who for _, who, _, bot in messages if not bot})
    assert all(d["active_members"] <= report["active_members"] for d in report["daily"])
    assert report["communicators"] <= report["active_members"] <= counted


@settings(max_examples=200, deadline=None)
@given(micros=st.integers(-2 * 10**15, 4 * 10**15) | st.sampled_from(
    [1792890000 * 10**6 - 1, 1792890000 * 10**6, -1, 0]),   # 2026-10-25T01:00Z, the epoch
    zone=st.sampled_from(
    [PARIS, "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "Africa/Monrovia"]))
def test_the_cached_local_clock_is_the_exact_one(micros, zone):
    moment = micros / 10**6
    counts = Counts("c", zone)
    counts.local(moment - moment % 900 + 3)   # fill the slot's cache from another instant
    exact = datetime.fromtimestamp(moment, ZoneInfo(zone))
    assert counts.local(moment) == (exact.date().isoformat(), exact.hour)
