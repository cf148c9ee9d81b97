"""What commands ask the adapter beyond answering: posts elsewhere, and purge.

Purge: bots cannot list a chat's history, so only messages the adapter saw
since start-up (the last 1000 per chat, people.Recent) and younger than 48
hours (Telegram's limit for bots) can be purged; they go in deleteMessages
batches of 100, which Telegram paces like any other call.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import structlog
from telegram import Bot
from telegram.error import TelegramError

from adapters.telegram import outbound
from adapters.telegram.errors import translate as translate_error
from adapters.telegram.people import Recent
from adapters.telegram.replies import Replies
from adapters.telegram.welcome import Welcomes, post_welcome
from bot.adapter import Target
from bot.posts import Attachment, Channel, DirectMessage, LogChannel, Post, Welcome

log = structlog.get_logger("gardien.telegram")

MAX_DOCUMENT = 50_000_000            # sendDocument takes files up to 50 MB
PURGE_BATCH = 100                     # deleteMessages takes at most 100 ids
PURGE_MARGIN = timedelta(minutes=5)   # stay clear of the 48 h deletion limit


def message_link(chat: str, message_id: str) -> str | None:
    if not chat.startswith("-100") or not message_id.isdigit():
        return None
    return f"https://t.me/c/{chat.removeprefix('-100')}/{message_id}"


async def post(replies: Replies, community: str, post: Post,
               welcomes: Welcomes | None = None) -> None:
    """Post where the destination says: the log chat (none set: logged only), a member's
    DMs (a closed DM is logged, not raised), the welcome place (the group itself by
    default; the previous welcome there is deleted first), or a chat id / @name. An
    image goes as a photo (see `Replies.send_all`), files as documents after the text."""
    community_chat = int(community.partition(":")[2])
    match post.to:
        case Welcome(ref=ref):
            await post_welcome(replies, welcomes if welcomes is not None else Welcomes(),
                               community_chat, ref, post)
            return
        case DirectMessage(user=user):
            try:
                await replies.send(int(user), post.text, post.buttons,
                                   community_chat=community_chat, image=post.image)
            except TelegramError as error:
                log.info("telegram_dm_refused", user=user, error=str(error))
            return
        case Channel(ref=ref):
            where = ref.strip() or str(community_chat)   # "": the group (a schedule's)
        case LogChannel(ref=ref):
            where = ref.strip()
    if not where:
        log.info("telegram_post", community=community, hint="no log_channel set")
        return
    chat = outbound.log_chat(Target(community, "", log_channel=where))
    assert chat is not None
    try:
        await replies.send(chat, post.text, post.buttons,
                           community_chat=None if chat == community_chat else community_chat,
                           image=post.image)
        await send_files(replies.bot, chat, post.files)
    except TelegramError as error:
        raise translate_error(error) from None


async def send_files(bot: Bot, chat: int | str, files: tuple[Attachment, ...]) -> None:
    """A post's files (an archive's JSON and HTML), one sendDocument each after its text;
    one over the Bot API's 50 MB is left out (logged): it stays where the core wrote it."""
    for item in files:
        if len(item.data) > MAX_DOCUMENT:
            log.warning("telegram_file_too_large", file=item.name, size=len(item.data),
                        limit=MAX_DOCUMENT)
            continue
        await bot.send_document(chat, item.data, filename=item.name)


async def purge(bot: Bot, recent: Recent, community: str, channel: str, count: int,
                user: str | None = None) -> int:
    """Delete the newest `count` messages seen (of `user`); how many were asked for."""
    chat = int(channel or community.partition(":")[2])
    since = datetime.now(UTC) - outbound.DELETE_WINDOW + PURGE_MARGIN
    ids = recent.pick(chat, count, int(user) if user else None, since)
    try:
        for start in range(0, len(ids), PURGE_BATCH):
            await bot.delete_messages(chat, ids[start:start + PURGE_BATCH])
    except TelegramError as error:
        raise translate_error(error) from None
    recent.forget(chat, ids)
    return len(ids)
