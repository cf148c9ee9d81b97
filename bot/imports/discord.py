"""DiscordChatExporter JSON (one channel a file) read as the event stream, streaming.

DiscordChatExporter writes `guild` and `channel` before `messages`, and the messages
oldest first; so the two small objects are read first, then the messages one at a time
(ijson, yajl's C parser), and several files of one server are merged by time without
holding any of them. Gardien's own `archive channel` files have the same shape; those of a
Telegram group carry the chat's negative id as the guild's, and become Telegram events.

Mapping (docs/imports.md): `Default`, `Reply` and the slash-command answers become
messages, `GuildMemberJoin` a join; the other system types (pins, thread creation,
calls, renames...) carry no member content and become nothing.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring
from typing import Any

import ijson

from bot.eventstream import dumps_line
from bot.imports import spans
from bot.imports.common import (
    CountingReader,
    ExportError,
    Progress,
    ProgressTeller,
    Skip,
    json_error,
    not_utf8,
    numbered,
    skipped,
    utc_text,
)

MESSAGE_TYPES = frozenset({"Default", "Reply", "ChatInputCommand", "ContextMenuCommand",
                           "ThreadStarterMessage"})
JOIN_TYPE = "GuildMemberJoin"
PROGRESS_EVERY = 4096

# An event and its time, by which files are merged: aware datetimes compare as instants, as
# their POSIX times would, without computing one for each message of a single file.
Timed = tuple[datetime, dict[str, Any]]
Warn = Callable[[str], None]


def _ident(value: Any, where: str) -> str:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Skip(f"{where} must be a non-empty id")


def _time(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise Skip(f"{where} must be an ISO 8601 time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Skip(f"{where} is not an ISO 8601 time: {value[:40]!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stamp(value: Any) -> tuple[datetime, str]:
    """(the time, the stream's `at`) of a timestamp. DiscordChatExporter's usual
    `2026-01-01T10:00:00.123+00:00` is cut to the stream's text, not formatted again."""
    moment = _time(value, "timestamp")
    if (len(value) == 29 and value[10] == "T" and value[19] == "." and value[4] == "-"
            and value.endswith("+00:00")):
        return moment, (value[:19] if value[20:23] == "000" else value[:23]) + "Z"
    return moment, utc_text(moment)


def _head(path: str, key: str) -> dict[str, Any]:
    """The top-level object `key`, read from the start of the file (it precedes messages)."""
    with open(path, "rb") as raw:
        reader = CountingReader(raw, path)
        try:
            found = next(ijson.items(reader, key, use_float=True), None)
        except ijson.JSONError as error:
            raise json_error(path, error, reader) from None
        except UnicodeDecodeError:
            raise not_utf8(path) from None
    if not isinstance(found, dict):
        raise ExportError(f"{path}: no {key!r} object: not a DiscordChatExporter export")
    return found


# Authors as already converted, by id: most messages are by someone already met.
_USERS: dict[str, tuple[Any, bool, Any, dict[str, Any]]] = {}
_USERS_CAP = 100_000


def _user(author: Any) -> dict[str, Any]:
    if not isinstance(author, dict):
        raise Skip("'author' must be an object")
    ident, name, raw_roles = author.get("id"), author.get("name"), author.get("roles")
    bot = author.get("isBot") is True
    known = _USERS.get(ident) if type(ident) is str else None
    # Equal to a text only is a text: the same name and roles give the same user.
    if known is not None and known[0] == name and known[1] is bot and known[2] == raw_roles:
        return known[3]
    roles: list[str] = []
    plain = True
    for role in raw_roles or ():
        if isinstance(role, dict):   # names and ids, as the live bot gives rules both
            roles += [str(role[k]) for k in ("name", "id") if role.get(k) not in (None, "")]
            plain = plain and all(type(role.get(k)) in (str, type(None)) for k in ("name", "id"))
    user = {"id": _ident(ident, "author.id"), "name": str(name or ""), "roles": roles, "bot": bot}
    if type(ident) is str and plain and type(name) in (str, type(None)):
        if len(_USERS) >= _USERS_CAP:
            _USERS.clear()
        _USERS[ident] = (name, bot, raw_roles, user)
    return user


def _attachments(items: Any) -> list[dict[str, Any]]:
    files = []
    for item in items or ():
        if isinstance(item, dict):
            size = item.get("fileSizeBytes")
            files.append({"filename": str(item.get("fileName") or ""),
                          "size": int(size) if isinstance(size, int | float) and size > 0 else 0})
    return files


def convert(body: Any, place: dict[str, Any]) -> Timed | None:
    """One exported message -> (its time, event), or None for a type that is no event.

    The event's `user` may be shared with other events of the same author: not to be
    changed in place (Pseudonyms.event replaces it)."""
    if not isinstance(body, dict):
        raise Skip("a message must be an object")
    kind = body.get("type") or "Default"
    join = kind == JOIN_TYPE
    if not join and kind not in MESSAGE_TYPES:
        return None
    moment, at = _stamp(body.get("timestamp"))
    ident = body.get("id")
    if type(ident) is not str or not ident:
        ident = _ident(ident, "id")
    user = _user(body.get("author"))
    if join:
        return moment, {"id": ident, "type": "join", "platform": place["platform"],
                        "community": place["community"], "at": at, "user": user}
    text = body.get("content")
    text = text if isinstance(text, str) else ""
    mentions = body.get("mentions")
    files = body.get("attachments")
    event: dict[str, Any] = {
        "id": ident, "type": "message", "platform": place["platform"],
        "community": place["community"], "at": at, "user": user,
        "channel": place["channel"], "channel_id": place["channel_id"], "text": text,
        "mentions": [_ident(m.get("id"), "mentions.id") for m in mentions
                     if isinstance(m, dict)] if mentions else [],
        "attachments": _attachments(files) if files else []}
    if "@" in text and ("@everyone" in text or "@here" in text):
        event["everyone"] = True
    reference = body.get("reference")
    if isinstance(reference, dict) and reference.get("messageId"):
        event["reply_to"] = str(reference["messageId"])
    return moment, event


def _place(path: str) -> dict[str, Any]:
    guild, channel = _head(path, "guild"), _head(path, "channel")
    try:
        community, channel_id = _ident(guild.get("id"), "guild.id"), _ident(channel.get("id"),
                                                                             "channel.id")
    except Skip as problem:
        raise ExportError(f"{path}: {problem}") from None
    # A Gardien archive of a Telegram group: the chat id (negative) stands as the guild's.
    telegram = community.startswith("-")
    name = str(channel.get("name") or "") or channel_id
    return {"platform": "telegram" if telegram else "discord", "community": community,
            "channel": channel_id if telegram else name, "channel_id": channel_id}


def read_file(path: str, warn: Warn, progress: Progress | None = None) -> Iterator[Timed]:
    """The events of one file, in file order; bad messages reported through `warn`.

    orjson on spans of messages first (bot/imports/spans.py); where that cannot go on,
    ijson reads the file again and takes over from the first message not yet read."""
    place = _place(path)
    done = 0   # messages read by the fast path
    tell = ProgressTeller(progress)

    with open(path, "rb") as raw:
        reader = CountingReader(raw, path)
        try:
            for body in spans.messages(reader, _ignored):
                done += 1
                try:
                    timed = convert(body, place)
                except Skip as problem:
                    warn(skipped(path, done, body, problem))
                else:
                    if timed is not None:
                        yield timed
                if done % PROGRESS_EVERY == 0:
                    tell(reader.consumed)
        except spans.Fallback:
            pass
        else:
            tell(reader.consumed)
            return
    with open(path, "rb") as raw:
        reader = CountingReader(raw, path)
        items = ijson.items(reader, "messages.item", use_float=True)
        for number, body in numbered(items, path, reader, (ijson.JSONError,)):
            if number <= done:
                continue
            timed = _converted(path, number, body, place, warn)
            if timed is not None:
                yield timed
            if number % PROGRESS_EVERY == 0:
                tell(reader.consumed)
        tell(reader.consumed)


def _ignored(key: str, value: Any) -> None:
    """The header of a DiscordChatExporter file is read by `_place`."""


def _converted(path: str, number: int, body: Any, place: dict[str, Any],
               warn: Warn) -> Timed | None:
    try:
        return convert(body, place)
    except Skip as problem:
        warn(skipped(path, number, body, problem))
        return None


def read_files(paths: Sequence[str], warn: Warn,
               progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """The events of several files (channels of one server), merged in time order."""
    for path in paths:   # fail early on a file that is no export at all
        _place(path)
    if len(paths) == 1:   # nothing to merge
        for _, event in read_file(paths[0], warn, progress):
            yield event
        return
    streams = [read_file(path, warn, progress) for path in paths]
    for _, event in heapq.merge(*streams, key=lambda timed: timed[0]):
        yield event


# The keys of `convert`'s plain message (no `everyone`, no `reply_to`), in its order.
_MESSAGE_KEYS = ("id", "type", "platform", "community", "at", "user", "channel", "channel_id",
                 "text", "mentions", "attachments")


def lines(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """`dumps_line` of each event, the very text (tests/imports/test_discord_lines.py), a plain
    message's by hand: its strings by the encoder's own function, its author's object
    written once per author (`_user` shares it), not for every message. Anything else, or
    a value of another type, is dumps_line's."""
    authors: dict[int, tuple[dict[str, Any], str]] = {}   # id(user) -> (user, its text)
    text = encode_basestring
    for event in events:
        if tuple(event) != _MESSAGE_KEYS or event["attachments"]:
            yield dumps_line(event)
            continue
        user = event["user"]
        known = authors.get(id(user))
        if known is None or known[0] is not user:   # the entry holds it: an id not reused
            if len(authors) >= _USERS_CAP:
                authors.clear()
            known = authors[id(user)] = (user, dumps_line(user))
        mentions = event["mentions"]
        try:
            line = (f'{{"id": {text(event["id"])}, "type": {text(event["type"])}, '
                    f'"platform": {text(event["platform"])}, '
                    f'"community": {text(event["community"])}, "at": {text(event["at"])}, '
                    f'"user": {known[1]}, "channel": {text(event["channel"])}, '
                    f'"channel_id": {text(event["channel_id"])}, '
                    f'"text": {text(event["text"])}, '
                    f'"mentions": [{", ".join(map(text, mentions))}], "attachments": []}}'
                    if type(mentions) is list else dumps_line(event))
        except TypeError:   # a value that is no string: the encoder's own answer
            line = dumps_line(event)
        yield line
