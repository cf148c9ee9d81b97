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
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import ijson

from bot.imports.common import (
    CountingReader,
    ExportError,
    Skip,
    json_error,
    numbered,
    skipped,
    utc_text,
)

MESSAGE_TYPES = frozenset({"Default", "Reply", "ChatInputCommand", "ContextMenuCommand",
                           "ThreadStarterMessage"})
JOIN_TYPE = "GuildMemberJoin"
PROGRESS_EVERY = 4096

Timed = tuple[float, dict[str, Any]]
Warn = Callable[[str], None]
Progress = Callable[[int], None]


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


def _head(path: str, key: str) -> dict[str, Any]:
    """The top-level object `key`, read from the start of the file (it precedes messages)."""
    with open(path, "rb") as raw:
        reader = CountingReader(raw, path)
        try:
            found = next(ijson.items(reader, key, use_float=True), None)
        except ijson.JSONError as error:
            raise json_error(path, error, reader) from None
    if not isinstance(found, dict):
        raise ExportError(f"{path}: no {key!r} object: not a DiscordChatExporter export")
    return found


def _user(author: Any) -> dict[str, Any]:
    if not isinstance(author, dict):
        raise Skip("'author' must be an object")
    roles: list[str] = []
    for role in author.get("roles") or ():
        if isinstance(role, dict):   # names and ids, as the live bot gives rules both
            roles += [str(role[k]) for k in ("name", "id") if role.get(k) not in (None, "")]
    return {"id": _ident(author.get("id"), "author.id"), "name": str(author.get("name") or ""),
            "roles": roles, "bot": author.get("isBot") is True}


def _attachments(items: Any) -> list[dict[str, Any]]:
    files = []
    for item in items or ():
        if isinstance(item, dict):
            size = item.get("fileSizeBytes")
            files.append({"filename": str(item.get("fileName") or ""),
                          "size": int(size) if isinstance(size, int | float) and size > 0 else 0})
    return files


def convert(body: Any, place: dict[str, Any]) -> Timed | None:
    """One exported message -> (POSIX time, event), or None for a type that is no event."""
    if not isinstance(body, dict):
        raise Skip("a message must be an object")
    kind = body.get("type") or "Default"
    if kind not in MESSAGE_TYPES and kind != JOIN_TYPE:
        return None
    at = _time(body.get("timestamp"), "timestamp")
    event: dict[str, Any] = {"id": _ident(body.get("id"), "id"),
                             "type": "join" if kind == JOIN_TYPE else "message",
                             "platform": place["platform"], "community": place["community"],
                             "at": utc_text(at), "user": _user(body.get("author"))}
    if kind == JOIN_TYPE:
        return at.timestamp(), event
    text = body.get("content")
    text = text if isinstance(text, str) else ""
    event.update(channel=place["channel"], channel_id=place["channel_id"], text=text,
                 mentions=[_ident(m.get("id"), "mentions.id") for m in body.get("mentions") or ()
                           if isinstance(m, dict)],
                 attachments=_attachments(body.get("attachments")))
    if "@everyone" in text or "@here" in text:
        event["everyone"] = True
    reference = body.get("reference")
    if isinstance(reference, dict) and reference.get("messageId"):
        event["reply_to"] = str(reference["messageId"])
    return at.timestamp(), event


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
    """The events of one file, in file order; bad messages reported through `warn`."""
    place = _place(path)
    with open(path, "rb") as raw:
        reader = CountingReader(raw, path)
        told = 0
        items = ijson.items(reader, "messages.item", use_float=True)
        for number, body in numbered(items, path, reader, (ijson.JSONError,)):
            try:
                timed = convert(body, place)
            except Skip as problem:
                warn(skipped(path, number, body, problem))
                continue
            if timed is not None:
                yield timed
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(reader.consumed - told)
                told = reader.consumed
        if progress is not None:
            progress(reader.consumed - told)


def read_files(paths: Sequence[str], warn: Warn,
               progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """The events of several files (channels of one server), merged in time order."""
    for path in paths:   # fail early on a file that is no export at all
        _place(path)
    streams = [read_file(path, warn, progress) for path in paths]
    for _, event in heapq.merge(*streams, key=lambda timed: timed[0]):
        yield event
