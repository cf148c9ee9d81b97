"""Building blocks for the rule-file schema: strict models, durations, id lists."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

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
