"""The watch on Telegram through the real python-telegram-bot: a hit told in the watch's
alert chat with the sentiment, a crisis started and ended in the log chat."""

from __future__ import annotations

import time

from .commanding import BOB, MOD, said
from .harness import CHAT, LOG_CHAT, telegram_bot

ALERT_CHAT = -1002222222222
RULES = f"""\
version: 1
name: Veille
locale: fr
log_channel: "{LOG_CHAT}"
watch:
  terms: [Acme]
  alert: "{ALERT_CHAT}"
crisis: {{window: 10m, negative: 3, factor: 2}}
rules:
  - id: no-insults
    match: {{words: [moron]}}
    actions: [delete]
"""
ANGRY = "I hate this, the service is awful and the worst ever"


def texts_to(bot, chat: int) -> list[str]:
    return [call.params["text"] for call in bot.fake.made("sendMessage")
            if int(call.params["chat_id"]) == chat]


async def test_a_hit_goes_to_the_watch_alert_chat_in_the_community_s_language(tmp_path):
    async with telegram_bot(tmp_path, RULES) as bot:
        await bot.send({"message": said(BOB, "Acme a encore planté", 700)})
        await bot.core.drain(timeout=5)
        (text,) = texts_to(bot, ALERT_CHAT)
        assert text.startswith("Veille : 1 message(s)") and "Acme" in text
        assert "tonalité" in text and "encore planté" in text
        assert texts_to(bot, LOG_CHAT) == [] and texts_to(bot, CHAT) == []
        now = bot.core.clock()
        (hit,) = await bot.core.store.watch_hits(f"telegram:{CHAT}", now.replace(year=2020),
                                                 now.replace(year=2100))
        assert hit.term == "Acme" and hit.message_id == "700"


async def test_a_crisis_starts_and_ends_in_the_log_chat(tmp_path):
    async with telegram_bot(tmp_path, RULES) as bot:
        now = int(time.time())
        for n in range(3):
            await bot.send({"message": {**said(BOB if n % 2 else MOD, ANGRY, 710 + n),
                                        "date": now + n}})
        await bot.core.drain(timeout=5)
        (start,) = [t for t in texts_to(bot, LOG_CHAT) if t.startswith("Crise")]
        assert "3 messages négatifs" in start
        await bot.send({"message": {**said(BOB, "bonne journée à tous", 720),
                                    "date": now + 1200}})
        await bot.core.drain(timeout=5)
        (end,) = [t for t in texts_to(bot, LOG_CHAT) if t.startswith("Fin de la crise")]
        assert "au plus 3 messages" in end
