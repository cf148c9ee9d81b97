"""Native polls on Telegram: sendPoll, then stopPoll when the core's timer says it ends.

No `open_period` is set: the poll stays open until the bot stops it at `lasts` (a
durable timer, so across restarts too), and stopPoll's answer is the final Poll with
each option's voter count. Polls are anonymous (Telegram's default). Telegram's own
limits are checked here: 300 characters of question, 2 to 12 options of 100.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Bot
from telegram.error import TelegramError

from adapters.telegram.errors import translate as translate_error
from adapters.telegram.errors import worded
from bot.adapter import PollRef, PollResults
from bot.errors import Invalid
from bot.posts import Channel, Post

MAX_QUESTION, MIN_OPTIONS, MAX_OPTIONS, MAX_OPTION = 300, 2, 12, 100


def _chat(community: str, post: Post) -> int | str:
    ref = post.to.ref.strip() if isinstance(post.to, Channel) else ""
    if not ref:
        return int(community.partition(":")[2])
    if ref.startswith("@"):
        return ref
    try:
        return int(ref)
    except ValueError:
        raise worded(Invalid, "refusal.telegram.bad_log_channel", channel=ref) from None


async def post_poll(bot: Bot, community: str, post: Post, question: str,
                    options: tuple[str, ...], lasts: timedelta) -> PollRef:
    if (len(question) > MAX_QUESTION or not MIN_OPTIONS <= len(options) <= MAX_OPTIONS
            or any(len(o) > MAX_OPTION for o in options)):
        raise worded(Invalid, "refusal.telegram.poll_limits")
    try:
        message = await bot.send_poll(_chat(community, post), question, list(options),
                                      is_anonymous=True)
    except TelegramError as error:
        raise translate_error(error) from None
    poll_id = message.poll.id if message.poll is not None else ""
    return PollRef(str(message.chat.id), str(message.message_id), poll_id)


async def close_poll(bot: Bot, ref: PollRef) -> PollResults:
    chat: int | str = int(ref.channel) if ref.channel.lstrip("-").isdigit() else ref.channel
    try:
        poll = await bot.stop_poll(chat, int(ref.message_id))
    except TelegramError as error:
        raise translate_error(error) from None
    return PollResults(tuple(option.voter_count for option in poll.options),
                       poll.total_voter_count)
