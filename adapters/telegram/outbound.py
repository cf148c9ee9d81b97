"""Gardien's actions as Bot API calls.

Telegram treats an `until_date` under 30 seconds or over 366 days from now as
"forever", so every until_date sent is rounded up past 30 s (plus a margin for
clock skew) and capped at 366 days; the runtime's durable timers renew what is
longer. A target with a negative id is a channel identity (a member posting as
a channel): it can only be banned as a sender chat, never restricted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from telegram import Bot, ChatPermissions, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from adapters.telegram.errors import worded
from bot.adapter import Target
from bot.errors import Invalid, NotFound

MIN_UNTIL = timedelta(seconds=30)
UNTIL_MARGIN = timedelta(seconds=5)
MAX_UNTIL = timedelta(days=366)
DELETE_WINDOW = timedelta(hours=48)

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

    async def delete(self, target: Target, sent_at: datetime | None) -> None:
        check_deletable(sent_at, self.clock())
        await self.bot.delete_message(chat_id(target), int(target.message_id))

    async def send(self, chat: int | str, html: str, reply_to: str = "") -> None:
        reply = (ReplyParameters(int(reply_to), allow_sending_without_reply=True)
                 if reply_to else None)
        await self.bot.send_message(chat, html, parse_mode=ParseMode.HTML,
                                    reply_parameters=reply)

    async def timeout(self, target: Target, duration: timedelta) -> None:
        if is_channel(target.user):
            raise worded(Invalid, "refusal.telegram.restrict_channel")
        await self.bot.restrict_chat_member(
            chat_id(target), int(target.user), READ_ONLY,
            until_date=until_date(duration, self.clock()),
            use_independent_chat_permissions=True)

    async def untimeout(self, target: Target) -> None:
        if is_channel(target.user):
            return
        chat = await self.bot.get_chat(chat_id(target))
        await self.bot.restrict_chat_member(
            chat_id(target), int(target.user), chat.permissions or EVERYTHING,
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
