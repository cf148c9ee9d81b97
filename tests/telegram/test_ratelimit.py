"""The moderation rate limiter, through python-telegram-bot's real ExtBot and the fake API.

Limits are shortened (a 5-per-0.5 s "group minute") so that each test stays quick; the
figures asserted are those limits, measured on the fake's arrival times.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from structlog.testing import capture_logs
from telegram import ChatPermissions
from telegram.error import RetryAfter
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from adapters.telegram.errors import translate
from adapters.telegram.ratelimit import Limit, ModerationRateLimiter, QueueFull, Stopped, sends
from bot.errors import RateLimited, Unavailable

from .fake import Call, FakeBotAPI
from .harness import TOKEN, telegram_bot
from .spec import problems

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

GROUP, OTHER, PRIVATE = -1001234567890, -1009876543210, 5551001
MUTED = ChatPermissions(can_send_messages=False)
FAST = Limit(1000, 1.0)


@asynccontextmanager
async def limited(**options) -> AsyncIterator[tuple[ExtBot, FakeBotAPI, ModerationRateLimiter]]:
    """A real ExtBot with the limiter (`options`: its limits) against a fresh fake."""
    fake = await FakeBotAPI(TOKEN).start()
    limiter = ModerationRateLimiter(**{"overall": FAST, **options})
    bot = ExtBot(TOKEN, base_url=fake.base_url, rate_limiter=limiter,
                 request=HTTPXRequest(connection_pool_size=300, pool_timeout=10))
    try:
        async with bot:
            yield bot, fake, limiter
    finally:
        limiter.close()
        await fake.close()
    mistakes = problems(fake.calls)
    assert not mistakes, "calls that break the Bot API spec:\n" + "\n".join(mistakes)


def paced(calls: list[Call], began: float, limit: Limit) -> bool:
    """Whether no more than `limit.count` of the calls arrived before each multiple of its
    period: a lower bound only, which HTTP delays cannot break (arrival >= release)."""
    times = sorted(c.at - began for c in calls)
    return all(t >= (k // limit.count) * limit.period - 0.01 for k, t in enumerate(times))


def most_in(calls: list[Call], period: float) -> int:
    """The largest number of these calls that arrived within any `period` seconds."""
    times = sorted(c.at for c in calls)
    return max((sum(1 for u in times[i:] if u - t < period) for i, t in enumerate(times)),
               default=0)


def test_sending_methods_are_told_from_moderation():
    assert all(map(sends, ["sendMessage", "sendPhoto", "sendMediaGroup", "copyMessage",
                           "forwardMessages"]))
    assert not any(map(sends, ["restrictChatMember", "banChatMember", "deleteMessage",
                               "deleteMessages", "setChatPermissions", "getChat",
                               "answerCallbackQuery", "editMessageReplyMarkup"]))


async def test_restrictions_are_not_held_to_the_group_limit_that_paces_messages():
    async with limited(group=Limit(5, 0.5)) as (bot, fake, _):
        began = time.monotonic()
        messages = [asyncio.create_task(bot.send_message(GROUP, f"m{i}")) for i in range(25)]
        await asyncio.gather(*(bot.restrict_chat_member(GROUP, 6000 + i, MUTED)
                               for i in range(100)))
        restricted = time.monotonic() - began
        await asyncio.gather(*messages)
        sent = time.monotonic() - began
        restrictions = fake.made("restrictChatMember")
        assert len(restrictions) == 100
        assert restricted < 5.0    # held to 5 per 0.5 s they would take 9.5 s; HTTP ~1-2 s
        assert most_in(restrictions, 0.5) > 15      # 3 times the group's limit, at least
        sent_calls = fake.made("sendMessage")
        assert len(sent_calls) == 25
        assert paced(sent_calls, began, Limit(5, 0.5))    # the group's limit
        assert 2.0 <= sent < 3.5                    # 5 batches: 0, 0.5, 1.0, 1.5, 2.0 s
        arrived = {c.params["text"]: c.at - began for c in sent_calls}
        assert all(arrived[f"m{i}"] >= (i // 5) * 0.5 - 0.01 for i in range(25))   # in turn


async def test_private_sends_are_one_per_window_and_other_chats_are_not_held():
    async with limited(group=Limit(5, 0.5), private=Limit(1, 0.3)) as (bot, fake, _):
        began = time.monotonic()
        dms = asyncio.gather(*(bot.send_message(PRIVATE, f"d{i}") for i in range(4)))
        await bot.send_message(OTHER, "elsewhere")
        assert time.monotonic() - began < 0.25
        await dms
        assert time.monotonic() - began >= 0.9
        dm_calls = [c for c in fake.made("sendMessage") if c.params["chat_id"] == PRIVATE]
        assert [c.params["text"] for c in dm_calls] == ["d0", "d1", "d2", "d3"]
        assert paced(dm_calls, began, Limit(1, 0.3))


async def test_every_call_shares_the_bot_wide_rate():
    async with limited(overall=Limit(20, 0.5)) as (bot, fake, _):
        began = time.monotonic()
        await asyncio.gather(*(bot.delete_message(-1000000000000 - i, 7) for i in range(60)))
        assert time.monotonic() - began >= 0.95    # 20 at 0, 0.5 and 1.0 s
        assert paced(fake.made("deleteMessage"), began, Limit(20, 0.5))


async def test_a_429_holds_back_only_its_chat_then_the_call_is_retried():
    async with limited() as (bot, fake, _):
        fake.fail("restrictChatMember", 429, "Too Many Requests: retry after 1",
                  retry_after=1, when=lambda p: p["chat_id"] == GROUP)
        first = asyncio.create_task(bot.restrict_chat_member(GROUP, 1, MUTED))
        await fake.wait_for("restrictChatMember")
        began = time.monotonic()
        second = asyncio.create_task(bot.restrict_chat_member(GROUP, 2, MUTED))
        assert await bot.restrict_chat_member(OTHER, 3, MUTED) is True
        assert time.monotonic() - began < 0.3      # the other chat went meanwhile
        assert not first.done() and not second.done()
        assert await first is True and await second is True
        calls = fake.made("restrictChatMember")
        to_group = [c for c in calls if c.params["chat_id"] == GROUP]
        assert to_group[0].params["user_id"] == 1
        assert sorted(c.params["user_id"] for c in to_group) == [1, 1, 2]
        refused = to_group[0].at
        assert all(c.at - refused >= 1.0 for c in to_group[1:])


async def test_a_429_on_a_call_naming_no_chat_holds_back_every_call():
    async with limited() as (bot, fake, _):
        fake.fail("answerCallbackQuery", 429, "Too Many Requests: retry after 1",
                  retry_after=1)
        pressed = asyncio.create_task(bot.answer_callback_query("q1"))
        await fake.wait_for("answerCallbackQuery")
        await asyncio.sleep(0.05)
        assert await bot.restrict_chat_member(GROUP, 1, MUTED) is True
        assert await pressed is True
        (refused, retried) = fake.made("answerCallbackQuery")
        (restricted,) = fake.made("restrictChatMember")
        assert restricted.at - refused.at >= 1.0 and retried.at - refused.at >= 1.0


async def test_repeated_429s_reach_the_caller_as_a_rate_limit():
    async with limited(max_retries=1) as (bot, fake, _):
        fake.fail("deleteMessage", 429, "Too Many Requests: retry after 1", retry_after=1,
                  times=None)
        with pytest.raises(RetryAfter) as raised:
            await bot.delete_message(GROUP, 5)
        assert len(fake.made("deleteMessage")) == 2    # one retry, then the caller knows
        mapped = translate(raised.value)
        assert isinstance(mapped, RateLimited) and mapped.retry_after == 1.0


async def test_a_pause_longer_than_max_wait_is_handed_to_the_caller_not_waited():
    async with limited(max_wait=5) as (bot, fake, _):
        fake.fail("banChatMember", 429, "Too Many Requests: retry after 120",
                  retry_after=120, when=lambda p: p["chat_id"] == GROUP)
        began = time.monotonic()
        with pytest.raises(RetryAfter):
            await bot.ban_chat_member(GROUP, 1)
        with pytest.raises(RetryAfter) as again:     # the pause stands, not sent at all
            await bot.ban_chat_member(GROUP, 2)
        assert await bot.ban_chat_member(OTHER, 3) is True
        assert time.monotonic() - began < 0.5
        assert translate(again.value).retry_after >= 119
        assert [c.params["user_id"] for c in fake.made("banChatMember")] == [1, 3]


async def test_beyond_its_bound_a_queue_refuses_at_once_with_a_rate_limit():
    async with limited(group=Limit(1, 30.0), max_queued_per_chat=3,
                       max_queued=5) as (bot, fake, limiter):
        await bot.send_message(GROUP, "goes")
        waiting = [asyncio.create_task(bot.send_message(GROUP, f"w{i}")) for i in range(3)]
        await asyncio.sleep(0.1)
        assert limiter.queued == 3
        began = time.monotonic()
        with pytest.raises(QueueFull) as full:
            await bot.send_message(GROUP, "one too many")
        assert time.monotonic() - began < 0.2
        assert isinstance(translate(full.value), RateLimited)
        others = [asyncio.create_task(bot.send_message(OTHER, f"o{i}")) for i in range(3)]
        await asyncio.sleep(0.1)                     # one goes, two wait: 5 queued in all
        with pytest.raises(QueueFull, match="5"):
            await bot.send_message(-1005555555555, "the bot's bound")
        limiter.close()
        results = await asyncio.gather(*waiting, *others, return_exceptions=True)
        assert sum(isinstance(r, Stopped) for r in results) == 5
        assert [c.params["text"] for c in fake.made("sendMessage")] == ["goes", "o0"]


async def test_close_releases_a_waiter_at_once():
    async with limited(group=Limit(1, 30.0)) as (bot, fake, limiter):
        await bot.send_message(GROUP, "first")
        waiter = asyncio.create_task(bot.send_message(GROUP, "would wait 30 s"))
        await asyncio.sleep(0.1)
        began = time.monotonic()
        limiter.close()
        with pytest.raises(Stopped) as stopped:
            await waiter
        assert time.monotonic() - began < 0.5
        assert isinstance(translate(stopped.value), Unavailable)
        with pytest.raises(Stopped):                 # closed: nothing waits any more
            await bot.send_message(GROUP, "late")
        assert await bot.restrict_chat_member(GROUP, 1, MUTED) is True   # free to go
        assert [c.params["text"] for c in fake.made("sendMessage")] == ["first"]


async def test_the_adapter_stops_at_once_behind_a_long_retry_after(tmp_path):
    async with telegram_bot(tmp_path, judge=False) as tg:
        tg.fake.fail("restrictChatMember", 429, "Too Many Requests: retry after 30",
                     retry_after=30, times=None)
        bot = tg.adapter.application.bot
        assert bot.rate_limiter is tg.adapter.limiter
        held = asyncio.create_task(bot.restrict_chat_member(GROUP, 1, MUTED))
        await tg.fake.wait_for("restrictChatMember")
        await asyncio.sleep(0.1)
        began = time.monotonic()
        await tg.adapter.stop()
        assert time.monotonic() - began < 1.5        # QUIET settling, not 30 s
        with pytest.raises(Stopped):
            await held


async def test_a_wait_is_logged_with_its_figures_once_per_chat():
    async with limited(group=Limit(2, 1.0)) as (bot, _, _limiter):
        with capture_logs() as logs:
            await asyncio.gather(*(bot.send_message(GROUP, f"secret text {i}")
                                   for i in range(6)))
    waits = [e for e in logs if e["event"] == "telegram_chat_limit"]
    assert len(waits) == 1                           # 4 calls waited; one line for the chat
    (line,) = waits
    assert line["log_level"] == "info"
    assert (line["chat"], line["method"]) == (GROUP, "sendMessage")
    assert 0.9 <= line["wait"] <= 1.0 and line["queued"] >= 1 and line["queued_total"] >= 1
    assert "secret" not in repr(logs) and TOKEN not in repr(logs)
