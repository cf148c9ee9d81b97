"""A DiscordChatExporter-shaped JSON file read back into platform-neutral messages.

Reads what `bot/archive/dce.py` writes, and DiscordChatExporter's own files (the fields
FORMATS.md's imports name: guild, channel, messages with their author, attachments,
mentions and reference; ids as strings, times with their offset). The whole file is read
at once: a streaming importer is the history issue's. A file of another shape raises
`ArchiveError` with what is wrong and where.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.history import Author, ChannelInfo, FileRef, Mention, PastMessage


class ArchiveError(ValueError):
    """The file is not a DiscordChatExporter-shaped archive."""


@dataclass(frozen=True, slots=True)
class Archive:
    channel: ChannelInfo
    after: datetime | None
    before: datetime | None
    exported_at: datetime | None
    messages: list[PastMessage]


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ArchiveError(f"{where}: expected an object")
    return value


def _text(value: Any, where: str, *, empty: bool = True) -> str:
    if value is None and empty:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ArchiveError(f"{where}: expected a string")
    return str(value)


def _time(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(_text(value, where))
    except ValueError:
        raise ArchiveError(f"{where}: not an ISO 8601 time: {str(value)[:40]!r}") from None
    if at.tzinfo is None:
        raise ArchiveError(f"{where}: a time without its offset")
    return at.astimezone(UTC)


def _message(raw: Any, where: str) -> PastMessage:
    body = _object(raw, where)
    author = _object(body.get("author"), f"{where}.author")
    roles = tuple((_text(r.get("id"), f"{where}.author.roles"),
                   _text(r.get("name"), f"{where}.author.roles"))
                  for r in (author.get("roles") or []) if isinstance(r, dict))
    name = _text(author.get("name"), f"{where}.author.name")
    nickname = _text(author.get("nickname"), f"{where}.author.nickname")
    files = tuple(
        FileRef(_text(a.get("fileName"), f"{where}.attachments[{i}].fileName"),
                int(a.get("fileSizeBytes") or 0), _text(a.get("id"), f"{where}.attachments"),
                _text(a.get("url"), f"{where}.attachments"))
        for i, a in enumerate(_object(x, f"{where}.attachments[{n}]")
                              for n, x in enumerate(body.get("attachments") or [])))
    mentions = tuple(Mention(_text(m.get("id"), f"{where}.mentions", empty=False),
                             _text(m.get("name"), f"{where}.mentions"), bool(m.get("isBot")))
                     for m in (_object(x, f"{where}.mentions[{n}]")
                               for n, x in enumerate(body.get("mentions") or [])))
    reference = body.get("reference")
    reply_to = (_text(_object(reference, f"{where}.reference").get("messageId"),
                      f"{where}.reference.messageId") if reference is not None else "")
    at = _time(body.get("timestamp"), f"{where}.timestamp")
    if at is None:
        raise ArchiveError(f"{where}.timestamp: missing")
    return PastMessage(
        id=_text(body.get("id"), f"{where}.id", empty=False), at=at,
        author=Author(_text(author.get("id"), f"{where}.author.id", empty=False), name,
                      nickname if nickname != name else "", bool(author.get("isBot")), roles),
        text=_text(body.get("content"), f"{where}.content"),
        edited_at=_time(body.get("timestampEdited"), f"{where}.timestampEdited"),
        reply_to=reply_to, attachments=files, mentions=mentions,
        pinned=bool(body.get("isPinned")))


def read_archive(data: bytes | str) -> Archive:
    """The archive in `data` (UTF-8 JSON)."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ArchiveError(f"not JSON: {error}") from None
    top = _object(document, "the file")
    guild = _object(top.get("guild"), "guild")
    channel = _object(top.get("channel"), "channel")
    dates = top.get("dateRange") or {}
    raw = top.get("messages")
    if not isinstance(raw, list):
        raise ArchiveError("messages: expected a list")
    info = ChannelInfo(
        id=_text(channel.get("id"), "channel.id", empty=False),
        name=_text(channel.get("name"), "channel.name"),
        community_id=_text(guild.get("id"), "guild.id", empty=False),
        community_name=_text(guild.get("name"), "guild.name"),
        category_id=_text(channel.get("categoryId"), "channel.categoryId"),
        category=_text(channel.get("category"), "channel.category"),
        topic=_text(channel.get("topic"), "channel.topic"))
    return Archive(info, _time(_object(dates, "dateRange").get("after"), "dateRange.after"),
                   _time(dates.get("before"), "dateRange.before"),
                   _time(top.get("exportedAt"), "exportedAt"),
                   [_message(m, f"messages[{n}]") for n, m in enumerate(raw)])
