"""A spam wave through the real python-telegram-bot and the fake Bot API: the deletions
that pile up leave as deleteMessages (up to 100 ids a call), every message deleted once;
a lone deletion is a deleteMessage, and a refused batch goes one by one."""

from __future__ import annotations

from collections import Counter

from .harness import CHAT, telegram_bot, text_message

SPAM = """\
version: 1
name: Spam
rules:
  - id: spam
    match: {words: [buyfollowersnow]}
    actions: [delete]
"""
ROUND_TRIP = 0.05


def deleted(bot) -> Counter[int]:  # type: ignore[no-untyped-def]
    out: Counter[int] = Counter()
    for call in bot.fake.made("deleteMessage", "deleteMessages"):
        assert call.params["chat_id"] == CHAT
        if call.method == "deleteMessage":
            out[int(call.params["message_id"])] += 1
        else:
            assert 2 <= len(call.params["message_ids"]) <= 100
            out.update(int(m) for m in call.params["message_ids"])
    return out


async def wave(bot, count: int, first_id: int = 500) -> set[int]:  # type: ignore[no-untyped-def]
    ids = set(range(first_id, first_id + count))
    pushed = [await bot.fake.push(text_message(f"buyfollowersnow {n}", n, user=5551001 + n % 7))
              for n in sorted(ids)]
    for update_id in pushed:
        await bot.handled(update_id)
    assert await bot.core.drain(timeout=20)
    return ids


async def test_a_spam_wave_is_deleted_in_batches_each_message_once(tmp_path):
    async with telegram_bot(tmp_path, SPAM) as bot:
        bot.fake.delays["deleteMessage"] = bot.fake.delays["deleteMessages"] = ROUND_TRIP
        ids = await wave(bot, 150)
        assert deleted(bot) == Counter({m: 1 for m in ids})
        batches = bot.fake.made("deleteMessages")
        assert batches and len(batches) + len(bot.fake.made("deleteMessage")) < len(ids)


async def test_a_lone_message_is_one_delete_message(tmp_path):
    async with telegram_bot(tmp_path, SPAM) as bot:
        await bot.send(text_message("buyfollowersnow", 42))
        assert [(c.method, c.params["message_id"]) for c in bot.fake.made(
            "deleteMessage", "deleteMessages")] == [("deleteMessage", 42)]


async def test_a_refused_batch_is_deleted_one_by_one(tmp_path):
    async with telegram_bot(tmp_path, SPAM) as bot:
        bot.fake.delays["deleteMessage"] = bot.fake.delays["deleteMessages"] = ROUND_TRIP
        bot.fake.fail("deleteMessages", 400, "Bad Request: message can't be deleted",
                      times=None)
        ids = await wave(bot, 40)
        singles = Counter(int(c.params["message_id"]) for c in bot.fake.made("deleteMessage"))
        assert singles == Counter({m: 1 for m in ids})
        assert bot.fake.made("deleteMessages")   # tried, refused, then one by one
