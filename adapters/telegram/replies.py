"""Answers and posts as Telegram messages: HTML-escaped, buttons as inline keyboards.

A private answer goes to the invoker's DMs. Telegram forbids a bot to write first
to someone who never started it, so when the DM fails the answer is a reply in
the group instead, deleted `lifetime` seconds (30) later so the group is not
left with moderators' business; refusals included. Deletions still pending at
shutdown are cancelled (those replies stay).

An image (a chart) goes as a photo with the text as its caption, the buttons under it.
A caption holds at most 1024 characters: a longer text follows the photo as a message of
its own, which then carries the buttons. A photo Telegram would not take (over 10 MB,
or refused as a photo) is left out, logged, and the text sent alone: the text is the
answer, the chart only illustrates it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import structlog
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters
from telegram import Message as TgMessage
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from adapters.telegram.markup import Mentions
from bot.command_model import Answer
from bot.commands import buttons as payloads
from bot.posts import Button, Image

log = structlog.get_logger("gardien.telegram")

REPLY_LIFETIME = 30.0
MAX_TEXT = 4096            # a message's length limit, after HTML escaping
MAX_CAPTION = 1024         # a photo caption's, counted the same way
MAX_PHOTO = 10_000_000     # sendPhoto takes photos up to 10 MB
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


def photo_sized(image: Image | None) -> Image | None:
    """The image when sendPhoto takes its size; a larger one is dropped (logged)."""
    if image is not None and len(image.data) > MAX_PHOTO:
        log.warning("telegram_image_too_large", image=image.name, size=len(image.data),
                    limit=MAX_PHOTO)
        return None
    return image


def about_the_photo(error: BadRequest) -> bool:
    """Whether Telegram refused the photo itself (PHOTO_INVALID_DIMENSIONS,
    IMAGE_PROCESS_FAILED...), not the chat: the text alone may then still go."""
    text = str(error).lower()
    return any(word in text for word in ("photo", "image", "file"))


class Replies:
    def __init__(self, bot: Bot, mentions: Mentions, lifetime: float = REPLY_LIFETIME) -> None:
        self.bot = bot
        self.mentions = mentions
        self.lifetime = lifetime
        self._later: set[asyncio.Task[None]] = set()

    async def send(self, chat: int | str, text: str, buttons: Sequence[Button] = (),
                   reply_to: int | None = None, community_chat: int | None = None,
                   image: Image | None = None) -> TgMessage:
        """The text (with its image, when given); the message that carries the buttons."""
        sent = await self.send_all(chat, text, buttons, reply_to, community_chat, image)
        return sent[-1]

    async def send_all(self, chat: int | str, text: str, buttons: Sequence[Button] = (),
                       reply_to: int | None = None, community_chat: int | None = None,
                       image: Image | None = None) -> list[TgMessage]:
        """Every message sent for one text: the photo, then the text when it did not fit."""
        reply = (ReplyParameters(reply_to, allow_sending_without_reply=True)
                 if reply_to is not None else None)
        markup = keyboard(buttons, community_chat)
        image = photo_sized(image)
        if image is not None:
            html = self.mentions.to_html(text)
            fits = len(html) <= MAX_CAPTION
            try:
                photo = await self.bot.send_photo(
                    chat, image.data, filename=image.name, caption=html if fits else None,
                    parse_mode=ParseMode.HTML if fits else None, reply_parameters=reply,
                    reply_markup=markup if fits else None)
            except BadRequest as error:
                if not about_the_photo(error):   # chat not found...: the text would fail too
                    raise
                log.warning("telegram_photo_refused", image=image.name, error=str(error))
            else:
                if fits:
                    return [photo]
                return [photo, await self._text(chat, text, reply, markup)]
        return [await self._text(chat, text, reply, markup)]

    async def _text(self, chat: int | str, text: str, reply: ReplyParameters | None,
                    markup: InlineKeyboardMarkup | None) -> TgMessage:
        return await self.bot.send_message(
            chat, fit_html(text, self.mentions), parse_mode=ParseMode.HTML,
            reply_parameters=reply, reply_markup=markup)

    async def deliver(self, answer: Answer, chat: int, reply_to: int,
                      invoker: int | None) -> None:
        """A public answer replies in the group; a private one goes to the invoker."""
        if answer.files:
            await self._deliver_files(answer, chat, reply_to, invoker)
            return
        if not answer.private:
            await self.send(chat, answer.text, answer.buttons, reply_to, image=answer.image)
            return
        if invoker is not None and invoker > 0:
            try:
                await self.send(invoker, answer.text, answer.buttons, community_chat=chat,
                                image=answer.image)
                return
            except TelegramError as error:   # never started the bot, blocked it...
                log.info("telegram_dm_refused", user=invoker, error=str(error),
                         fallback="group reply, deleted later")
        for sent in await self.send_all(chat, answer.text, answer.buttons, reply_to,
                                        image=answer.image):
            self.delete_later(chat, sent.message_id)

    async def _deliver_files(self, answer: Answer, chat: int, reply_to: int,
                             invoker: int | None) -> None:
        """Files (a member's own data) go only to the invoker's private chat; in a group
        the answer there is `sent_note`, or `no_dm_note` when the DM failed (deleted later
        like every private answer left in a group)."""
        if invoker is not None and invoker > 0:
            try:
                await self.send(invoker, answer.text)
                for item in answer.files:
                    await self.bot.send_document(invoker, item.data, filename=item.name)
            except TelegramError as error:
                log.info("telegram_dm_refused", user=invoker, error=str(error),
                         fallback="files not sent")
                note = answer.no_dm_note
            else:
                if chat == invoker:
                    return
                note = answer.sent_note
        else:
            note = answer.no_dm_note
        if note:
            sent = await self.send(chat, note, reply_to=reply_to)
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
