"""The weekly report's slots: a weekday and a wall-clock time in the community's timezone,
across daylight-saving changes, always strictly after the given instant."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.insight.weekly import next_slot, week_before


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_the_next_monday_nine_in_paris_summer_and_winter():
    # Wednesday 2026-10-21: summer time (UTC+2), the next Monday is the 26th, after the
    # change of the 25th: winter time (UTC+1), so 09:00 local is 08:00 UTC
    assert next_slot("mon 09:00", "Europe/Paris", utc(2026, 10, 21, 12)) == utc(2026, 10, 26, 8)
    # a Monday in summer before 09:00 local (06:30 UTC = 08:30 local): that same day
    assert next_slot("mon 09:00", "Europe/Paris", utc(2026, 6, 1, 6, 30)) == utc(2026, 6, 1, 7)


def test_a_slot_is_strictly_after_the_instant_given():
    slot = utc(2026, 11, 2, 9)   # Monday 09:00 UTC
    assert next_slot("mon 09:00", "UTC", slot) == utc(2026, 11, 9, 9)
    assert next_slot("mon 09:00", "UTC", utc(2026, 11, 2, 8, 59)) == slot


def test_a_slot_in_the_spring_gap_lands_just_after_it():
    # 2026-03-29 02:30 does not exist in Paris (02:00 -> 03:00): 03:30 CEST = 01:30 UTC
    assert next_slot("sun 02:30", "Europe/Paris", utc(2026, 3, 28)) == utc(2026, 3, 29, 1, 30)


def test_a_slot_in_the_autumn_overlap_is_the_first_of_the_two():
    # 2026-10-25 02:30 happens twice in Paris; the first is CEST (UTC+2) = 00:30 UTC
    assert next_slot("sun 02:30", "Europe/Paris", utc(2026, 10, 24)) == utc(2026, 10, 25, 0, 30)


def test_the_week_reported_is_the_seven_local_days_before_the_slot():
    # Monday 00:30 in Tokyo is Sunday 15:30 UTC: the local day decides
    assert week_before(utc(2026, 11, 1, 15, 30), "Asia/Tokyo") == (date(2026, 10, 26),
                                                                  date(2026, 11, 2))
    assert week_before(utc(2026, 11, 2, 9), "UTC") == (date(2026, 10, 26), date(2026, 11, 2))
