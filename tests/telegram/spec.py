"""Every request the bot made, checked against the machine-readable Bot API spec.

The spec (PaulSonOfLars/telegram-bot-api-spec, Bot API 10.1) is the trimmed copy in
tests/specs: the methods the tests call and every type they reach (tests/specs/trim.py);
a method not listed there is "no such method" until it is added. Without the file the
check fails loudly, it never skips. python-telegram-bot sends form bodies where strings
go as they are and everything else JSON-encoded, so form values are checked in that
encoding.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from .fake import Call

SPEC = Path(__file__).resolve().parents[1] / "specs" / "telegram-bot-api.json"

# Known imprecisions of the spec, as (method, parameter): allowed though the spec
# disagrees. Empty so far: every call the bot makes matches Bot API 10.1 exactly.
ALLOWED: dict[tuple[str, str], str] = {}

_INTEGER = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


@cache
def spec() -> dict[str, Any]:
    if not SPEC.is_file():
        raise AssertionError(
            f"the Telegram Bot API spec is missing: expected {SPEC} (regenerate it with "
            "tests/specs/trim.py); the adapter's calls cannot be checked without it")
    return json.loads(SPEC.read_text(encoding="utf-8"))


def problems(calls: list[Call]) -> list[str]:
    """What is wrong with each call, as readable lines (empty: all calls conform)."""
    found: list[str] = []
    for call in calls:
        found += [f"{call.method}: {p}" for p in check_call(call)]
    return found


def check_call(call: Call) -> list[str]:
    method = spec()["methods"].get(call.method)
    if method is None:
        return ["no such method in the Bot API"]
    fields = {f["name"]: f for f in method.get("fields", [])}
    out = [f"required parameter {name!r} missing" for name, f in fields.items()
           if f["required"] and name not in call.raw]
    for name, value in call.raw.items():
        if (call.method, name) in ALLOWED:
            continue
        field = fields.get(name)
        if field is None:
            out.append(f"unknown parameter {name!r}")
            continue
        if call.form:
            error = _check_form(value, field["types"])
        else:
            error = _check_value(value, field["types"])
        if error:
            out.append(f"parameter {name!r}: {error}")
    return out


def _check_form(raw: str, types: list[str]) -> str | None:
    """A form value: a plain string for String, JSON text for anything else."""
    if "String" in types or ("InputFile" in types and raw == "<file>"):
        return None
    if not isinstance(raw, str):
        return f"expected form text, got {raw!r}"
    if types == ["Integer"] and not _INTEGER.fullmatch(raw):
        return f"expected an Integer, got {raw!r}"
    try:
        value = json.loads(raw)
    except ValueError:
        return f"expected JSON for {' or '.join(types)}, got {raw!r}"
    return _check_value(value, types)


def _check_value(value: Any, types: list[str]) -> str | None:
    errors = [e for t in types if (e := _check_type(value, t))]
    return None if len(errors) < len(types) else "; ".join(errors)


def _check_type(value: Any, kind: str) -> str | None:
    if kind.startswith("Array of "):
        if not isinstance(value, list):
            return f"expected {kind}, got {value!r}"
        inner = kind.removeprefix("Array of ")
        for item in value:
            if error := _check_value(item, [inner]):
                return f"in {kind}: {error}"
        return None
    simple = {"Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
              "Boolean": lambda v: isinstance(v, bool),
              "String": lambda v: isinstance(v, str),
              "InputFile": lambda v: isinstance(v, str)}
    if kind in simple:
        return None if simple[kind](value) else f"expected {kind}, got {value!r}"
    return _check_object(value, kind)


def _check_object(value: Any, kind: str) -> str | None:
    definition = spec()["types"].get(kind)
    if definition is None:
        return f"unknown type {kind}"
    if "subtypes" in definition:   # e.g. BotCommandScope: any one of its subtypes
        errors = [e for sub in definition["subtypes"] if (e := _check_object(value, sub))]
        return None if len(errors) < len(definition["subtypes"]) else f"matches no {kind}"
    if not isinstance(value, dict):
        return f"expected a {kind} object, got {value!r}"
    fields = {f["name"]: f for f in definition.get("fields", [])}
    for name, f in fields.items():
        if f["required"] and name not in value:
            return f"{kind}.{name} is required"
    for name, item in value.items():
        if name not in fields:
            return f"{kind} has no field {name!r}"
        if error := _check_value(item, fields[name]["types"]):
            return f"{kind}.{name}: {error}"
    return None
