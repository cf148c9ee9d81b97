"""Checks recorded requests against Discord's official OpenAPI description.

For each request: its path must match one of the spec's path templates (ids
where the spec says `{snowflake}`-typed parameters), the method must exist
there, query parameters must be known to the operation, and a JSON body must
validate against the operation's requestBody schema with no unknown top-level
keys. Known imprecisions of the spec are listed in `ALLOWED`, each with why.

An upload (multipart/form-data, as discord.py sends files) is checked the same way: the
operation must take multipart bodies, every part must be `payload_json` or one of the
spec's `files[N]`, the `payload_json` JSON is the body checked above, and each file part
must be named by an `attachments` entry whose id is its index (how Discord ties the
two).

The spec is the trimmed copy in tests/specs (Discord's specs/openapi.json cut down to the
operations the tests make, by tests/specs/trim.py): a request to an operation not listed
there reports "no path template matches" or "is not an operation" until it is added.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SPEC = Path(__file__).resolve().parents[1] / "specs" / "discord-openapi.json"

# (method, path template, what) -> why the spec is wrong there, not the bot.
ALLOWED: dict[tuple[str, str, str], str] = {
    # discord.py sends a ban's options as a query string (Discord has always accepted it
    # there; its docs listed them as query parameters until 2022). The spec knows only the
    # JSON body, and marks that body as required although every field in it is optional.
    ("PUT", "/guilds/{guild_id}/bans/{user_id}", "query:delete_message_seconds"):
        "ban options as a query string",
    ("PUT", "/guilds/{guild_id}/bans/{user_id}", "body:required"):
        "ban body marked required, all its fields optional; discord.py sends none",
    # Unbans take no options; the spec declares an empty body as required.
    ("DELETE", "/guilds/{guild_id}/bans/{user_id}", "body:required"):
        "unban body marked required but has no fields",
    # discord.py's edit_original_response writes every message parameter, `tts: false`
    # included; Discord ignores it on an edit, the spec's edit schema does not list it.
    ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "body:tts"):
        "tts: false sent with an edit of the interaction's answer",
}

# discord.py writes ids inside JSON bodies as integers (allowed_mentions.users,
# message_reference, bulk-delete's messages); Discord accepts integer snowflakes, but the
# spec's SnowflakeType is a string. Bodies are validated with such integers (above 2**32:
# no count or duration gets near) turned into strings; everything else is checked as sent.
INTEGER_SNOWFLAKES = True
SNOWFLAKE_MIN = 2**32
# Integers above 2**32 that are NOT snowflakes: permission bit sets, which the spec wants as
# integers (discord.py sends `default_member_permissions` as one, e.g. 1 << 40, and a role
# edit's `permissions`, e.g. @everyone's during a raid lock).
NOT_SNOWFLAKES = frozenset({"default_member_permissions", "permissions"})
# An upload's `attachments[].id` is the index N of its `files[N]` part (Discord's docs say
# so); discord.py writes it as an integer (0, 1...), the spec types it as a snowflake
# string. Such ids are checked written as strings too.
UPLOAD_INDEXES = True


@dataclass(frozen=True)
class Operation:
    template: str
    method: str
    query: frozenset[str]
    body_pointer: str | None        # JSON pointer to the requestBody JSON schema
    body_required: bool
    file_parts: frozenset[str] | None   # multipart file part names; None: takes no upload


@cache
def load() -> dict[str, Any]:
    if not SPEC.is_file():
        raise AssertionError(
            f"Discord's OpenAPI spec is missing at {SPEC}: the adapter tests check every "
            "request against it (regenerate it with tests/specs/trim.py)")
    return json.loads(SPEC.read_text(encoding="utf-8"))


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


@cache
def _templates() -> list[tuple[re.Pattern[str], str, int]]:
    """(regex, template, literal segment count): the most literal match wins."""
    out = []
    for template in load()["paths"]:
        pattern = re.sub(r"\\\{[a-z_]+\\\}", r"[^/]+", re.escape(template))
        literal = sum(1 for part in template.split("/") if part and not part.startswith("{"))
        out.append((re.compile(f"^{pattern}$"), template, literal))
    return out


def operation(method: str, path: str) -> Operation | str:
    """The operation a request hits, or why none does."""
    matches = [(lit, t) for rx, t, lit in _templates() if rx.match(path)]
    if not matches:
        return f"no path template matches {path}"
    _, template = max(matches)
    item = load()["paths"][template]
    op = item.get(method.lower())
    if op is None:
        return f"{method} is not an operation of {template}"
    params = [*item.get("parameters", []), *op.get("parameters", [])]
    bad_ids = [
        p["name"] for p in params
        if p["in"] == "path" and p["schema"].get("$ref", "").endswith("/SnowflakeType")
        and not _path_value(template, path, p["name"]).isdigit()
        and not _path_value(template, path, p["name"]).startswith("@")
    ]
    if bad_ids:
        return f"{template}: {', '.join(bad_ids)} must be snowflakes in {path}"
    body = op.get("requestBody")
    pointer = None
    if body and "application/json" in body.get("content", {}):
        pointer = "/".join(["#", "paths", _escape(template), method.lower(), "requestBody",
                            "content", "application~1json", "schema"])
    return Operation(template, method, frozenset(p["name"] for p in params if p["in"] == "query"),
                     pointer, bool(body and body.get("required")),
                     _file_parts(((body or {}).get("content", {}).get("multipart/form-data")
                                  or {}).get("schema")))


def _file_parts(schema: dict[str, Any] | None) -> frozenset[str] | None:
    """The file parts a multipart schema declares (the `files[N]` beside the JSON fields)."""
    if schema is None:
        return None
    names: set[str] = set()
    for part in schema.get("allOf", [schema]):
        names |= {name for name, field in part.get("properties", {}).items()
                  if field.get("contentEncoding") == "binary"}
    return frozenset(names)


def _path_value(template: str, path: str, name: str) -> str:
    for t, p in zip(template.split("/"), path.split("/"), strict=False):
        if t == "{" + name + "}":
            return p
    return ""


def _schema_at(pointer: str) -> dict[str, Any]:
    node: Any = load()
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    while "$ref" in node:
        node = _schema_at(node["$ref"])
    return node


def _strings(value: Any) -> Any:
    """The body with integer snowflakes (and upload indexes) written as strings."""
    if isinstance(value, dict):
        out = {k: v if k in NOT_SNOWFLAKES else _strings(v) for k, v in value.items()}
        if UPLOAD_INDEXES and isinstance(out.get("attachments"), list):
            out["attachments"] = [
                {**a, "id": str(a["id"])} if isinstance(a, dict) and type(a.get("id")) is int
                else a for a in out["attachments"]]
        return out
    if isinstance(value, list):
        return [_strings(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and value >= SNOWFLAKE_MIN:
        return str(value)
    return value


def _upload(op: Operation, parts: tuple[str, ...], body: Any) -> list[tuple[str, str]]:
    """What is wrong with a multipart body's parts (the JSON in it is checked as a body)."""
    if op.file_parts is None:
        return [("multipart", "the operation takes no multipart body")]
    found = [(f"part:{name}", f"unknown multipart part {name!r}") for name in parts
             if name != "payload_json" and name not in op.file_parts]
    if "payload_json" not in parts:
        found.append(("part:payload_json", "no payload_json part"))
    named = {str(a.get("id")) for a in (body or {}).get("attachments") or []
             if isinstance(a, dict)} if isinstance(body, dict) else set()
    for name in parts:
        index = name.removeprefix("files[").removesuffix("]")
        if name.startswith("files[") and index not in named:
            found.append((f"part:{name}", f"{name} has no attachments entry with id {index}"))
    return found


def problems(method: str, path: str, query: dict[str, str], body: Any,
             parts: tuple[str, ...] | None = None) -> list[str]:
    """Everything wrong with one request, minus the allowed imprecisions. `parts`: the
    part names of a multipart body (whose `payload_json` is `body`); None: not one."""
    op = operation(method, path)
    if isinstance(op, str):
        return [op]
    found: list[tuple[str, str]] = [] if parts is None else _upload(op, parts, body)
    for name in query:
        if name not in op.query:
            found.append((f"query:{name}", f"unknown query parameter {name!r}"))
    if body is None:
        if op.body_required:
            found.append(("body:required", "the operation requires a JSON body"))
    elif op.body_pointer is None:
        found.append(("body:unexpected", "the operation takes no JSON body"))
    else:
        schema = _schema_at(op.body_pointer)
        known = schema.get("properties")
        if isinstance(body, dict) and known is not None:
            for key in body:
                if key not in known:
                    found.append((f"body:{key}", f"unknown body key {key!r}"))
        root = {**load(), "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": op.body_pointer}
        validator = jsonschema.Draft202012Validator(root)
        for error in validator.iter_errors(_strings(body) if INTEGER_SNOWFLAKES else body):
            where = "/".join(map(str, error.absolute_path)) or "(body)"
            found.append((f"schema:{where}", f"body {where}: {error.message[:200]}"))
    return [f"{method} {op.template}: {text}" for key, text in found
            if (method, op.template, key) not in ALLOWED]
