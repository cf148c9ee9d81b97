"""Helpers for the command tests: a recording command center and `/command` updates."""

from __future__ import annotations

import re
import time
from typing import Any

from bot.command_model import Answer, Invocation
from bot.commands.registry import COMMANDS

from .harness import CHAT, payload

OWNER = {"id": 5551000, "is_bot": False, "first_name": "Owner", "username": "owner",
         "language_code": "en"}
MOD = {"id": 5551005, "is_bot": False, "first_name": "Mod", "username": "mod",
       "language_code": "fr"}
BOB = {"id": 5551001, "is_bot": False, "first_name": "Bob", "username": "bobm",
       "language_code": "en"}
ALICE = {"id": 5551002, "is_bot": False, "first_name": "Alice", "username": "alice"}
COMMAND_WORD = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")   # what Telegram marks
GROUP = {"id": CHAT, "title": "Gardien test group", "username": "gardien_test",
         "type": "supergroup"}


class RecordingCenter:
    """Records every invocation; answers with the queued answers, then `default`."""

    def __init__(self, *answers: Answer, default: Answer | None = None) -> None:
        self.invocations: list[Invocation] = []
        self.queue = list(answers)
        self.default = default or Answer("done")

    def specs(self):
        return COMMANDS

    async def invoke(self, invocation: Invocation) -> Answer:
        self.invocations.append(invocation)
        return self.queue.pop(0) if self.queue else self.default

    @property
    def last(self) -> Invocation:
        assert self.invocations, "the center was never invoked"
        return self.invocations[-1]


def said(user: dict, text: str, message_id: int, **fields: Any) -> dict:
    """A plain message inner object (for reply_to_message), dated now."""
    return {"message_id": message_id, "from": user, "chat": GROUP, "date": int(time.time()),
            "text": text, **fields}


def command(text: str, message_id: int, user: dict = MOD, reply_to: dict | None = None,
            **fields: Any) -> dict:
    """A `/command` message update from `user`, replying to `reply_to` when given.

    Its command word carries the bot_command entity Telegram sets on every such message
    (python-telegram-bot's CommandHandler reads it)."""
    extra: dict[str, Any] = {"from": user, "text": text}
    word = COMMAND_WORD.match(text)
    if word is not None:
        extra["entities"] = [{"type": "bot_command", "offset": 0, "length": word.end()}]
    if reply_to is not None:
        extra["reply_to_message"] = reply_to
    extra.update(fields)
    return payload("message_text", message_id=message_id, **extra)


def callback(data: str, user: dict, message: dict, query_id: str = "4400") -> dict:
    return {"callback_query": {"id": query_id, "from": user, "message": message,
                               "chat_instance": "-77", "data": data}}
