"""Who is the creator and who the administrators of a chat, cached.

Telegram has no roles: Gardien gives the creator the roles `owner` and `admin`
and administrators `admin`, so `exempt.roles: [admin]` works. The list comes
from getChatAdministrators, fetched once per chat and refreshed when a
chat_member update touches an administrator (or after `TTL`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence

import structlog
from telegram import ChatMember
from telegram.error import TelegramError

log = structlog.get_logger("gardien.telegram")

TTL = 3600.0        # seconds: a missed update corrects itself within the hour
FAILED_TTL = 60.0   # after a failed fetch, try again this much later

Fetch = Callable[[int], Awaitable[Sequence[ChatMember]]]


class AdminCache:
    def __init__(self, fetch: Fetch, clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._clock = clock
        self._roles: dict[int, tuple[float, dict[int, ChatMember]]] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    async def roles(self, chat_id: int, user_id: int) -> tuple[str, ...]:
        """The user's roles in the chat: ("owner", "admin"), ("admin",) or ()."""
        found = (await self._table(chat_id)).get(user_id)
        if found is None:
            return ()
        return ("owner", "admin") if found.status == ChatMember.OWNER else ("admin",)

    async def members(self, chat_id: int) -> dict[int, ChatMember]:
        """The chat's administrators (creator included) by user id; {} when unknown."""
        return await self._table(chat_id)

    def invalidate(self, chat_id: int) -> None:
        self._roles.pop(chat_id, None)

    async def _table(self, chat_id: int) -> dict[int, ChatMember]:
        found = self._roles.get(chat_id)
        if found is not None and found[0] > self._clock():
            return found[1]
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        async with lock:   # one fetch per chat, however many messages wait for it
            found = self._roles.get(chat_id)
            if found is not None and found[0] > self._clock():
                return found[1]
            try:
                members = await self._fetch(chat_id)
            except TelegramError as error:
                log.warning("telegram_admins_unknown", chat=chat_id, error=str(error))
                self._roles[chat_id] = (self._clock() + FAILED_TTL, {})
                return {}
            table = {m.user.id: m for m in members}
            self._roles[chat_id] = (self._clock() + TTL, table)
            return table
