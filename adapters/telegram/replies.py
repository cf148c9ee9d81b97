"""Answers and posts as Telegram messages: HTML-escaped, buttons as inline keyboards.

A private answer goes to the invoker's DMs. Telegram forbids a bot to write first
to someone who never started it, so when the DM fails the answer is a reply in
the group instead, deleted `lifetime` seconds (30) later so the group is not
left with moderators' business; refusals included. Deletions still pending at
shutdown are cancelled (those replies stay).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import structlog
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram import Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import TelegramError

from adapters.telegram.markup import Mentions
from bot.command_model import Answer
from bot.commands import buttons as payloads
from bot.posts import Button

log = structlog.get_logger("gardien.telegram")

REPLY_LIFETIME = 30.0
MAX_TEXT = 4096            # a message's length limit, after HTML escaping
STYLES = ("primary", "success", "danger")   # Telegram's; "secondary" is its default look
COMMUNITY_OPTION = "c"     # the community chat id, added to buttons posted elsewhere


def fit_html(text: str, mentions: Mentions, limit: int = MAX_TEXT) -> str:
    """The text as escaped HTML within Telegram's limit (cut, with an ellipsis)."""
    html = mentions.to_html(text)
    while len(html) > limit:
        text = text[: max(0, len(text) - (len(html) - limit) - 1)].rstrip() + "…"
        html = mentions.to_html(text)
    return html


def callback_data(button: Button, community_chat: int | None) -> str:
    """`buttons.encode`, with the community's chat id when the button lives elsewhere."""
    if community_chat is not None:
        marked = Button(button.label, button.command,
                        {**button.options, COMMUNITY_OPTION: community_chat},
                        button.only_user, button.style)
        try:
            return payloads.encode(marked)
        except ValueError:
            log.warning("telegram_button_without_community", command=button.command)
    return payloads.encode(button)


def keyboard(buttons: Sequence[Button], community_chat: int | None = None
             ) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    row = [InlineKeyboardButton(b.label[:64], callback_data=callback_data(b, community_chat),
                                style=b.style if b.style in STYLES else None)
           for b in buttons]
    return InlineKeyboardMarkup([row])


class Replies:
    def __init__(self, bot: Bot, mentions: Mentions, lifetime: float = REPLY_LIFETIME) -> None:
        self.bot = bot
        self.mentions = mentions
        self.lifetime = lifetime
        self._later: set[asyncio.Task[None]] = set()

    async def send(self, chat: int | str, text: str, buttons: Sequence[Button] = (),
                   reply_to: int | None = None, community_chat: int | None = None
                   ) -> TgMessage:
        reply = (ReplyParameters(reply_to, allow_sending_without_reply=True)
                 if reply_to is not None else None)
        return await self.bot.send_message(
            chat, fit_html(text, self.mentions), parse_mode=ParseMode.HTML,
            reply_parameters=reply, reply_markup=keyboard(buttons, community_chat))

    async def deliver(self, answer: Answer, chat: int, reply_to: int,
                      invoker: int | None) -> None:
        """A public answer replies in the group; a private one goes to the invoker."""
        if not answer.private:
            await self.send(chat, answer.text, answer.buttons, reply_to)
            return
        if invoker is not None and invoker > 0:
            try:
                await self.send(invoker, answer.text, answer.buttons, community_chat=chat)
                return
            except TelegramError as error:   # never started the bot, blocked it...
                log.info("telegram_dm_refused", user=invoker, error=str(error),
                         fallback="group reply, deleted later")
        sent = await self.send(chat, answer.text, answer.buttons, reply_to)
        self.delete_later(chat, sent.message_id)

    def delete_later(self, chat: int, message_id: int) -> None:
        task = asyncio.get_running_loop().create_task(self._delete(chat, message_id))
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def _delete(self, chat: int, message_id: int) -> None:
        await asyncio.sleep(self.lifetime)
        try:
            await self.bot.delete_message(chat, message_id)
        except TelegramError as error:
            log.info("telegram_reply_not_deleted", chat=chat, message=message_id,
                     error=str(error))

    async def close(self) -> None:
        for task in list(self._later):
            task.cancel()
        if self._later:
            await asyncio.gather(*self._later, return_exceptions=True)
