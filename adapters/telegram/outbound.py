"""Gardien's actions as Bot API calls.

Telegram treats an `until_date` under 30 seconds or over 366 days from now as
"forever", so every until_date sent is rounded up past 30 s (plus a margin for
clock skew) and capped at 366 days; the runtime's durable timers renew what is
longer. A target with a negative id is a channel identity (a member posting as
a channel): it can only be banned as a sender chat, never restricted.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

import structlog
from telegram import Bot, ChatPermissions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from adapters.coalesce import Coalescer
from adapters.telegram.errors import worded
from bot.adapter import Target
from bot.errors import Invalid, NotFound

log = structlog.get_logger("gardien.telegram")

MIN_UNTIL = timedelta(seconds=30)
UNTIL_MARGIN = timedelta(seconds=5)
MAX_UNTIL = timedelta(days=366)
DELETE_WINDOW = timedelta(hours=48)
DELETE_BATCH = 100   # deleteMessages takes up to 100 ids

READ_ONLY = ChatPermissions.no_permissions()
EVERYTHING = ChatPermissions.all_permissions()

Clock = Callable[[], datetime]


def until_date(duration: timedelta, now: datetime) -> int:
    """Unix time `duration` from `now`, kept where Telegram honours it as temporary."""
    duration = max(duration, MIN_UNTIL + UNTIL_MARGIN)
    if duration >= MAX_UNTIL:
        return math.floor((now + MAX_UNTIL).timestamp())
    return math.ceil((now + duration).timestamp())


def chat_id(target: Target) -> int:
    return int(target.community.partition(":")[2])


def is_channel(user_id: str) -> bool:
    """Users have positive ids; chats and channels negative ones."""
    return user_id.startswith("-")


def check_deletable(sent_at: datetime | None, now: datetime) -> None:
    if sent_at is not None and now - sent_at >= DELETE_WINDOW:
        raise worded(Invalid, "refusal.telegram.too_old")


def log_chat(target: Target) -> int | str | None:
    """The alert destination: a chat id, an @channel, or None when there is none."""
    where = target.log_channel.strip()
    if not where:
        return None
    if where.startswith("@") and len(where) > 1:
        return where
    try:
        return int(where)
    except ValueError:
        raise worded(Invalid, "refusal.telegram.bad_log_channel", channel=where) from None


class Calls:
    """The platform calls behind each action, on one python-telegram-bot `Bot`."""

    def __init__(self, bot: Bot, clock: Clock = lambda: datetime.now(UTC)) -> None:
        self.bot = bot
        self.clock = clock
        self.deletes: Coalescer[int, int] = Coalescer(self._delete_batch, DELETE_BATCH,
                                                      "telegram_deletes")

    async def delete(self, target: Target, sent_at: datetime | None) -> None:
        """Deletions that pile up (a spam wave) leave as one deleteMessages per chat."""
        check_deletable(sent_at, self.clock())
        await self.deletes.submit(chat_id(target), int(target.message_id))

    async def _delete_batch(self, chat: int, messages: list[int]
                            ) -> Sequence[BaseException | None]:
        """One deleteMessage for a lone message (its precise error), else deleteMessages
        (up to 100 ids; Telegram skips those already gone); a refused batch goes one by one."""
        if len(messages) > 1:
            try:
                await self.bot.delete_messages(chat, list(dict.fromkeys(messages)))
            except TelegramError as error:
                log.warning("telegram_bulk_delete_refused", chat=chat, messages=len(messages),
                            error=type(error).__name__)
            else:
                log.info("telegram_bulk_delete", chat=chat, messages=len(messages))
                return [None] * len(messages)
        return await asyncio.gather(*(self._delete_one(chat, m) for m in messages))

    async def _delete_one(self, chat: int, message: int) -> BaseException | None:
        try:
            await self.bot.delete_message(chat, message)
        except TelegramError as error:
            return error
        return None

    async def send(self, chat: int | str, html: str, reply_to: str = "") -> None:
        reply = (ReplyParameters(int(reply_to), allow_sending_without_reply=True)
                 if reply_to else None)
        await self.bot.send_message(chat, html, parse_mode=ParseMode.HTML,
                                    reply_parameters=reply)

    async def chat_title(self, chat: int) -> str:
        """The group's title, as members know it ("" when it has none)."""
        return (await self.bot.get_chat(chat)).title or ""

    async def timeout(self, target: Target, duration: timedelta) -> None:
        if is_channel(target.user):
            raise worded(Invalid, "refusal.telegram.restrict_channel")
        await self.bot.restrict_chat_member(
            chat_id(target), int(target.user), READ_ONLY,
            until_date=until_date(duration, self.clock()),
            use_independent_chat_permissions=True)

    async def untimeout(self, target: Target) -> None:
        """Lift the member's own restriction: every permission True is how the Bot API says
        it, and the member falls back to the chat's defaults. Copying the defaults instead
        would freeze them on the member: during a `raid.lock` they are all False, and the
        member would stay muted after the lockdown ended."""
        if is_channel(target.user):
            return
        await self.bot.restrict_chat_member(chat_id(target), int(target.user), EVERYTHING,
                                            use_independent_chat_permissions=True)

    async def restrict(self, target: Target) -> None:
        """The verification gate: read-only with no end date, until Unrestrict."""
        if is_channel(target.user):
            raise worded(Invalid, "refusal.telegram.restrict_channel")
        await self.bot.restrict_chat_member(chat_id(target), int(target.user), READ_ONLY,
                                            use_independent_chat_permissions=True)

    async def approve_join(self, target: Target) -> None:
        """Let a verified join requester in; one already inside counts as done."""
        try:
            await self.bot.approve_chat_join_request(chat_id(target), int(target.user))
        except BadRequest as error:
            text = str(error).lower()
            if "user_already_participant" in text:
                return
            if "hide_requester_missing" in text:
                raise worded(NotFound, "refusal.telegram.join_request_gone") from None
            raise

    async def ban(self, target: Target, duration: timedelta | None, revoke: bool) -> None:
        if is_channel(target.user):
            await self.bot.ban_chat_sender_chat(chat_id(target), int(target.user))
            return
        # Over 366 days Telegram's until_date cannot express it: ban for good, and the
        # runtime's unban timer lifts it when it ends.
        until = (until_date(duration, self.clock())
                 if duration is not None and duration < MAX_UNTIL else None)
        await self.bot.ban_chat_member(chat_id(target), int(target.user), until_date=until,
                                       revoke_messages=True if revoke else None)

    async def unban(self, target: Target) -> None:
        if is_channel(target.user):
            await self.bot.unban_chat_sender_chat(chat_id(target), int(target.user))
            return
        await self.bot.unban_chat_member(chat_id(target), int(target.user), only_if_banned=True)

    async def kick(self, target: Target) -> None:
        """Telegram has no kick: a ban lifted at once, so the member may come back."""
        await self.ban(target, None, revoke=False)
        await self.unban(target)
