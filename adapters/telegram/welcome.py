"""Welcome messages: one greeting at a time per chat, so they do not pile up.

Before a new `welcome:` post the bot deletes the welcomes it posted there
before. A welcome whose verification button still waits for its newcomer is
kept (deleting it would leave them no way to verify) until they press it or
leave the community; then the next welcome removes it. A delete that fails
(too old, already gone) is ignored. Memory is bounded: the chats and the
welcomes per chat beyond the limits are forgotten, oldest first (a forgotten
welcome simply stays in the chat).
"""

from __future__ import annotations

from collections import OrderedDict

import structlog
from telegram.error import TelegramError

from adapters.telegram.errors import translate as translate_error
from adapters.telegram.errors import worded
from adapters.telegram.replies import Replies
from bot.errors import Invalid
from bot.posts import Post

log = structlog.get_logger("gardien.telegram")

MAX_CHATS = 1_000
PER_CHAT = 50
DELETE_BATCH = 100      # deleteMessages takes at most 100 ids
VERIFY = "verify"

Chat = int | str        # a chat id, or an @name as the rule file gave it


class Welcomes:
    """Welcome message ids per chat, each with the newcomer it still waits for (or None)."""

    def __init__(self, chats: int = MAX_CHATS, per_chat: int = PER_CHAT) -> None:
        self.chats = chats
        self.per_chat = per_chat
        self._posted: OrderedDict[Chat, OrderedDict[int, str | None]] = OrderedDict()

    def take_previous(self, chat: Chat) -> list[int]:
        """The welcomes to delete now (forgotten here); those still awaited stay."""
        posted = self._posted.get(chat)
        if not posted:
            return []
        done = [message for message, awaited in posted.items() if awaited is None]
        for message in done:
            del posted[message]
        return done

    def posted(self, chat: Chat, message_id: int, awaited: str | None) -> None:
        table = self._posted.get(chat)
        if table is None:
            table = self._posted[chat] = OrderedDict()
            while len(self._posted) > self.chats:
                self._posted.popitem(last=False)
        self._posted.move_to_end(chat)
        table[message_id] = awaited
        while len(table) > self.per_chat:
            table.popitem(last=False)

    def pressed(self, chat: Chat, message_id: int) -> None:
        """The newcomer verified: their welcome may go with the next one."""
        table = self._posted.get(chat)
        if table is not None and message_id in table:
            table[message_id] = None

    def left(self, user: str) -> None:
        """The newcomer left (or was removed): nobody waits for their button any more."""
        for table in self._posted.values():
            for message, awaited in table.items():
                if awaited == user:
                    table[message] = None

    def awaited(self, chat: Chat) -> dict[int, str | None]:
        """A copy of what is remembered for `chat` (for tests and logs)."""
        return dict(self._posted.get(chat, {}))


def place(community_chat: int, where: str) -> Chat:
    """`welcome:` -> the group itself; `welcome:<chat id or @name>` -> that chat."""
    where = where.strip()
    if not where:
        return community_chat
    if where.startswith("@") and len(where) > 1:
        return where
    if where.lstrip("-").isdigit():
        return int(where)
    raise worded(Invalid, "refusal.telegram.bad_welcome_channel", channel=where)


def awaited_newcomer(post: Post) -> str | None:
    """The newcomer a verification button waits for, if the welcome carries one."""
    return next((b.only_user for b in post.buttons if b.command == VERIFY and b.only_user),
                None)


async def post_welcome(replies: Replies, welcomes: Welcomes, community_chat: int,
                       where: str, post: Post) -> None:
    """Delete the chat's previous welcome(s), then post this one (escaped HTML)."""
    chat = place(community_chat, where)
    previous = welcomes.take_previous(chat)
    for start in range(0, len(previous), DELETE_BATCH):
        batch = previous[start:start + DELETE_BATCH]
        try:
            if len(batch) == 1:
                await replies.bot.delete_message(chat, batch[0])
            else:
                await replies.bot.delete_messages(chat, batch)
        except TelegramError as error:   # too old, already gone: the new one still goes out
            log.info("telegram_welcome_not_deleted", chat=chat, messages=batch,
                     error=str(error))
    elsewhere = None if chat == community_chat else community_chat
    try:
        sent = await replies.send(chat, post.text, post.buttons, community_chat=elsewhere)
    except TelegramError as error:
        raise translate_error(error) from None
    welcomes.posted(chat, sent.message_id, awaited_newcomer(post))
