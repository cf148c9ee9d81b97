"""The `at` of `announce`: a moment a moderator types, read in the community's timezone.

Accepted: an ISO time with its offset (`2026-12-01T18:00:00Z`, `...+01:00`: that
instant), a local date and time (`2026-12-01 18:00` or `2026-12-01T18:00`), or a local
time alone (`18:00`: today, or tomorrow when it has passed). Local times go through the
same daylight-saving rule as schedules (rules/occurrences.py `to_utc`).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from rules.occurrences import to_utc

LONGEST_AHEAD = timedelta(days=366)


class WhenError(ValueError):
    """Not a moment, or not one to wait for; `key` words the answer."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_when(value: str, timezone: str, now: datetime) -> datetime:
    """The UTC instant `value` names; WhenError for the unreadable, the past or > 1 year."""
    text = value.strip().replace(" ", "T", 1) if "-" in value else value.strip()
    zone = ZoneInfo(timezone)
    moment: datetime
    if "-" in text:
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise WhenError("announce.bad_at") from None
        moment = (parsed.astimezone(UTC) if parsed.tzinfo is not None
                  else to_utc(parsed, zone))
    else:
        try:
            clock = time.fromisoformat(text)
        except ValueError:
            raise WhenError("announce.bad_at") from None
        if clock.tzinfo is not None:
            raise WhenError("announce.bad_at")
        today = now.astimezone(zone).date()
        moment = to_utc(datetime.combine(today, clock), zone)
        if moment <= now:
            moment = to_utc(datetime.combine(today + timedelta(days=1), clock), zone)
    if moment <= now:
        raise WhenError("announce.in_past")
    if moment - now > LONGEST_AHEAD:
        raise WhenError("announce.too_far")
    return moment
