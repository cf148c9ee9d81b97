"""Durations as admins write them: an integer and a unit (`30s`, `10m`, `1h`, `7d`, `4w`)."""

from __future__ import annotations

import re
from datetime import timedelta

DURATION_PATTERN = r"^[0-9]+(s|m|h|d|w)$"
_DURATION_RE = re.compile(r"([0-9]+)(s|m|h|d|w)")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# Beyond this, timedelta overflows; no moderation duration needs more than a century.
MAX_DURATION = timedelta(days=36500)


class DurationError(ValueError):
    """A duration an admin wrote that Gardien cannot read."""


def parse_duration(value: object) -> timedelta:
    """Read `10m`-style text; refuse floats, bare numbers and unknown units with a hint."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise DurationError(
            f"{value!r} is not a duration: write an integer and a unit (s, m, h, d, w), e.g. 10m"
        )
    match = _DURATION_RE.fullmatch(value.strip())
    if match is None:
        raise DurationError(
            f"{value!r} is not a duration: write an integer and a unit (s, m, h, d, w), e.g. 10m"
        )
    digits, unit = match.group(1).lstrip("0") or "0", match.group(2)
    # more digits than any duration up to the longest has: too long, and never read whole
    # (Python refuses to read integers of more than 4,300 digits)
    seconds = int(digits) * _UNIT_SECONDS[unit] if len(digits) <= 12 else None
    if seconds is None or seconds > MAX_DURATION.total_seconds():
        shown = value if len(value) <= 24 else value[:12] + "…" + value[-4:]
        raise DurationError(f"{shown!r} is too long: the longest duration is 36500d")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """The shortest exact `10m`-style spelling, for messages and templates."""
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "0s"
    for unit in ("w", "d", "h", "m"):
        size = _UNIT_SECONDS[unit]
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
