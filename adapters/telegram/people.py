"""Who is who: @usernames seen, recent messages per chat, and each party's authority.

Bots cannot look a user up by @username, so the adapter remembers the names it
has seen (authors, replied-to authors, joins, administrators), bounded, oldest
forgotten first. Bots cannot list a chat's history either, so purge works on a
bounded ring of the messages the adapter has seen recently in each chat.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from telegram import ChatMember, User

from bot.command_model import (
    BAN,
    KICK,
    MANAGE_MESSAGES,
    MANAGE_SERVER,
    MODERATE,
    RIGHTS,
    Authority,
)

MAX_NAMES = 50_000
RECENT_PER_CHAT = 1_000
MAX_CHATS = 1_000


def _remember(table: OrderedDict[Any, Any], key: object, value: object, limit: int) -> None:
    table[key] = value
    table.move_to_end(key)
    while len(table) > limit:
        table.popitem(last=False)


class Directory:
    """@username (lower case) -> user id, and user id -> (name, is_bot); both bounded."""

    def __init__(self, limit: int = MAX_NAMES) -> None:
        self.limit = limit
        self._ids: OrderedDict[str, int] = OrderedDict()
        self._users: OrderedDict[int, tuple[str, bool]] = OrderedDict()

    def see(self, user: User | None) -> None:
        if user is None:
            return
        _remember(self._users, user.id, (user.full_name, user.is_bot), self.limit)
        if user.username:
            _remember(self._ids, user.username.lower(), user.id, self.limit)

    def find(self, username: str) -> int | None:
        return self._ids.get(username.lstrip("@").lower())

    def user(self, user_id: int) -> tuple[str, bool]:
        """(display name, is_bot) of a user seen, ("", False) otherwise."""
        return self._users.get(user_id, ("", False))


@dataclass(frozen=True, slots=True)
class Seen:
    message_id: int
    user: int
    at: datetime


class Recent:
    """The last messages seen per chat (id, author, date), for purge."""

    def __init__(self, per_chat: int = RECENT_PER_CHAT, chats: int = MAX_CHATS) -> None:
        self.per_chat = per_chat
        self.chats = chats
        self._rings: OrderedDict[int, deque[Seen]] = OrderedDict()

    def see(self, chat: int, message_id: int, user: int, at: datetime) -> None:
        ring = self._rings.get(chat)
        if ring is None:
            ring = self._rings[chat] = deque(maxlen=self.per_chat)
            while len(self._rings) > self.chats:
                self._rings.popitem(last=False)
        self._rings.move_to_end(chat)
        ring.append(Seen(message_id, user, at))

    def pick(self, chat: int, count: int, user: int | None, since: datetime) -> list[int]:
        """The ids of the newest `count` messages (of `user`) sent after `since`."""
        picked: list[int] = []
        for seen in reversed(self._rings.get(chat, ())):
            if len(picked) >= count:
                break
            if seen.at > since and (user is None or seen.user == user):
                picked.append(seen.message_id)
        return picked

    def forget(self, chat: int, message_ids: Iterable[int]) -> None:
        ring = self._rings.get(chat)
        if ring is None:
            return
        gone = set(message_ids)
        kept = [seen for seen in ring if seen.message_id not in gone]
        ring.clear()
        ring.extend(kept)


def _rights(member: ChatMember) -> frozenset[str]:
    if member.status == ChatMember.OWNER:
        return frozenset(RIGHTS)
    rights: set[str] = set()
    if getattr(member, "can_restrict_members", False):
        rights |= {MODERATE, KICK, BAN}
    if getattr(member, "can_delete_messages", False):
        rights.add(MANAGE_MESSAGES)
    if getattr(member, "can_change_info", False):
        rights.add(MANAGE_SERVER)
    return frozenset(rights)


def authority(user_id: int, name: str, is_bot: bool,
              admins: dict[int, ChatMember]) -> Authority:
    """Creator: rank 2, owner; administrator: rank 1 with their rights; others rank 0."""
    member = admins.get(user_id)
    if member is None:
        return Authority(id=str(user_id), name=name, bot=is_bot)
    owner = member.status == ChatMember.OWNER
    return Authority(id=str(user_id), name=name, rank=2 if owner else 1,
                     rights=_rights(member), owner=owner, admin=True, bot=is_bot)


def anonymous_admin(chat_id: int, title: str, admins: dict[int, ChatMember]) -> Authority:
    """Someone posting as the group itself: one of its anonymous administrators.

    Telegram hides which one, so the invoker holds only the rights EVERY anonymous
    administrator holds (the creator counting as all rights), ranks as an
    administrator, and is never the owner. No anonymous administrator in the list
    (a stale cache): no rights at all, and the core refuses with its reason.
    """
    hidden = [m for m in admins.values() if getattr(m, "is_anonymous", False)]
    rights = frozenset(RIGHTS) if hidden else frozenset()
    for member in hidden:
        rights &= _rights(member)
    return Authority(id=str(chat_id), name=title, rank=1, rights=rights, admin=True)
