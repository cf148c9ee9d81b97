"""When a scheduled item falls due: its `at` read once, its occurrences in UTC, in order.

`at` is local wall time in the community's `timezone`: "10:00" (daily), "mon 10:00"
(weekly), "15 10:00" (monthly: day 1..31; a month without that day uses its last day,
so "31 10:00" is the end of every month), or a five-field cron expression (minute hour
day-of-month month day-of-week, evaluated by croniter on naive local times).

Daylight saving is decided here, once, for every form: a local time that does not exist
(the spring-forward gap) fires at the first instant after the gap, once even when several
times of the gap map there; a local time that happens twice (the autumn overlap) fires
once, at the first of the two. Occurrences are strictly increasing and never repeated.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from croniter import croniter
from croniter.croniter import CroniterError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CRON_FIELDS = ("minute", "hour", "day of month", "month", "day of week")


class AtError(ValueError):
    """An `at` that cannot be read; the message says what to write instead."""


@dataclass(frozen=True, slots=True)
class At:
    """A parsed `at`: one of daily / weekly / monthly (with the clock) or cron."""

    text: str                      # as written, normalised
    form: str                      # daily | weekly | monthly | cron
    clock: time = time(0, 0)
    weekday: int = 0               # weekly: 0 = Monday
    day: int = 1                   # monthly: 1..31

    def local_candidates(self, start: date) -> Iterator[datetime]:
        """Naive local wall times, in order, from the local day `start` on."""
        if self.form == "cron":
            yield from _cron_walk(self.text, datetime.combine(start, time(0, 0))
                                  - timedelta(minutes=1))
            return
        day = start
        while True:
            if self.form == "daily":
                yield datetime.combine(day, self.clock)
                day += timedelta(days=1)
            elif self.form == "weekly":
                day += timedelta(days=(self.weekday - day.weekday()) % 7)
                yield datetime.combine(day, self.clock)
                day += timedelta(days=7)
            else:
                last = calendar.monthrange(day.year, day.month)[1]
                yield datetime.combine(day.replace(day=min(self.day, last)), self.clock)
                day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _cron_walk(expression: str, after: datetime) -> Iterator[datetime]:
    walker = croniter(expression, after)
    while True:
        try:
            found = walker.get_next(datetime)
        except (CroniterError, ValueError):   # no date found any more (30 February)
            return
        assert isinstance(found, datetime)
        yield found


def _clock(text: str, whole: str) -> time:
    hours, sep, minutes = text.partition(":")
    if (not sep or len(hours) not in (1, 2) or len(minutes) != 2
            or not (hours.isascii() and hours.isdigit() and minutes.isascii()
                    and minutes.isdigit()) or int(hours) > 23 or int(minutes) > 59):
        raise AtError(f'{whole!r}: the time is written HH:MM, from 00:00 to 23:59')
    return time(int(hours), int(minutes))


def parse_at(value: str) -> At:
    """Read an `at`; raise AtError with a precise message (a cron error names the field)."""
    text = " ".join(value.split()).lower()
    parts = text.split(" ")
    if len(parts) == 1 and ":" in text:
        return At(text, "daily", _clock(text, value))
    if len(parts) == 2 and ":" in parts[1]:
        first, clock = parts
        if first in WEEKDAYS:
            return At(text, "weekly", _clock(clock, value), weekday=WEEKDAYS.index(first))
        if first.isascii() and first.isdigit():
            if not 1 <= int(first) <= 31:
                raise AtError(f"{value!r}: a day of the month is 1 to 31")
            return At(text, "monthly", _clock(clock, value), day=int(first))
        raise AtError(f"{value!r}: write a weekday (mon..sun) or a day of the month (1..31) "
                      "before the time")
    if len(parts) == 5:
        _check_cron(text, value)
        return At(text, "cron")
    raise AtError(f'{value!r}: write "10:00" (daily), "mon 10:00" (weekly), "15 10:00" '
                  f"(monthly) or a cron expression of five fields ({', '.join(CRON_FIELDS)}); "
                  f"this has {len(parts)} field{'s' if len(parts) != 1 else ''}")


def _check_cron(text: str, value: str) -> None:
    for name, field in zip(CRON_FIELDS, text.split(" "), strict=True):
        for token in field.split(","):
            if token in ("h", "r") or token.startswith(("h/", "h(", "r/", "r(")):
                raise AtError(f"{value!r}: the {name} field {field!r} is croniter's own "
                              "extension, not standard cron")
    try:
        croniter.expand(text)
    except (CroniterError, ValueError, KeyError, IndexError) as error:
        bad = _bad_field(text)
        where = f"the {bad} field" if bad else "the expression"
        raise AtError(f"{value!r}: {where} is not valid cron ({error})") from None
    try:
        croniter(text, datetime(2000, 1, 1)).get_next(datetime)
    except (CroniterError, ValueError) as error:
        raise AtError(f"{value!r}: this cron expression never happens ({error})") from None


def _bad_field(text: str) -> str | None:
    """The first field that is wrong alone (the others replaced by `*`)."""
    fields = text.split(" ")
    for index, name in enumerate(CRON_FIELDS):
        probe = ["*"] * 5
        probe[index] = fields[index]
        try:
            croniter.expand(" ".join(probe))
        except (CroniterError, ValueError, KeyError, IndexError):
            return name
    return None


def to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """A naive local wall time in UTC: in a gap, the first instant after it; in an overlap,
    the first of the two."""
    first = local.replace(tzinfo=zone, fold=0)
    back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back == local:
        return first.astimezone(UTC)
    # `local` does not exist: the gap ends where the offset after it starts
    later = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
    earlier = first.astimezone(UTC)
    low, high = min(later, earlier), max(later, earlier)
    while high - low > timedelta(seconds=1):   # bisect the transition (it lies in between)
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def occurrences(at: At, timezone: str, after: datetime) -> Iterator[datetime]:
    """Every occurrence strictly after `after` (aware), in UTC, increasing, endless."""
    zone = ZoneInfo(timezone)
    start = after.astimezone(zone).date() - timedelta(days=1)
    last: datetime | None = None
    for local in at.local_candidates(start):
        moment = to_utc(local, zone)
        if moment <= after or (last is not None and moment <= last):
            continue   # already past, or a second time of the gap (fired once) or overlap
        last = moment
        yield moment


def next_occurrence(at: At, timezone: str, after: datetime) -> datetime | None:
    """The first occurrence strictly after `after`, or None (a cron date that never comes,
    such as 30 February)."""
    return next(occurrences(at, timezone, after), None)


def between(at: At, timezone: str, start: datetime, end: datetime,
            limit: int = 100_000) -> list[datetime]:
    """Occurrences in [start, end] (both inclusive when they are occurrences), at most
    `limit` of them (the newest kept)."""
    found: list[datetime] = []
    for moment in occurrences(at, timezone, start - timedelta(microseconds=1)):
        if moment > end:
            break
        found.append(moment)
        if len(found) > limit:
            found.pop(0)
    return found
