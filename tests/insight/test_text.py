"""The readable summary's wording beyond the known month: big numbers, many channels and
rules, reports and their answers, a single day, a quiet period."""

from __future__ import annotations

from bot.insight.model import Report
from bot.insight.text import summary_text


def report(**changes) -> Report:
    base = Report(
        community="telegram:-1001", from_="2026-11-02", to="2026-11-09", timezone="UTC",
        messages=12_345, active_members=1_234, communicators=56,
        daily=[{"day": f"2026-11-0{d}", "messages": m, "active_members": 1, "joins": 0,
                "leaves": 0} for d, m in zip(range(2, 9), (5_000, 7_345, 0, 0, 0, 0, 0),
                                              strict=True)],
        hours=[0] * 9 + [12_000, 345] + [0] * 13, weekday_hours=[[0] * 24] * 7,
        channels=[{"channel": f"c{i}", "messages": 1} for i in range(8)],
        joins=1_500, leaves=20, newcomers={"joined": 1_400, "posted": 700, "stayed": 1_390},
        moderation={"cases": 7, "by_action": {"warn": 5, "kick": 2},
                    "by_rule": {f"r{i}": 1 for i in range(7)}, "moderated_messages": 6,
                    "reports": 3, "report_response_median_s": 7_505.0})
    base.update(changes)   # type: ignore[typeddict-item]
    return base


def test_english_numbers_lists_and_the_report_median():
    assert summary_text(report(), "en").splitlines() == [
        "Report for telegram:-1001: 2026-11-02 to 2026-11-08 (UTC)",
        "Messages: 12,345 from 1,234 active members, 56 of them with 3 or more",
        "Busiest day: 2026-11-03 (7,345 messages); 1,764 a day on average",
        "Busiest hour: 09:00 to 10:00 (12,000 messages)",
        "Channels: c0 (1), c1 (1), c2 (1), c3 (1), c4 (1), 3 more",
        "Joins: 1,500; leaves: 20",
        "Newcomers: 1,400 joined, 700 of them posted, 1,390 stayed",
        "Moderation: 7 cases, 6 messages moderated",
        "By action: warn (5), kick (2)",
        "By rule: r0 (1), r1 (1), r2 (1), r3 (1), r4 (1), 2 more",
        "Member reports: 3; median time to a moderator's action: 2 h 5 min",
    ]


def test_french_numbers_and_waits():
    lines = summary_text(report(locale="fr")).splitlines()   # the report's own locale
    assert lines[1] == ("Messages : 12\u202f345 de 1\u202f234 membres actifs, dont 56 avec 3 "
                        "messages ou plus")
    assert lines[-1] == ("Signalements : 3 ; délai médian avant une action de modération : "
                         "2 h 5 min")
    waits = {40.0: "40 s", 840.0: "14 min", 3 * 86400 + 4 * 3600: "3 j 4 h"}
    for seconds, said in waits.items():
        moderation = dict(report()["moderation"], report_response_median_s=seconds)
        assert summary_text(report(moderation=moderation), "fr").endswith(said)
    moderation = dict(report()["moderation"], report_response_median_s=None)
    assert summary_text(report(moderation=moderation), "fr-CA").endswith(
        "aucun traité pour l'instant")


def test_a_quiet_single_day_without_moderation():
    quiet = report(from_="2026-11-02", to="2026-11-03", messages=0, active_members=0,
                   communicators=0, channels=[], joins=0, leaves=0,
                   newcomers={"joined": 0, "posted": 0, "stayed": 0})
    del quiet["moderation"]
    assert summary_text(quiet, "en") == (
        "Report for telegram:-1001: 2026-11-02 (UTC)\n"
        "Messages: none in this period\n"
        "Joins: 0; leaves: 0\n"
        "Newcomers: 0 joined, 0 of them posted, 0 stayed")
