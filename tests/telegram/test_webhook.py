"""Webhook mode: python-telegram-bot's own listener on 127.0.0.1, the secret checked."""

from __future__ import annotations

import aiohttp
from pydantic import SecretStr

from bot.config import WebhookConfig

from .harness import CHAT, free_port, telegram_bot, text_message

SECRET = "hook-Secret_0123456789"


async def test_updates_posted_with_the_secret_are_handled_and_others_refused(tmp_path):
    port = free_port()
    hook = WebhookConfig(url="https://bot.example.org/tg/hook", listen="127.0.0.1",
                         port=port, secret=SecretStr(SECRET))
    async with telegram_bot(tmp_path, webhook=hook) as bot:
        (register,) = bot.fake.made("setWebhook")
        assert register.params["url"] == "https://bot.example.org/tg/hook"
        assert register.params["secret_token"] == SECRET
        assert "chat_member" in register.params["allowed_updates"]
        assert bot.fake.made("getUpdates") == []
        url = f"http://127.0.0.1:{port}/tg/hook"
        async with aiohttp.ClientSession() as http:
            wrong = text_message("you idiot", 301)
            wrong["update_id"] = 1
            async with http.post(url, json=wrong, headers={
                    "X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}) as answer:
                assert answer.status == 403
            async with http.post(url, json=wrong) as answer:    # no secret at all
                assert answer.status == 403
            right = text_message("you idiot", 302)
            right["update_id"] = 2
            async with http.post(url, json=right, headers={
                    "X-Telegram-Bot-Api-Secret-Token": SECRET}) as answer:
                assert answer.status == 200
            await bot.fake.wait_for("sendMessage")
            assert await bot.core.drain(timeout=10)
        assert [e.id for e in bot.events] == ["302"]
        (delete,) = bot.fake.made("deleteMessage")
        assert delete.params == {"chat_id": CHAT, "message_id": 302}
        (case,) = await bot.cases()
        assert (case.message_id, case.status) == ("302", "done")
