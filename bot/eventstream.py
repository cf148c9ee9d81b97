"""Reading the JSON Lines event stream of FORMATS.md into engine events.

Each line is parsed on its own; a malformed one raises `EventFormatError`
with a plain reason so the caller can report its line number and go on.
Whatever a line holds (bytes that are not UTF-8, JSON nested a million deep,
a number of ten thousand digits, a string where a boolean belongs), the
reader refuses it with that one error and never anything else: one bad line
of last month's history must not stop a replay of the rest.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import IO, Any

import orjson

from rules.events import Attachment, Join, Leave, Member, Message, valid_event

EVENT_TYPES = ("message", "join", "leave")
# Far above any real event (platforms cap a message at a few thousand characters), and
# low enough that a stream without newlines (a binary file, /dev/zero) is read in bounded
# pieces instead of whole.
MAX_LINE_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"


class EventFormatError(ValueError):
    """A line that is not a valid event."""


def _refused(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON")


# Python's C encoder, made once (json.dumps makes one a call) and without the check for
# cycles (lines are trees): json.dumps(ensure_ascii=False)'s very text, about a third
# cheaper on a small dict.
_encoder = (c_make_encoder(None, _refused, encode_basestring, None, ": ", ", ", False, False,
                           True) if c_make_encoder is not None else None)


def dumps_line(value: dict[str, Any]) -> str:
    """`json.dumps(value, ensure_ascii=False)`: a line of the stream, or of results."""
    if _encoder is None:
        return json.dumps(value, ensure_ascii=False)
    return "".join(_encoder(value, 0))


def read_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream's lines as bytes, each at most MAX_LINE_BYTES + 1 long.

    Decoding is left to `parse_event`, so that a byte that is not UTF-8 costs its own
    line only; a longer line is cut there (and refused by `parse_event`), the rest of it
    skipped without being held in memory. A UTF-8 byte-order mark on the first line (what
    some editors write) is dropped.
    """
    first = True
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if first:
            first = False
            if line.startswith(_BOM):
                line = line[len(_BOM):]
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:   # drop the rest of the long line, piece by piece
                rest = stream.readline(MAX_LINE_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


# --- fields ---------------------------------------------------------------------------

def _time(value: Any, key: str) -> datetime:
    if not isinstance(value, str):
        raise EventFormatError(f"{key!r} must be an ISO 8601 time such as 2026-11-20T10:00:00Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise EventFormatError(f"{key!r} is not an ISO 8601 time: {_shown(value)}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _optional_time(value: Any, key: str) -> datetime | None:
    return None if value is None or value == "" else _time(value, key)


def _text(value: Any, key: str, default: str = "") -> str:
    """An optional text: a string, or an integer (ids often are); null is the default."""
    if type(value) is str:
        return value
    if value is None:
        return default
    if type(value) is not int:   # a boolean is not an id: `true` must not become "True"
        raise EventFormatError(f"{key!r} must be a string, not {_kind(value)}")
    return str(value)


def _ident(value: Any, key: str) -> str:
    """A required id: a non-empty string or an integer; never null, a boolean or ""."""
    if type(value) is str:
        if value:
            return value
        raise EventFormatError(f"{key!r} must not be empty")
    if type(value) is int:
        return str(value)
    raise EventFormatError(f"{key!r} must be a non-empty string or an integer, not {_kind(value)}")


def _flag(value: Any, key: str) -> bool:
    """A JSON boolean (absent or null: false). "false" is not false, so it is refused."""
    if value is None:
        return False
    if type(value) is not bool:
        raise EventFormatError(f"{key!r} must be true or false, not {_kind(value)}")
    return value


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if value is None or value == []:
        return ()
    if not isinstance(value, list):
        raise EventFormatError(f"{key!r} must be a list, not {_kind(value)}")
    items = []
    for item in value:
        if item is None:
            raise EventFormatError(f"{key!r} must hold strings, not null")
        items.append(_text(item, key))
    return tuple(items)


def _kind(value: Any) -> str:
    """What a person sees as the wrong value's JSON type."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, str):
        return f"the string {_shown(value)}"
    return {int: "a number", float: "a number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__)


def _shown(text: str, limit: int = 40) -> str:
    """A value quoted in a message, cut short: a reason must stay one readable line."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


# --- the author -----------------------------------------------------------------------

_MEMBERS: dict[tuple[Any, ...], Member] = {}
_MEMBER_CACHE_CAP = 100_000


def _member_key(value: dict[str, Any]) -> tuple[Any, ...] | None:
    """The cache key of an author object (perhaps unhashable), or None when it cannot be
    cached.

    Types are part of the key: `1`, `1.0` and `true` are equal in Python, but only the
    first is a valid id, and only `true` a valid `bot`.
    """
    ident, name, roles, bot = value["id"], value.get("name"), value.get("roles"), value.get("bot")
    if isinstance(roles, list):
        if not all(type(role) is str for role in roles):
            return None
        roles = tuple(roles)
    return (ident, type(ident), name, type(name), roles, value.get("joined_at"),
            value.get("created_at"), bot, type(bot))


def _member(value: Any) -> Member:
    """The event's author; identical author objects (the common case) are parsed once."""
    if not isinstance(value, dict) or "id" not in value:
        raise EventFormatError("'user' must be an object with an 'id'")
    key = _member_key(value)
    if key is not None:
        try:
            cached = _MEMBERS.get(key)
        except TypeError:   # unhashable junk inside: parse (and fail) the slow way
            key = cached = None
        if cached is not None:
            return cached
    member = Member(
        id=_ident(value["id"], "user.id"),
        name=_text(value.get("name"), "user.name"),
        roles=_strings(value.get("roles"), "user.roles"),
        joined_at=_optional_time(value.get("joined_at"), "user.joined_at"),
        created_at=_optional_time(value.get("created_at"), "user.created_at"),
        bot=_flag(value.get("bot"), "user.bot"),
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
        raise EventFormatError(f"'attachments' must be a list, not {_kind(value)}")
    files = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("filename"), str):
            raise EventFormatError("each attachment must be an object with a 'filename'")
        size = item.get("size")
        if size is None:
            size = 0
        elif type(size) is not int or size < 0:
            raise EventFormatError(
                f"an attachment's 'size' must be a number of bytes, not {_kind(size)}")
        files.append(Attachment(item["filename"], size))
    return tuple(files)


# --- one line -------------------------------------------------------------------------

def parse_event(line: str | bytes) -> Message | Join | Leave:
    """One JSON line -> Message, Join or Leave, with valid text (no lone surrogate: a JSON
    "\\ud800" escape is replaced by U+FFFD, see rules.events.valid_text)."""
    raw = line if type(line) is bytes else _utf8(line)
    if raw is not None:
        data = _fast_json(raw)
        if data is not _SLOW:
            # orjson refuses lone surrogates and bytes that are not UTF-8: its strings are
            # valid text already, valid_event would find nothing to replace
            return _event(data)
    return valid_event(_parse(_decoded(line)))


def _utf8(line: str | bytes) -> bytes | None:
    """A text line's UTF-8 (None for one with a lone surrogate, left to the standard
    path); its length in bytes is never below its length in characters, so the fast
    path's limit refuses no line the standard one accepts."""
    if not isinstance(line, str):
        return None
    try:
        return line.encode("utf-8")
    except UnicodeEncodeError:
        return None


def event_of(data: dict[str, Any]) -> Message | Join | Leave:
    """An event given as the dict its JSON line decodes to (an importer's, not read back
    from text): the same checks and the same event as `parse_event` of that line."""
    return valid_event(_event(data))


_SLOW = object()
# For `long_integer`: digits as 0, what may precede a number (`:`, `[`, `,`) as c, a minus
# as m, other bytes as x; whitespace deleted.
_NUMBER_BYTES = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x63 if byte in b":[," else
                      0x6D if byte == 0x2D else 0x78 for byte in range(256))
_NINETEEN = b"c" + b"0" * 19


def long_integer(data: bytes) -> bool:
    """Whether JSON text may hold an integer of 19 digits or more (which orjson reads as a
    float past 64 bits, json and yajl otherwise). Never wrong when it says no; a text such
    as "a, 1234567890123456789" says yes. Two byte searches, no regex: a 19-digit id in
    quotes (every Discord snowflake) is no number."""
    kept = data.translate(_NUMBER_BYTES, b" \t\r\n")
    return _NINETEEN in kept or b"cm" + _NINETEEN[1:] in kept


def _fast_json(line: bytes) -> Any:
    """orjson's reading of a line whose answer is the standard path's, else _SLOW: a line
    too long, perhaps too deep, perhaps with an integer past 64 bits, or that orjson
    refuses."""
    if len(line) > MAX_LINE_BYTES or long_integer(line) or (
            len(line) >= 2 * _DEEP and line.count(b"{") + line.count(b"[") >= _DEEP):
        return _SLOW
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return _SLOW


def _decoded(line: str | bytes) -> str:
    if len(line) > MAX_LINE_BYTES:
        unit = "bytes" if isinstance(line, bytes) else "characters"
        raise EventFormatError(f"longer than {MAX_LINE_BYTES:,} {unit}")
    if isinstance(line, str):
        return line
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = line[error.start]
        raise EventFormatError(
            f"not UTF-8: byte 0x{byte:02x} at byte {error.start + 1}") from None


# Past this many opening brackets a line may nest deeper than the standard library accepts
# (orjson's own limit is 1024): such a line takes the standard path, to be refused the same.
_DEEP = 900
# orjson reads an integer past 64 bits as a float; the standard library keeps it an int.
_LONG_NUMBER = re.compile(r"\d{19}")


def _json(line: str) -> Any:
    """orjson when it can (a C decoder, ~3x json.loads on event lines); anything it refuses,
    and any line that might nest too deeply, goes to json.loads: the standard library's
    answers (its error messages, its big integers and lone-surrogate escapes) stay ours."""
    if (len(line) < 2 * _DEEP or line.count("{") + line.count("[") < _DEEP) and (
        _LONG_NUMBER.search(line) is None
    ):
        try:
            return orjson.loads(line)
        except orjson.JSONDecodeError:
            pass
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise EventFormatError(f"not JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise EventFormatError("not an event: JSON nested too deeply") from None
    except ValueError:   # an integer past Python's conversion limit (sys.get_int_max_str_digits)
        raise EventFormatError(
            f"not an event: a number has more than {sys.get_int_max_str_digits():,} digits"
        ) from None


def _parse(line: str) -> Message | Join | Leave:
    return _event(_json(line))


def _event(data: Any) -> Message | Join | Leave:
    if not isinstance(data, dict):
        raise EventFormatError("an event must be a JSON object")
    kind = data.get("type")
    if kind not in EVENT_TYPES:
        shown = _shown(kind) if isinstance(kind, str) else _kind(kind)
        raise EventFormatError(f"'type' must be one of {', '.join(EVENT_TYPES)}, not {shown}")
    for key in ("id", "at", "user", "community"):
        if key not in data:
            raise EventFormatError(f"missing {key!r}")
    platform, community = data.get("platform"), data["community"]
    # the common case, two non-empty texts, looked up: one key per community
    community_key = (_COMMUNITIES.get((platform, community))
                     if type(platform) is str and type(community) is str else None)
    if community_key is None:
        community_key = _community_key(platform, community)
    event_id = data["id"]
    if type(event_id) is not str or not event_id:
        event_id = _ident(event_id, "id")
    at = _time(data["at"], "at")
    user = _member(data["user"])
    if kind == "join":
        return Join(id=event_id, community=community_key, at=at, user=user)
    if kind == "leave":
        return Leave(id=event_id, community=community_key, at=at, user=user)
    text = data.get("text", "")
    if not isinstance(text, str):
        raise EventFormatError(f"'text' must be a string, not {_kind(text)}")
    get = data.get
    mentions, role_mentions, attachments, links = (
        get("mentions"), get("role_mentions"), get("attachments"), get("links"))
    channel, channel_id, everyone, edited, group, reply_to = (
        get("channel"), get("channel_id"), get("everyone"), get("edited"), get("group"),
        get("reply_to"))
    # each field's own check only where the value is not the common one (a text, a
    # boolean, an empty or absent list): the same answers, fewer calls
    return Message(
        id=event_id,
        community=community_key,
        at=at,
        user=user,
        text=text,
        channel=channel if type(channel) is str else _text(channel, "channel", "default"),
        channel_id=channel_id if type(channel_id) is str else _text(channel_id, "channel_id"),
        mentions=() if _empty(mentions) else _strings(mentions, "mentions"),
        role_mentions=() if _empty(role_mentions) else _strings(role_mentions,
                                                                "role_mentions"),
        mentions_everyone=everyone if type(everyone) is bool else _flag(everyone, "everyone"),
        attachments=() if _empty(attachments) else _attachments(attachments),
        links=() if _empty(links) else _strings(links, "links"),
        edited=edited if type(edited) is bool else _flag(edited, "edited"),
        group=group if type(group) is str else _text(group, "group"),
        reply_to=reply_to if type(reply_to) is str else _text(reply_to, "reply_to"),
    )


def _empty(value: Any) -> bool:
    """Absent or an empty list: the field's empty tuple without its check."""
    return value is None or (type(value) is list and not value)


_COMMUNITIES: dict[tuple[str, str], str] = {}


def _community_key(platform: Any, community: Any) -> str:
    """`<platform>:<community>` (the community alone without a platform), checked."""
    platform = _text(platform, "platform")
    ident = _ident(community, "community")
    key = f"{platform}:{ident}" if platform else ident
    if type(community) is str and len(_COMMUNITIES) < 10_000:
        _COMMUNITIES[(platform, community)] = key
    return key
