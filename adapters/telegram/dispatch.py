"""Which Bot API calls carry out each of Gardien's actions (the calls are in outbound.py).

Kept apart from the adapter so the adapter stays about its lifecycle and updates.
Texts are plain when they arrive: they become escaped HTML here, with the
`{mention}` placeholders made into member links.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime

import structlog
from telegram.error import TelegramError

from adapters.telegram import outbound
from adapters.telegram.errors import worded
from adapters.telegram.markup import Mentions
from bot.adapter import Target
from bot.cases.notice import fill_community
from bot.errors import ActionError, Invalid
from rules.actions import (
    Action,
    Alert,
    ApproveJoin,
    Ban,
    Delete,
    Dm,
    Kick,
    Reply,
    Restrict,
    Timeout,
    Unban,
    Unrestrict,
    Untimeout,
    Warn,
)

log = structlog.get_logger("gardien.telegram")

NOTICE_WAIT = 5.0   # seconds; a statement held up longer is given up, the sanction is not


async def carry_out(calls: outbound.Calls, mentions: Mentions,
                    sent_at: Mapping[tuple[int, int], datetime], action: Action,
                    target: Target) -> None:
    """One action as Bot API calls; raises python-telegram-bot's errors (or `Invalid`).

    An Alert with no log chat in the rule file is logged only (a successful no-op).
    """
    names = {target.user: target.user_name} if target.user_name else {}
    if isinstance(action, Delete):
        key = (outbound.chat_id(target), int(target.message_id))
        await calls.delete(target, sent_at.get(key))
    elif isinstance(action, Warn | Reply):
        await calls.send(outbound.chat_id(target), mentions.to_html(action.text, names),
                         target.message_id)
    elif isinstance(action, Dm):
        if outbound.is_channel(target.user):
            raise worded(Invalid, "refusal.telegram.dm_channel")
        await calls.send(int(target.user), mentions.to_html(action.text, names))
    elif isinstance(action, Alert):
        chat = outbound.log_chat(target)
        if chat is None:
            log.info("telegram_alert", community=target.community,
                     text=mentions.to_plain(action.text), hint="no log_channel set")
            return
        await calls.send(chat, mentions.to_html(action.text, names))
    elif isinstance(action, Timeout):
        await calls.timeout(target, action.duration)
        await tell(calls, mentions, target, action.notice)
    elif isinstance(action, Untimeout | Unrestrict):
        await calls.untimeout(target)   # back to the chat's defaults
    elif isinstance(action, Restrict):
        await calls.restrict(target)
    elif isinstance(action, ApproveJoin):
        await calls.approve_join(target)
    elif isinstance(action, Kick):
        await calls.kick(target)
        await tell(calls, mentions, target, action.notice)
    elif isinstance(action, Ban):
        await calls.ban(target, action.duration, action.delete_messages is not None)
        await tell(calls, mentions, target, action.notice)
    elif isinstance(action, Unban):
        await calls.unban(target)
    else:
        raise worded(Invalid, "refusal.telegram.cannot_carry_out", kind=action.kind)


async def tell(calls: outbound.Calls, mentions: Mentions, target: Target, notice: str) -> None:
    """The member's statement of reasons, in a private chat, after the sanction succeeded
    (a Telegram ban does not close the bot's private chat). Never to a channel posting in
    the group; undeliverable (the member never started the bot) is logged, never raised:
    the sanction stands either way."""
    if not notice or outbound.is_channel(target.user):
        return
    try:
        name = await asyncio.wait_for(calls.chat_title(outbound.chat_id(target)), NOTICE_WAIT)
        text = fill_community(notice, name or target.community)
        await asyncio.wait_for(calls.send(int(target.user), mentions.to_html(text, {})),
                               NOTICE_WAIT)
    except (TelegramError, ActionError, OSError, TimeoutError) as error:
        log.info("notice_not_delivered", community=target.community, user=target.user,
                 reason=type(error).__name__)
