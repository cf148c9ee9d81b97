"""Options in, typed values out; bad input becomes a precise, private answer.

Every bound comes from the command's `OptionSpec`s (registry.py), the same ones the
platforms register, so what Discord's picker allows and what the core accepts cannot
drift apart. Adapters pass what the platform gave (Discord: typed values; Telegram:
parsed text, so integers may arrive as digit strings). The member is conveyed by
`Invocation.target`, never by an option.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from bot.command_model import CommandSpec, Invocation, Kind, OptionSpec
from bot.commands.registry import reason
from rules.durations import DurationError, format_duration, parse_duration

# A reason given to a command that has no reason option (`/unban @bob sorry`): kept on the
# case, never required (not even under `commands.require_reason`, which is about sanctions).
STRAY_REASON = reason()
MAX_DIGITS = 18     # longer digit strings are beyond every bound (and int() refuses > 4300)
MAX_CHANNEL = 100   # characters of a channel's name or id
SHOWN = 40          # characters of a bad value a refusal quotes
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadOption(Exception):
    """Input the command cannot use; `key` and `values` word the answer."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def parse(spec: CommandSpec, inv: Invocation, *,
          require_reason: bool = False) -> dict[str, Any]:
    """Validated values for the command's options (missing optional ones left out, or at
    their default). `require_reason`: the community's rule file makes the options that may
    be required by it (a sanction's reason) required."""
    raw = inv.options
    values: dict[str, Any] = {}
    for option in spec.options:
        if option.kind is Kind.MEMBER:
            if inv.target is None and option.required:
                raise BadOption("option.missing_member")
            continue
        value = raw.get(option.name)
        if _empty(value):
            if option.required:
                raise BadOption("option.missing", name=option.name)
            if option.rule_file_may_require and require_reason:
                raise BadOption("option.reason_required", command=spec.name)
            if option.default is not None:
                values[option.name] = option.default
            continue
        values[option.name] = _one(option, value)
        if option.kind is Kind.FILE:
            values[f"{option.name}_name"] = str(raw.get(f"{option.name}_name") or "rules.yaml")
    if spec.option("reason") is None and isinstance(raw.get("reason"), str) \
            and raw["reason"].strip():
        values["reason"] = _text(STRAY_REASON, raw["reason"])   # e.g. /unban @bob the reason
    return values


def _empty(value: Any) -> bool:
    """Nothing given: no value, an empty file, or text that is only blanks (it would be
    stored as "" once stripped, so it is no more a reason than no text at all)."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == b""


def _one(option: OptionSpec, value: Any) -> Any:
    if option.kind is Kind.INTEGER:
        return _integer(option, value)
    if option.kind is Kind.TEXT:
        return _text(option, value)
    if option.kind is Kind.DURATION:
        delta = _duration(value)
        if option.longest is not None and delta > option.longest:
            raise BadOption("option.duration_at_most", name=option.name, value=value,
                            limit=format_duration(option.longest))
        return delta
    if option.kind is Kind.CHANNEL:
        channel = str(value).strip().lstrip("#")
        if not channel or len(channel) > MAX_CHANNEL or any(c.isspace() for c in channel):
            raise BadOption("option.channel", value=_short(str(value)))
        return channel
    if option.kind is Kind.DAY:
        return _day(option, value)
    if option.kind is Kind.FILE:
        if not isinstance(value, bytes | bytearray):
            raise BadOption("option.file")
        return bytes(value)
    return value


def digits(text: str) -> bool:
    """Whether `text` is a whole number in ASCII digits: `"²".isdigit()` is True, yet int()
    refuses it, and other scripts' digits are not what a moderator meant by a number."""
    return text.isascii() and text.isdigit()


def whole_number(text: str) -> int | None:
    """`12` or `#12` as an int; None when it is not one or is too long to be a bound's."""
    text = text.strip().lstrip("#")
    return int(text) if digits(text) and len(text) <= MAX_DIGITS else None


def _integer(option: OptionSpec, value: Any) -> int:
    name, low, high = option.name, option.low, option.high
    if isinstance(value, bool):
        raise BadOption("option.integer", name=name, value=value)
    if isinstance(value, str):
        text = value.strip().lstrip("#")
        if digits(text) and len(text) > MAX_DIGITS:
            raise BadOption("option.too_large", name=name, value=_short(text))
        if digits(text):
            value = int(text)
    if not isinstance(value, int):
        raise BadOption("option.integer", name=name, value=_short(value))
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            raise BadOption("option.at_least", name=name, value=value, low=low)
        raise BadOption("option.range", name=name, value=value, low=low, high=high)
    return value


def _text(option: OptionSpec, value: Any) -> str:
    text = str(value).strip()
    if option.max_length is not None and len(text) > option.max_length:
        raise BadOption("option.too_long", name=option.name, limit=option.max_length)
    return text


def _day(option: OptionSpec, value: Any) -> date:
    text = str(value).strip()
    try:
        if _DAY.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise BadOption("option.day", name=option.name, value=_short(text))


def _duration(value: Any) -> timedelta:
    try:
        delta = parse_duration(str(value))
    except (DurationError, ValueError):     # ValueError: more digits than int() reads
        raise BadOption("option.duration", value=_short(value)) from None
    if delta <= timedelta(0):
        raise BadOption("option.duration", value=value)
    return delta


def _short(value: Any) -> Any:
    """A value as a refusal may quote it: long text cut (a refusal fits in one message)."""
    return value if not isinstance(value, str) or len(value) <= SHOWN else value[:SHOWN] + "…"
