"""An archive as DiscordChatExporter writes one: the JSON shape other tools already read.

The top level holds `guild`, `channel`, `dateRange`, `exportedAt`, `messages` and
`messageCount`; each message its id, `type` ("Default", or "Reply" with a `reference`),
times in ISO 8601 with their offset (UTC here, to the millisecond), `content`, the
`author`, `attachments`, `mentions` and the lists DiscordChatExporter always writes
(`embeds`, `stickers`, `reactions`, `inlineEmojis`), empty when Gardien has nothing to put in
them. Ids are strings. What a platform does not have (Telegram's categories, discriminators)
takes DiscordChatExporter's own "none" values.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from bot.history import ChannelInfo, PastMessage

NO_DISCRIMINATOR = "0000"


def iso(at: datetime | None) -> str | None:
    """`2026-11-01T09:30:00.123+00:00`, as DiscordChatExporter writes its times."""
    return at.astimezone(UTC).isoformat(timespec="milliseconds") if at is not None else None


def message_json(message: PastMessage, channel: ChannelInfo) -> dict[str, Any]:
    author = message.author
    body: dict[str, Any] = {
        "id": message.id,
        "type": "Reply" if message.reply_to else "Default",
        "timestamp": iso(message.at),
        "timestampEdited": iso(message.edited_at),
        "callEndedTimestamp": None,
        "isPinned": message.pinned,
        "content": message.text,
        "author": {
            "id": author.id, "name": author.name, "discriminator": NO_DISCRIMINATOR,
            "nickname": author.nickname or author.name, "color": None, "isBot": author.bot,
            "roles": [{"id": role_id, "name": name, "color": None, "position": 0}
                      for role_id, name in author.roles],
            "avatarUrl": "",
        },
        "attachments": [{"id": f.id, "url": f.url, "fileName": f.name,
                         "fileSizeBytes": f.size} for f in message.attachments],
        "embeds": [], "stickers": [], "reactions": [],
        "mentions": [{"id": m.id, "name": m.name, "discriminator": NO_DISCRIMINATOR,
                      "nickname": m.name, "isBot": m.bot} for m in message.mentions],
        "inlineEmojis": [],
    }
    if message.reply_to:
        body["reference"] = {"messageId": message.reply_to, "channelId": channel.id,
                             "guildId": channel.community_id}
    return body


def export(channel: ChannelInfo, messages: Sequence[PastMessage], after: datetime | None,
           before: datetime | None, exported_at: datetime) -> dict[str, Any]:
    """The whole file as a JSON-ready dict (messages oldest first)."""
    return {
        "guild": {"id": channel.community_id, "name": channel.community_name, "iconUrl": ""},
        "channel": {"id": channel.id, "type": "GuildTextChat",
                    "categoryId": channel.category_id or None,
                    "category": channel.category or None, "name": channel.name,
                    "topic": channel.topic or None},
        "dateRange": {"after": iso(after), "before": iso(before)},
        "exportedAt": iso(exported_at),
        "messages": [message_json(m, channel) for m in messages],
        "messageCount": len(messages),
    }


def dumps(document: dict[str, Any]) -> bytes:
    """UTF-8 JSON, indented like DiscordChatExporter's (texts unescaped)."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
