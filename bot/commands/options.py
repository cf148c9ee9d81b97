"""Options in, typed values out; bad input becomes a precise, private answer.

Adapters pass what the platform gave (Discord: typed values; Telegram: parsed
text, so integers may arrive as digit strings). The member is conveyed by
`Invocation.target`, never by an option.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.commands.model import CommandSpec, Invocation
from rules.actions import MAX_DELETE_MESSAGES
from rules.durations import DurationError, format_duration, parse_duration

MAX_REASON = 512
MAX_TEXT = 1500
MAX_COUNT = 1000
MAX_POINTS = 1000
_INTEGERS = {"points": (1, MAX_POINTS), "count": (1, MAX_COUNT), "case": (1, None),
             "revision": (0, None), "appeal": (1, None)}
_TEXTS = {"reason": MAX_REASON, "text": MAX_TEXT}


class BadOption(Exception):
    """Input the command cannot use; `key` and `values` word the answer."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def parse(spec: CommandSpec, inv: Invocation) -> dict[str, Any]:
    """Validated values for the command's options (missing optional ones left out)."""
    raw = inv.options
    values: dict[str, Any] = {}
    for name in spec.options:
        if name == "member":
            if inv.target is None and name in spec.required:
                raise BadOption("option.missing_member")
            continue
        value = raw.get(name)
        if value is None or value == "" or value == b"":
            if name in spec.required:
                raise BadOption("option.missing", name=name)
            continue
        values[name] = _one(name, value)
    if "file" in values:
        values["file_name"] = str(raw.get("file_name") or "rules.yaml")
    if "reason" not in values and isinstance(raw.get("reason"), str) and raw["reason"].strip():
        values["reason"] = _text("reason", raw["reason"])   # e.g. /unban @bob the reason
    return values


def _one(name: str, value: Any) -> Any:
    if name in _INTEGERS:
        return _integer(name, value, *_INTEGERS[name])
    if name in _TEXTS:
        return _text(name, value)
    if name == "duration":
        return _duration(value)
    if name == "delete_messages":
        delta = _duration(value)
        if delta > MAX_DELETE_MESSAGES:
            raise BadOption("option.delete_messages", value=value,
                            limit=format_duration(MAX_DELETE_MESSAGES))
        return delta
    if name == "file":
        if not isinstance(value, bytes | bytearray):
            raise BadOption("option.file")
        return bytes(value)
    return value


def _integer(name: str, value: Any, low: int, high: int | None) -> int:
    if isinstance(value, bool):
        raise BadOption("option.integer", name=name, value=value)
    if isinstance(value, str) and value.strip().lstrip("#").isdigit():
        value = int(value.strip().lstrip("#"))
    if not isinstance(value, int):
        raise BadOption("option.integer", name=name, value=value)
    if value < low or (high is not None and value > high):
        if high is None:
            raise BadOption("option.at_least", name=name, value=value, low=low)
        raise BadOption("option.range", name=name, value=value, low=low, high=high)
    return value


def _text(name: str, value: Any) -> str:
    text = str(value).strip()
    if len(text) > _TEXTS[name]:
        raise BadOption("option.too_long", name=name, limit=_TEXTS[name])
    return text


def _duration(value: Any) -> timedelta:
    try:
        delta = parse_duration(str(value))
    except DurationError:
        raise BadOption("option.duration", value=value) from None
    if delta <= timedelta(0):
        raise BadOption("option.duration", value=value)
    return delta
