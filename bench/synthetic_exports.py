"""Synthetic DiscordChatExporter and Telegram Desktop exports of any size, written as a
stream (never held whole), for bench/replay.py and the memory test of tests/imports."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = ("hello", "thanks", "see", "you", "later", "moron", "the", "plan", "is", "fine")


def _text(n: int) -> str:
    return " ".join(WORDS[(n * 7 + k) % len(WORDS)] for k in range(3 + n % 9))


def write_discord(path: Path, count: int) -> Path:
    head = {"guild": {"id": "900", "name": "Bench", "iconUrl": ""},
            "channel": {"id": "800", "type": "GuildTextChat", "categoryId": None,
                        "category": None, "name": "general", "topic": None},
            "dateRange": {"after": None, "before": None},
            "exportedAt": "2026-12-01T00:00:00.000+00:00"}
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(head)[:-1] + ', "messages": [\n')
        for n in range(count):
            user = str(10_000 + n % 5_000)
            body = {"id": str(10**17 + n), "type": "Default",
                    "timestamp": (START + timedelta(seconds=n * 2)).isoformat(
                        timespec="milliseconds"),
                    "timestampEdited": None, "callEndedTimestamp": None, "isPinned": False,
                    "content": _text(n),
                    "author": {"id": user, "name": f"user{user}", "discriminator": "0000",
                               "nickname": f"User {user}", "color": None, "isBot": False,
                               "roles": [{"id": "501", "name": "member", "color": None,
                                          "position": 1}], "avatarUrl": ""},
                    "attachments": ([{"id": "1", "url": "u", "fileName": "a.png",
                                      "fileSizeBytes": 100}] if n % 50 == 0 else []),
                    "embeds": [], "stickers": [], "reactions": [],
                    "mentions": ([{"id": "10001", "name": "user10001"}] if n % 20 == 0 else []),
                    "inlineEmojis": []}
            out.write(("," if n else "") + json.dumps(body) + "\n")
        out.write(f'], "messageCount": {count}}}\n')
    return path


def write_telegram(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "Bench", "type": "private_supergroup", "id": 1234, "messages": [\n')
        unix = int(START.timestamp())
        for n in range(count):
            user = 10_000 + n % 5_000
            text = _text(n)
            body = {"id": n + 1, "type": "message", "date": "2026-01-01T00:00:00",
                    "date_unixtime": str(unix + n * 2), "from": f"User {user}",
                    "from_id": f"user{user}", "text": text,
                    "text_entities": [{"type": "plain", "text": text}]}
            out.write(("," if n else "") + json.dumps(body) + "\n")
        out.write("]}\n")
    return path


if __name__ == "__main__":
    kind, target, size = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    (write_discord if kind == "discord" else write_telegram)(target, size)
