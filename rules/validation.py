"""Turning pydantic's validation errors into problems an admin can act on.

Pydantic checks types and ranges; this module speaks to the admin: the key at
fault, its position in the file, "did you mean" for unknown keys, and the value
that was given.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from rules.yamlsource import Path as YamlPath

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def adapter(tp: Any) -> TypeAdapter[Any]:
    cached = _ADAPTERS.get(tp)
    if cached is None:
        cached = _ADAPTERS[tp] = TypeAdapter(tp)
    return cached


def _strip(tp: Any) -> Any:
    """Remove Annotated and Optional wrappers."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        if len(members) == 1:
            return _strip(members[0])
    return tp


def pick_union_member(tp: Any, value: Any) -> Any:
    """For `list[str] | Model` style options, choose the member by the value's shape,
    so errors speak about the form the admin actually wrote."""
    stripped = _strip(tp)
    if typing.get_origin(stripped) not in (typing.Union, types.UnionType):
        return tp   # unstripped: Annotated constraints such as min_length must still apply
    for member in typing.get_args(stripped):
        bare = _strip(member)
        origin = typing.get_origin(bare) or bare
        if isinstance(value, list) and origin is list:
            return member
        if isinstance(value, dict) and isinstance(bare, type) and issubclass(bare, BaseModel):
            return member
    return tp


def allowed_keys(tp: Any, loc: YamlPath) -> list[str]:
    """The keys a model accepts at `loc`, for suggestions."""
    tp = _strip(tp)
    for part in loc:
        if isinstance(part, int):
            args = typing.get_args(tp)
            tp = _strip(args[0]) if args else tp
            continue
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = next(
                (f for name, f in tp.model_fields.items() if (f.alias or name) == part), None
            )
            if field is None:
                return []
            tp = _strip(field.annotation)
        else:
            return []
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [f.alias or name for name, f in tp.model_fields.items()]
    return []


def suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    if choices:
        return f"; expected one of: {', '.join(sorted(choices))}"
    return ""


def describe(error: ErrorDetails, root: Any) -> tuple[YamlPath, str, bool]:
    """(location, plain message, points at a key) for one pydantic error."""
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and "[" in part))
    kind = error["type"]
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    given = error.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        return loc, f"unknown key {key!r}{suggest(key, allowed_keys(root, loc[:-1]))}", True
    if kind == "missing":
        return loc[:-1], f"missing required key {name!r}", False
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    prefix = f"{name}: " if name else ""
    if kind in ("value_error", "assertion_error"):
        return loc, f"{prefix}{message}", False
    return loc, f"{prefix}{message[:1].lower()}{message[1:]} (got {given!r})", False


def validate(
    tp: Any,
    value: Any,
    report: Callable[[YamlPath, str, bool], None],
) -> Any | None:
    """Validate `value` as `tp`; report every problem and return None on failure."""
    member = pick_union_member(tp, value)
    try:
        return adapter(member).validate_python(value)
    except ValidationError as failure:
        for error in failure.errors(include_url=False):
            loc, message, at_key = describe(error, member)
            report(loc, message, at_key)
        return None
