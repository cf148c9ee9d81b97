"""Native polls on Discord: posted with discord.py's `Poll`, ended and read by the bot.

Discord polls last whole hours (1 to 768); the poll's duration is `lasts` rounded up,
and the core's `poll_close` timer ends it at `lasts` (POST .../polls/{message}/expire),
whose answer carries the counts. A poll that already ended by itself (the bot was down)
is read back from its message instead. Limits Discord has and the rule file's common
ones do not are refused here, by name: 300 characters of question, 10 answers of 55.
"""

from __future__ import annotations

import math
from datetime import timedelta

import discord

from adapters.discord import welcome
from adapters.discord.errors import mapped, worded
from adapters.discord.interactions import NO_MENTIONS
from adapters.discord.outbound import Outbound
from bot.adapter import PollRef, PollResults
from bot.errors import Invalid
from bot.posts import Channel, Post

MAX_QUESTION, MAX_ANSWERS, MAX_ANSWER = 300, 10, 55
LONGEST_HOURS = 768


def hours(lasts: timedelta) -> int:
    """Discord's duration for a poll the bot ends at `lasts`: whole hours, rounded up."""
    return min(LONGEST_HOURS, max(1, math.ceil(lasts / timedelta(hours=1))))


async def post_poll(out: Outbound, guild: discord.Guild, post: Post, question: str,
                    options: tuple[str, ...], lasts: timedelta) -> PollRef:
    if (len(question) > MAX_QUESTION or len(options) > MAX_ANSWERS
            or any(len(o) > MAX_ANSWER for o in options)
            or lasts > timedelta(hours=LONGEST_HOURS)):
        raise worded(Invalid, "refusal.discord.poll_limits")
    ref = post.to.ref if isinstance(post.to, Channel) else ""
    channel: discord.abc.Messageable = (
        out.channel(guild, ref) if ref.strip()   # type: ignore[assignment]
        else welcome.place(out, guild, ""))
    out.need(guild, "send_messages", "refusal.discord.permission.send_messages",
             channel)   # type: ignore[arg-type]
    out.need(guild, "send_polls", "refusal.discord.permission.send_polls",
             channel)   # type: ignore[arg-type]
    poll = discord.Poll(question=question, duration=timedelta(hours=hours(lasts)))
    for option in options:
        poll.add_answer(text=option)
    with mapped("refusal.discord.doing.post", channel=getattr(channel, "name", ref)):
        message = await channel.send(poll=poll, allowed_mentions=NO_MENTIONS)
    return PollRef(str(message.channel.id), str(message.id))


async def close_poll(out: Outbound, guild: discord.Guild, ref: PollRef) -> PollResults:
    channel = out.channel(guild, ref.channel)
    partial = channel.get_partial_message(int(ref.message_id))   # type: ignore[union-attr]
    try:
        message = await partial.end_poll()
    except discord.HTTPException:   # already ended by Discord: read what it holds
        with mapped("refusal.discord.doing.read_history"):
            message = await partial.fetch()
    poll = message.poll
    if poll is None:
        raise worded(Invalid, "refusal.discord.not_a_poll")
    counts = tuple(answer.vote_count for answer in poll.answers)
    return PollResults(counts, sum(counts))   # one answer per voter (no multiselect)
