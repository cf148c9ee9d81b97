"""A Telegram Desktop export (`result.json`: one chat, or a whole account) read as the
event stream, streaming.

Telegram Desktop writes a chat's `name`, `type` and `id` before its `messages`, so one pass
of yajl's events suffices: the chat's header is noted as it goes by and each message is
built alone (ijson), never the whole chat, which may be most of a 2 GB file. A whole-account
export holds its chats under `chats.list` (and those left under `left_chats.list`).

Mapping (docs/imports.md): ids as the live bot sees them (a supergroup or channel
`-100<id>`, a basic group `-<id>`; `user123` -> `123`, a post as a channel `channel123` ->
`-100123`); personal, bot and saved-messages chats are not communities and are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import ijson

from bot.imports import spans
from bot.imports.common import (
    CountingReader,
    ExportError,
    Progress,
    ProgressTeller,
    Skip,
    numbered,
    skipped,
    unix_text,
    utc_text,
)

SUPERGROUPS = frozenset({"private_supergroup", "public_supergroup", "private_channel",
                         "public_channel"})
GROUPS = frozenset({"private_group"})
JOINS = frozenset({"join_group_by_link", "join_group_by_request"})
PROGRESS_EVERY = 4096
_FILE_MISSING = "(File not included"
_MEDIA_NAMES = {"voice_message": "voice.ogg", "video_message": "video_note.mp4",
                "video_file": "video.mp4", "audio_file": "audio.mp3",
                "animation": "animation.mp4", "sticker": "sticker.webp"}

Warn = Callable[[str], None]


def community_id(chat_type: str, chat_id: Any) -> str | None:
    """The chat id the Bot API (so the live bot) uses, or None for a chat that is no
    community."""
    if isinstance(chat_id, bool) or not isinstance(chat_id, int | str):
        return None
    number = str(chat_id).lstrip("-")
    if chat_type in SUPERGROUPS:
        return number if number.startswith("-100") else f"-100{number}"
    if chat_type in GROUPS:
        return f"-{number}"
    return None


_SENDERS: dict[str, str] = {}   # from_id -> sender id: members write many messages
_SENDERS_CAP = 100_000


def sender_id(from_id: Any) -> str:
    """`user123` -> `123`; `channel123` (a post as a channel, an anonymous admin: the
    group itself) -> `-100123`, the sender_chat id the live bot sees; `chat123` -> `-123`."""
    if type(from_id) is str:
        known = _SENDERS.get(from_id)
        if known is None:
            if len(_SENDERS) >= _SENDERS_CAP:
                _SENDERS.clear()
            known = _SENDERS[from_id] = _sender_id(from_id)
        return known
    return _sender_id(from_id)


def _sender_id(from_id: Any) -> str:
    if isinstance(from_id, int) and not isinstance(from_id, bool):
        return str(from_id)
    if not isinstance(from_id, str) or not from_id:
        raise Skip("'from_id' is missing")
    for prefix, replaced in (("user", ""), ("channel", "-100"), ("chat", "-")):
        if from_id.startswith(prefix) and from_id[len(prefix):].isdigit():
            return replaced + from_id[len(prefix):]
    return from_id


def _at_text(body: dict[str, Any]) -> str:
    """The stream's `at` of a message; the usual `date_unixtime` by arithmetic."""
    stamp = body.get("date_unixtime")
    if type(stamp) is str and stamp.isascii() and stamp.isdigit():
        return unix_text(int(stamp))
    return utc_text(_at(body))


def _at(body: dict[str, Any]) -> datetime:
    stamp = body.get("date_unixtime")
    if isinstance(stamp, str | int) and str(stamp).isdigit():
        return datetime.fromtimestamp(int(stamp), UTC)
    date = body.get("date")
    if isinstance(date, str):   # older exports: local time without offset, taken as UTC
        try:
            moment = datetime.fromisoformat(date)
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    raise Skip("no 'date_unixtime' (nor a readable 'date')")


def text_of(body: dict[str, Any]) -> tuple[str, list[str], list[str]]:
    """(text, mentions, hidden links) from `text_entities`, else `text` (a string or a
    list of strings and entity objects)."""
    parts = body.get("text_entities")
    if not isinstance(parts, list):
        parts = body.get("text")
    if isinstance(parts, str):
        return parts, [], []
    if not isinstance(parts, list):
        return "", [], []
    pieces: list[str] = []
    mentions: list[str] = []
    links: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
            continue
        if not isinstance(part, dict):
            continue
        shown = part.get("text")
        shown = shown if isinstance(shown, str) else ""
        pieces.append(shown)
        kind = part.get("type")
        if kind == "text_link" and isinstance(part.get("href"), str):
            links.append(part["href"])
        elif kind == "mention_name" and part.get("user_id") is not None:
            mentions.append(str(part["user_id"]))
        elif kind == "mention" and shown:
            mentions.append(shown)   # "@username": the export, like the Bot API, has no id
    # most messages have neither: their empty lists as they are, no dict made to dedupe
    return ("".join(pieces), list(dict.fromkeys(mentions)) if mentions else mentions,
            list(dict.fromkeys(links)) if links else links)


def attachments_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if "photo" in body:
        found.append({"filename": "photo.jpg", "size": _size(body.get("photo_file_size"))})
    if "file" in body or "media_type" in body:
        name = body.get("file_name")
        if not isinstance(name, str) or not name:
            path = body.get("file")
            kind = body.get("media_type")
            if isinstance(kind, str) and kind in _MEDIA_NAMES:
                name = _MEDIA_NAMES[kind]
            elif isinstance(path, str) and path and not path.startswith(_FILE_MISSING):
                name = path.rsplit("/", 1)[-1]
            else:
                name = "document"
        found.append({"filename": name, "size": _size(body.get("file_size"))})
    return found


def _size(value: Any) -> int:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        and value > 0 else 0


def _who(ident: str, name: Any) -> dict[str, Any]:
    return {"id": ident, "name": name if isinstance(name, str) else ""}


def convert(body: Any, chat: dict[str, Any]) -> list[dict[str, Any]]:
    """One exported message -> its events (none, one, or one per member of a service
    message)."""
    if not isinstance(body, dict):
        raise Skip("a message must be an object")
    ident = body.get("id")
    if isinstance(ident, bool) or not isinstance(ident, int | str) or ident == "":
        raise Skip("'id' is missing")
    community = chat["community"]
    at = _at_text(body)
    if body.get("type") == "service":
        return _service(body, {"id": str(ident), "type": "", "platform": "telegram",
                               "community": community, "at": at})
    if body.get("type", "message") != "message":
        return []
    text, mentions, links = text_of(body)
    event: dict[str, Any] = {"id": str(ident), "type": "message", "platform": "telegram",
                             "community": community, "at": at,
                             "user": _who(sender_id(body.get("from_id")), body.get("from")),
                             "channel": community, "channel_id": community,
                             "text": text, "mentions": mentions,
                             "attachments": attachments_of(body), "links": links}
    reply = body.get("reply_to_message_id")
    if reply is not None and not isinstance(reply, bool):
        event["reply_to"] = str(reply)
    group = body.get("media_group_id")
    if group:
        event["group"] = str(group)
    elif event["attachments"]:
        # Exports drop Telegram's media_group_id; an album's items share their author and
        # second, so that pair stands for it (one album counts once for flood).
        event["group"] = f"album-{event['user']['id']}-{at}"
    return [event]


def _service(body: dict[str, Any], head: dict[str, Any]) -> list[dict[str, Any]]:
    action = body.get("action")
    actor = body.get("actor")
    actor_id = body.get("actor_id")
    if action in JOINS:
        return [{**head, "type": "join", "user": _who(sender_id(actor_id), actor)}]
    if action not in ("invite_members", "remove_members"):
        return []
    kind = "join" if action == "invite_members" else "leave"
    members = [m for m in body.get("members") or () if isinstance(m, str)]
    events = []
    for number, name in enumerate(members):
        # The export names the members but gives only the actor's id: someone who joined
        # or left on their own is the actor; another member's id stands as `name:<name>`.
        who = sender_id(actor_id) if name == actor and actor_id else f"name:{name}"
        suffix = f"-{number + 1}" if len(members) > 1 else ""
        events.append({**head, "id": head["id"] + suffix, "type": kind,
                       "user": _who(who, name)})
    return events


def _chat(header: dict[str, Any], path: str, warn: Warn) -> dict[str, Any] | None:
    place = community_id(str(header.get("type") or ""), header.get("id"))
    if place is None:
        kind = header.get("type") or "unknown"
        if header.get("id") is None:
            raise ExportError(f"{path}: a chat's 'id' and 'type' must come before its "
                              "messages: not a Telegram Desktop export")
        warn(f"{path}: chat {header.get('name') or header.get('id')!r} ({kind}) is not a "
             "group or channel: skipped")
        return None
    return {"community": place}


def read_file(path: str, warn: Warn, progress: Progress | None = None,
              ) -> Iterator[dict[str, Any]]:
    """The events of the export, in file order; bad messages reported through `warn`.

    A single chat's messages are read by orjson on spans of them (bot/imports/spans.py);
    an account's, or any file that fast path cannot read on, by ijson, which then takes
    over from the first message not yet read."""
    done = 0   # messages read by the fast path
    tell = ProgressTeller(progress)

    header: dict[str, Any] = {}
    state: dict[str, Any] = {"chat": None, "for": None}

    def note(key: str, value: Any) -> None:
        if key in ("id", "type", "name") and (
                isinstance(value, str | int | float) and not isinstance(value, bool)):
            header[key] = value

    with open(path, "rb") as raw:
        reader = CountingReader(raw, path)
        try:
            for body in spans.messages(reader, note):
                done += 1
                yield from _message(path, done, body, header, state, warn)
                if done % PROGRESS_EVERY == 0:
                    tell(reader.consumed)
        except spans.Fallback:
            pass
        else:
            tell(reader.consumed)
            return
    header.clear()
    with open(path, "rb") as raw:
        reader = CountingReader(raw, path)
        items = ijson.items(_either(_noted(reader, header)), "messages.item")
        for number, body in numbered(items, path, reader, (ijson.JSONError,)):
            if number > done:
                yield from _message(path, number, body, header, state, warn)
            if number % PROGRESS_EVERY == 0:
                tell(reader.consumed)
        tell(reader.consumed)


def _message(path: str, number: int, body: Any, header: dict[str, Any],
             state: dict[str, Any], warn: Warn) -> list[dict[str, Any]]:
    """The events of one message of the chat whose header is `header` (its chat looked
    up once, when the chat changes)."""
    which = (header.get("chat"), header.get("id"))
    if state["for"] != which:
        state["for"] = which
        state["chat"] = _chat(header, path, warn)
    if state["chat"] is None:
        return []
    try:
        return convert(body, state["chat"])
    except Skip as problem:
        warn(skipped(path, number, body, problem))
        return []


def _noted(reader: CountingReader, header: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """yajl's events, each chat's `id`, `type` and `name` noted in `header` as they pass."""
    chats = 0
    for prefix, event, value in ijson.parse(reader, use_float=True):
        if prefix.startswith("left_chats."):
            prefix = prefix[5:]   # "left_chats.list" read as "chats.list"
        if prefix.startswith("chats.list.item"):
            if prefix == "chats.list.item" and event == "start_map":
                chats += 1
                header.clear()
                header["chat"] = chats
            key = prefix[16:]
        else:
            key = prefix
        if key in ("id", "type", "name") and event in ("string", "number"):
            header[key] = value
        yield prefix, event, value


def _either(events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, str, Any]]:
    """The messages of a single chat (`messages.item`) and of an account's chats
    (`chats.list.item.messages.item`) under the one prefix `messages.item`."""
    for prefix, event, value in events:
        if prefix.startswith("chats.list.item.messages"):
            prefix = prefix[16:]
        yield prefix, event, value
