"""Reading the JSON Lines event stream of FORMATS.md into engine events.

Each line is parsed on its own; a malformed one raises `EventFormatError`
with a plain reason so the caller can report its line number and go on.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from rules.events import Attachment, Join, Member, Message, valid_event

EVENT_TYPES = ("message", "join")


class EventFormatError(ValueError):
    """A line that is not a valid event."""


def _time(value: Any, key: str) -> datetime:
    if not isinstance(value, str):
        raise EventFormatError(f"{key!r} must be an ISO 8601 time such as 2026-11-20T10:00:00Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise EventFormatError(f"{key!r} is not an ISO 8601 time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text(value: Any, key: str, default: str = "") -> str:
    if type(value) is str:
        return value
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise EventFormatError(f"{key!r} must be a string")
    return str(value)


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if value is None or value == []:
        return ()
    if not isinstance(value, list):
        raise EventFormatError(f"{key!r} must be a list")
    return tuple(_text(item, key) for item in value)


_MEMBERS: dict[tuple[Any, ...], Member] = {}
_MEMBER_CACHE_CAP = 100_000


def _member(value: Any) -> Member:
    """The event's author; identical author objects (the common case) are parsed once."""
    if not isinstance(value, dict) or "id" not in value:
        raise EventFormatError("'user' must be an object with an 'id'")
    roles = value.get("roles")
    try:
        key = (value["id"], value.get("name"), tuple(roles) if isinstance(roles, list) else roles,
               value.get("joined_at"), value.get("created_at"), value.get("bot"))
        cached = _MEMBERS.get(key)
    except TypeError:   # unhashable junk inside: parse (and fail) the slow way
        key, cached = None, None
    if cached is not None:
        return cached
    member = Member(
        id=_text(value["id"], "user.id"),
        name=_text(value.get("name"), "user.name"),
        roles=_strings(roles, "user.roles"),
        joined_at=_time(value["joined_at"], "user.joined_at") if value.get("joined_at") else None,
        created_at=(
            _time(value["created_at"], "user.created_at") if value.get("created_at") else None
        ),
        bot=bool(value.get("bot", False)),
    )
    if key is not None:
        if len(_MEMBERS) >= _MEMBER_CACHE_CAP:
            _MEMBERS.clear()
        _MEMBERS[key] = member
    return member


def _attachments(value: Any) -> tuple[Attachment, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise EventFormatError("'attachments' must be a list")
    files = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("filename"), str):
            raise EventFormatError("each attachment must be an object with a 'filename'")
        size = item.get("size", 0)
        files.append(Attachment(item["filename"], size if isinstance(size, int) else 0))
    return tuple(files)


def parse_event(line: str) -> Message | Join:
    """One JSON line -> Message or Join, with valid text (no lone surrogate: a JSON
    "\\ud800" escape is replaced by U+FFFD, see rules.events.valid_text)."""
    return valid_event(_parse(line))


def _parse(line: str) -> Message | Join:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise EventFormatError(f"not JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(data, dict):
        raise EventFormatError("an event must be a JSON object")
    kind = data.get("type")
    if kind not in EVENT_TYPES:
        raise EventFormatError(f"'type' must be one of {', '.join(EVENT_TYPES)}, not {kind!r}")
    for key in ("id", "at", "user", "community"):
        if key not in data:
            raise EventFormatError(f"missing {key!r}")
    platform = _text(data.get("platform"), "platform")
    community = _text(data["community"], "community")
    community_key = f"{platform}:{community}" if platform else community
    event_id = _text(data["id"], "id")
    at = _time(data["at"], "at")
    user = _member(data["user"])
    if kind == "join":
        return Join(id=event_id, community=community_key, at=at, user=user)
    text = data.get("text", "")
    if not isinstance(text, str):
        raise EventFormatError("'text' must be a string")
    get = data.get
    mentions, role_mentions, attachments, links = (
        get("mentions"), get("role_mentions"), get("attachments"), get("links"))
    return Message(
        id=event_id,
        community=community_key,
        at=at,
        user=user,
        text=text,
        channel=_text(get("channel"), "channel", "default"),
        channel_id=_text(get("channel_id"), "channel_id"),
        mentions=_strings(mentions, "mentions") if mentions is not None else (),
        role_mentions=_strings(role_mentions, "role_mentions") if role_mentions is not None else (),
        mentions_everyone=bool(get("everyone", False)),
        attachments=_attachments(attachments) if attachments is not None else (),
        links=_strings(links, "links") if links is not None else (),
        edited=bool(get("edited", False)),
        group=_text(get("group"), "group"),
    )
