"""`/stats` on Telegram through the real python-telegram-bot, the adapter, the real command
center and live counts: the moderator gets the summary and the chart as a photo in private;
a member is refused."""

from __future__ import annotations

from .commanding import BOB, MOD, command, said
from .harness import RULES, telegram_bot

PNG = b"\x89PNG\r\n\x1a\n"


def real_center(core):  # type: ignore[no-untyped-def]
    return core.commands


async def test_stats_answers_a_moderator_with_a_photo_of_the_chart(tmp_path):
    async with telegram_bot(tmp_path, RULES, center=real_center) as bot:
        for n in range(4):
            await bot.send({"message": said(BOB, f"hello {n}", 500 + n)})
        await bot.send(command("/stats 7d", 510, MOD))
        (photo,) = bot.fake.made("sendPhoto")
        assert photo.params["chat_id"] == MOD["id"]            # privately
        upload = photo.files["photo"]
        assert upload.data.startswith(PNG) and upload.filename.endswith(".png")
        # MOD writes in French: the summary is in their language, with the 4 messages
        text = photo.params.get("caption") or bot.fake.made("sendMessage")[-1].params["text"]
        assert "4" in text and "Messages" in text


async def test_stats_is_refused_to_a_member(tmp_path):
    async with telegram_bot(tmp_path, RULES, center=real_center) as bot:
        await bot.send(command("/stats", 520, BOB))
        assert bot.fake.made("sendPhoto") == []
