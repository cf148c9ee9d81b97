"""Occurrences in the community's zone across daylight-saving changes, in both hemispheres,
and the `at` forms' precise errors."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from rules.occurrences import AtError, occurrences, parse_at


def take(at: str, zone: str, after: datetime, n: int) -> list[str]:
    found = itertools.islice(occurrences(parse_at(at), zone, after), n)
    return [moment.strftime("%Y-%m-%dT%H:%MZ") for moment in found]


def test_paris_daily_keeps_its_local_hour_across_both_changes() -> None:
    # spring: 29 March 2026 (UTC+1 -> UTC+2); autumn: 25 October 2026 (UTC+2 -> UTC+1)
    assert take("10:00", "Europe/Paris", datetime(2026, 3, 28, 12, tzinfo=UTC), 2) == [
        "2026-03-29T08:00Z", "2026-03-30T08:00Z"]
    assert take("10:00", "Europe/Paris", datetime(2026, 10, 24, 12, tzinfo=UTC), 2) == [
        "2026-10-25T09:00Z", "2026-10-26T09:00Z"]


def test_paris_gap_fires_once_just_after_it_and_overlap_fires_once_the_first() -> None:
    # 02:00-02:59 does not exist on 29 March: every slot there fires once, at 03:00 (01:00Z)
    assert take("*/30 2 * * *", "Europe/Paris", datetime(2026, 3, 28, 23, tzinfo=UTC), 3) == [
        "2026-03-29T01:00Z", "2026-03-30T00:00Z", "2026-03-30T00:30Z"]
    # 02:00-02:59 happens twice on 25 October: the first pass only (UTC+2)
    assert take("*/30 2-3 * * *", "Europe/Paris", datetime(2026, 10, 24, 23, tzinfo=UTC),
                4) == ["2026-10-25T00:00Z", "2026-10-25T00:30Z", "2026-10-25T02:00Z",
                       "2026-10-25T02:30Z"]


def test_sydney_southern_hemisphere_changes() -> None:
    # Sydney springs forward on 4 October 2026 (02:00 -> 03:00, UTC+10 -> UTC+11)
    assert take("02:30", "Australia/Sydney", datetime(2026, 10, 2, 0, tzinfo=UTC), 3) == [
        "2026-10-02T16:30Z", "2026-10-03T16:00Z", "2026-10-04T15:30Z"]
    # and falls back on 5 April 2026 (03:00 -> 02:00): 02:30 fires once, under UTC+11
    assert take("sun 02:30", "Australia/Sydney", datetime(2026, 4, 1, 0, tzinfo=UTC), 2) == [
        "2026-04-04T15:30Z", "2026-04-11T16:30Z"]


def test_santiago_weekly_and_monthly_last_day() -> None:
    # Santiago: UTC-3 in summer, UTC-4 from 5 April 2026
    assert take("mon 09:00", "America/Santiago", datetime(2026, 3, 29, tzinfo=UTC), 2) == [
        "2026-03-30T12:00Z", "2026-04-06T13:00Z"]
    # the 31st in months without one: their last day
    assert take("31 09:00", "UTC", datetime(2026, 1, 31, 12, tzinfo=UTC), 3) == [
        "2026-02-28T09:00Z", "2026-03-31T09:00Z", "2026-04-30T09:00Z"]


@pytest.mark.parametrize(("at", "words"), [
    ("0 25 * * *", "the hour field"),
    ("61 * * * *", "the minute field"),
    ("0 0 30 2 *", "never happens"),
    ("H 2 * * *", "not standard cron"),
    ("1 2 3", "this has 3 fields"),
    ("funday 10:00", "weekday"),
    ("32 10:00", "1 to 31"),
    ("10:75", "HH:MM"),
])
def test_bad_at_is_refused_precisely(at: str, words: str) -> None:
    with pytest.raises(AtError, match=words):
        parse_at(at)
