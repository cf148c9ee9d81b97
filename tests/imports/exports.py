"""Small real-shaped exports, written by the tests: DiscordChatExporter channel files and
Telegram Desktop `result.json` files (one chat, a whole account), plus the rules and the
command runner the import tests share."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

_SCRIPT = Path(sys.executable).parent / "gardien"
GARDIEN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "gardien.cli"]

RULES = """\
version: 1
name: import test
escalation:
  expire_after: 30d
  steps:
    - {points: 3, action: ban}
rules:
  - id: insult
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1, reason: insult}}]
  - id: scam
    match: {links: {deny: ['*.ru']}}
    actions: [delete, {timeout: 10m}]
  - id: exe
    match: {attachments: {extensions: [exe]}}
    actions: [delete, kick]
  - id: flood
    match: {flood: {messages: 3, within: 10s}}
    actions: [{warn: {points: 0}}]
"""


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GARDIEN, *args], capture_output=True, text=True, timeout=300,
                          env=env)


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def author(ident: str, name: str, *, bot: bool = False,
           roles: tuple[tuple[str, str], ...] = ()) -> dict[str, Any]:
    return {"id": ident, "name": name, "discriminator": "0000", "nickname": name.title(),
            "color": None, "isBot": bot, "avatarUrl": "",
            "roles": [{"id": i, "name": n, "color": None, "position": 1} for i, n in roles]}


ALICE = author("1001", "alice", roles=(("501", "member"), ("502", "artist")))
BOB = author("1002", "bob")
HELPER = author("1003", "helperbot", bot=True)


def dce_message(ident: str, at: str, who: dict[str, Any], content: str = "", *,
                kind: str = "Default", edited: str | None = None,
                files: tuple[tuple[str, int], ...] = (), mentions: tuple[str, ...] = (),
                reply_to: str = "") -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": ident, "type": kind, "timestamp": at, "timestampEdited": edited,
        "callEndedTimestamp": None, "isPinned": False, "content": content, "author": who,
        "attachments": [{"id": f"f{ident}{n}", "url": f"https://cdn.example/{name}",
                         "fileName": name, "fileSizeBytes": size}
                        for n, (name, size) in enumerate(files)],
        "embeds": [], "stickers": [], "reactions": [],
        "mentions": [{"id": m, "name": f"user{m}", "discriminator": "0000",
                      "nickname": f"user{m}", "isBot": False} for m in mentions],
        "inlineEmojis": []}
    if reply_to:
        body["reference"] = {"messageId": reply_to, "channelId": "x", "guildId": "900"}
    return body


def dce_file(path: Path, channel: tuple[str, str], messages: list[dict[str, Any]],
             guild: tuple[str, str] = ("900", "Les Jardiniers")) -> Path:
    document = {
        "guild": {"id": guild[0], "name": guild[1], "iconUrl": "https://cdn.example/i.png"},
        "channel": {"id": channel[0], "type": "GuildTextChat", "categoryId": "700",
                    "category": "Talk", "name": channel[1], "topic": None},
        "dateRange": {"after": None, "before": None},
        "exportedAt": "2026-11-30T12:00:00.000+00:00",
        "messages": messages, "messageCount": len(messages)}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def discord_server(folder: Path) -> list[Path]:
    """Two channels of one server; their messages interleave in time."""
    general = [
        dce_message("2001", "2026-11-20T10:00:00.000+00:00", ALICE, "bonjour <@1002>",
                    mentions=("1002",)),
        dce_message("2003", "2026-11-20T11:02:00.500+01:00", BOB, "you moron",
                    edited="2026-11-20T10:09:00.000+00:00"),
        dce_message("2004", "2026-11-20T10:03:00.000+00:00", HELPER, "answered", kind="Reply",
                    reply_to="2001"),
        dce_message("2005", "2026-11-20T10:04:00.000+00:00", ALICE, "", kind="ThreadCreated"),
        dce_message("2006", "2026-11-20T10:05:00.000+00:00", BOB, "",
                    kind="ChannelPinnedMessage"),
        dce_message("2007", "2026-11-20T10:06:00.000+00:00", author("1004", "carol"), "",
                    kind="GuildMemberJoin"),
    ]
    help_channel = [
        dce_message("3001", "2026-11-20T09:00:30.000+00:00", BOB, "@everyone look",
                    files=(("setup.exe", 40_000), ("shot.png", 1200))),
        dce_message("3002", "2026-11-20T10:01:00.000+00:00", ALICE, "merci"),
    ]
    return [dce_file(folder / "general.json", ("800", "general"), general),
            dce_file(folder / "help.json", ("801", "help"), help_channel)]


def tg_message(ident: int, unix: int, sender: str, name: str | None, text: Any = "",
               **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"id": ident, "type": "message", "date": "2026-11-20T10:00:00",
                            "date_unixtime": str(unix), "from": name, "from_id": sender,
                            "text": text}
    if isinstance(text, list):
        body["text_entities"] = [{"type": "plain", "text": part} if isinstance(part, str)
                                 else part for part in text]
    elif text:
        body["text_entities"] = [{"type": "plain", "text": text}]
    else:
        body["text_entities"] = []
    body.update(extra)
    return body


def tg_service(ident: int, unix: int, action: str, actor: str, actor_id: str,
               members: list[str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"id": ident, "type": "service", "date": "2026-11-20T10:00:00",
                            "date_unixtime": str(unix), "actor": actor, "actor_id": actor_id,
                            "action": action, "text": "", "text_entities": []}
    if members is not None:
        body["members"] = members
    return body


T = 1_795_000_000   # 2026-11-18 10:13:20 UTC


def telegram_messages() -> list[dict[str, Any]]:
    return [
        tg_service(1, T, "join_group_by_link", "Dana", "user42"),
        tg_message(2, T + 10, "user42", "Dana", "hello all"),
        tg_message(3, T + 20, "user43", "Eve", [
            "see ", {"type": "text_link", "text": "this page", "href": "https://win.example.ru/x"},
            " and ", {"type": "mention_name", "text": "Dana", "user_id": 42},
            " ", {"type": "mention", "text": "@frank"}]),
        tg_message(4, T + 30, "user43", "Eve", "", photo="photos/photo_1@20.jpg",
                   photo_file_size=52_000, width=800, height=600),
        tg_message(5, T + 40, "user42", "Dana", "the notes", file="files/notes.pdf",
                   file_name="notes.pdf", file_size=1200, mime_type="application/pdf"),
        tg_message(6, T + 50, "user43", "Eve", "you moron", edited="2026-11-20T10:01:00",
                   edited_unixtime=str(T + 70)),
        tg_message(7, T + 60, "user42", "Dana", "no insults please", reply_to_message_id=6),
        tg_message(8, T + 80, "user44", "Gus", "forwarded news", forwarded_from="News Chan"),
        tg_message(9, T + 90, "user44", "Gus", "", photo="(File not included. Change data "
                   "exporting settings to download.)", width=10, height=10),
        tg_message(10, T + 90, "user44", "Gus", "", photo="photos/b.jpg"),
        tg_message(11, T + 90, "user44", "Gus", "", photo="photos/c.jpg"),
        tg_message(12, T + 100, "channel1500", "Le Canal", "posted as the channel"),
        tg_message(13, T + 110, "user45", "Hal", "", file="(File not included. Change data "
                   "exporting settings to download.)", media_type="voice_message",
                   mime_type="audio/ogg", file_size=3000, duration_seconds=3),
        tg_service(14, T + 120, "invite_members", "Dana", "user42", ["Ivy", "Jo"]),
        tg_service(15, T + 130, "join_group_by_request", "Kim", "user46"),
        tg_service(16, T + 140, "remove_members", "Eve", "user43", ["Eve"]),
        tg_service(17, T + 150, "remove_members", "Dana", "user42", ["Gus"]),
        tg_service(18, T + 160, "pin_message", "Dana", "user42"),
    ]


def telegram_chat(path: Path, messages: list[dict[str, Any]] | None = None,
                  chat: tuple[str, str, int] = ("Les Jardiniers", "private_supergroup",
                                                1234567890)) -> Path:
    document = {"name": chat[0], "type": chat[1], "id": chat[2],
                "messages": telegram_messages() if messages is None else messages}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def telegram_account(path: Path) -> Path:
    chats = [
        {"name": "Alice", "type": "personal_chat", "id": 777,
         "messages": [tg_message(1, T, "user777", "Alice", "private words")]},
        {"name": "Les Jardiniers", "type": "public_supergroup", "id": 1234567890,
         "messages": telegram_messages()[:3]},
        {"name": "Old group", "type": "private_group", "id": 55,
         "messages": [tg_message(1, T + 5, "user42", "Dana", "in the old group")]},
    ]
    document = {"about": "Here is the data you requested.",
                "personal_information": {"user_id": 99, "first_name": "Me"},
                "chats": {"about": "This page lists all chats.", "list": chats[:2]},
                "left_chats": {"about": "Chats left.", "list": chats[2:]}}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
