"""Building blocks for the rule-file schema: strict models, durations, id lists."""

from __future__ import annotations

import difflib
from datetime import timedelta
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema

from rules.durations import DURATION_PATTERN, parse_duration


class StrictModel(BaseModel):
    """Unknown keys are errors (with a suggestion), models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    WithJsonSchema(
        {"type": "string", "pattern": DURATION_PATTERN, "description": "e.g. 30s, 10m, 1h, 7d, 4w"}
    ),
]


def _as_text(value: object) -> object:
    """Platform ids are written as numbers by many admins; they are kept as strings."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value


Name = Annotated[
    str,
    BeforeValidator(_as_text),
    WithJsonSchema({"type": ["string", "integer"], "description": "a name or a platform id"}),
]


# Names that load on one host and mean another zone elsewhere: a rule file must say which.
_HOST_ZONES = frozenset({"localtime", "posixrules"})


def check_timezone(value: object) -> object:
    """An IANA time zone name that loads here (`Europe/Paris`, `UTC`), else a ValueError
    that names the closest known one: the community's days and hours depend on it."""
    if not isinstance(value, str):
        raise ValueError(f"an IANA time zone name such as Europe/Paris, not {value!r}")
    if value == "UTC":
        return value
    try:
        ZoneInfo(value)
        if value not in _HOST_ZONES:
            return value
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    raise ValueError(f"unknown time zone {value!r}{_closest_zone(value)}; write an IANA name "
                     "such as Europe/Paris or America/New_York")


def _closest_zone(value: str) -> str:
    known = {name.casefold(): name for name in available_timezones() - _HOST_ZONES}
    exact = known.get(value.casefold())
    close = [exact] if exact else [known[k] for k in difflib.get_close_matches(
        value.casefold(), list(known), n=1, cutoff=0.6)]
    return f" (did you mean {close[0]!r}?)" if close else ""


TimeZone = Annotated[
    str,
    BeforeValidator(check_timezone),
    WithJsonSchema({"type": "string", "description": "an IANA time zone name, e.g. Europe/Paris"}),
]
