"""Through the real python-telegram-bot against the fake Bot API: messages, a join and a
ban by a rule counted live, reported before and after the flush alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.insight.live import read_period
from bot.insight.model import as_json
from tests.telegram.harness import CHAT, payload, telegram_bot, text_message

COMMUNITY = f"telegram:{CHAT}"


async def test_telegram_messages_are_counted_and_reported(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        day = datetime.now(UTC).date()
        await bot.send(text_message("good morning", 11))                          # Bob
        await bot.send(text_message("morning Bob", 12, user=5551002, name="Dana"))
        await bot.send(text_message("coffee?", 13))
        await bot.send(payload("chat_member_join"))                               # Eve joins
        await bot.send(payload("message_entities"))   # Bob's hidden scam link: banned
        insight = bot.core.insight
        end = datetime.now(UTC).date() + timedelta(days=1)   # the test may cross midnight
        live = as_json(await insight.report(COMMUNITY, day, end))
        assert await insight.flush() > 0
        period = await read_period(bot.store, COMMUNITY, "UTC", day, end)
        assert as_json(period.report(locale="en")) == live
    assert (live["community"], live["timezone"]) == (COMMUNITY, "UTC")
    assert live["messages"] == 4 and live["active_members"] == 2
    assert live["communicators"] == 1                       # Bob: 3 messages
    assert live["joins"] == 1 and live["newcomers"]["joined"] == 1
    assert live["leaves"] == 1                              # Bob, banned by no-scams
    moderation = live["moderation"]
    assert (moderation["cases"], moderation["by_rule"], moderation["moderated_messages"]) == (
        1, {"no-scams": 1}, 1)
    assert sum(live["hours"]) == 4
