"""Charts in chat on Telegram: a post's or an answer's image is a sendPhoto with the text as
its HTML caption (a text too long for a caption follows as a message), sent where the text
would go (real python-telegram-bot against the fake Bot API, every call checked against
the spec); a photo Telegram would not take is left out and the text sent alone."""

from __future__ import annotations

import asyncio
import logging
import struct
import zlib

import pytest

from adapters.telegram.replies import MAX_CAPTION, MAX_PHOTO
from bot.command_model import Answer
from bot.commands import buttons
from bot.errors import NotFound
from bot.posts import Button, DirectMessage, Image, LogChannel, Post

from .commanding import BOB, MOD, RecordingCenter, command
from .fake import Call, Upload
from .harness import CHAT, LOG_CHAT, telegram_bot
from .spec import problems

COMMUNITY = f"telegram:{CHAT}"
NO_DM = "Forbidden: bot can't initiate conversation with a user"
DETAILS = Button("Details", "stats", {"period": "7d"})


def png(width: int = 4, height: int = 3) -> bytes:
    """A real (grey) PNG, as a chart renderer would write one."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


CHART = Image("report-2026-11-01.png", png())


def logged(caplog, capsys) -> str:
    out = capsys.readouterr()
    return out.out + out.err + caplog.text


async def test_a_post_with_a_chart_is_a_photo_with_an_escaped_caption_and_its_buttons(
        tmp_path):
    async with telegram_bot(tmp_path, center=RecordingCenter()) as bot:
        await bot.adapter.post(COMMUNITY, Post(LogChannel(str(LOG_CHAT)),
                                               "Week: 3 <warns> & 1 ban", (DETAILS,),
                                               image=CHART))
        (photo,) = bot.fake.made("sendPhoto")
        assert photo.files == {"photo": Upload(CHART.name, CHART.data)}
        assert photo.params["chat_id"] == LOG_CHAT
        assert photo.params["caption"] == "Week: 3 &lt;warns&gt; &amp; 1 ban"
        assert photo.params["parse_mode"] == "HTML"
        [[button]] = photo.params["reply_markup"]["inline_keyboard"]
        assert button["callback_data"] == buttons.encode(DETAILS).replace(
            "period=7d", f"period=7d&c={CHAT}")       # the community rides along
        assert bot.fake.made("sendMessage") == []


async def test_a_text_too_long_for_a_caption_follows_the_photo_with_the_buttons(tmp_path):
    text = "Top rules this week:\n" + "\n".join(f"- rule-{i} & co: {i} hits"
                                                  for i in range(60))
    assert len(text) > MAX_CAPTION
    async with telegram_bot(tmp_path, center=RecordingCenter()) as bot:
        await bot.adapter.post(COMMUNITY, Post(LogChannel(str(LOG_CHAT)), text, (DETAILS,),
                                               image=CHART))
        photo, message = [c for c in bot.fake.made("sendPhoto", "sendMessage")]
        assert (photo.method, message.method) == ("sendPhoto", "sendMessage")
        assert photo.files["photo"].data == CHART.data
        assert "caption" not in photo.params and "reply_markup" not in photo.params
        assert message.params["chat_id"] == LOG_CHAT
        assert message.params["text"] == text.replace("&", "&amp;")
        assert message.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "Details"
        # at the limit, the caption still holds it all
        exact = "x" * MAX_CAPTION
        await bot.adapter.post(COMMUNITY, Post(LogChannel(str(LOG_CHAT)), exact,
                                               image=CHART))
        assert bot.fake.made("sendPhoto")[-1].params["caption"] == exact
        assert len(bot.fake.made("sendMessage")) == 1


async def test_a_moderators_answer_with_a_chart_goes_to_their_private_chat(tmp_path):
    center = RecordingCenter(Answer("Last 7 days: 3 warns, 1 ban.", image=CHART))
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/case 3", 10, MOD))
        (photo,) = bot.fake.made("sendPhoto")
        assert photo.params["chat_id"] == MOD["id"]
        assert photo.params["caption"] == "Last 7 days: 3 warns, 1 ban."
        assert photo.files == {"photo": Upload(CHART.name, CHART.data)}
        assert bot.fake.made("sendMessage") == []


async def test_a_private_chart_falls_back_to_the_group_and_both_messages_go_later(tmp_path):
    long_answer = "Summary & details " * 80      # too long for a caption: photo + text
    center = RecordingCenter(Answer(long_answer, image=CHART))
    async with telegram_bot(tmp_path, center=center) as bot:
        bot.adapter.replies.lifetime = 0.3
        bot.fake.fail("sendPhoto", 403, NO_DM, when=lambda p: p["chat_id"] == BOB["id"])
        await bot.send(command("/case 3", 20, BOB))
        to_bob, in_group = bot.fake.made("sendPhoto")
        assert (to_bob.params["chat_id"], in_group.params["chat_id"]) == (BOB["id"], CHAT)
        assert in_group.params["reply_parameters"]["message_id"] == 20
        (text,) = bot.fake.made("sendMessage")
        assert text.params["chat_id"] == CHAT
        deleted = await bot.fake.wait_for("deleteMessage", 2, timeout=5)
        assert {d.params["chat_id"] for d in deleted} == {CHAT}
        assert 20 not in {d.params["message_id"] for d in deleted}   # not the command
        assert len({d.params["message_id"] for d in deleted}) == 2


async def test_a_public_answer_with_a_chart_replies_in_the_group(tmp_path):
    center = RecordingCenter(Answer("This week", private=False, image=CHART))
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/case 3", 30, BOB))
        (photo,) = bot.fake.made("sendPhoto")
        assert photo.params["chat_id"] == CHAT
        assert photo.params["reply_parameters"]["message_id"] == 30
        await asyncio.sleep(0.05)
        assert bot.fake.made("deleteMessage") == []


async def test_a_photo_telegram_would_not_take_is_left_out_and_the_text_sent(
        tmp_path, caplog, capsys):
    caplog.set_level(logging.WARNING)
    huge = Image("huge.png", bytes(MAX_PHOTO + 1))
    async with telegram_bot(tmp_path, center=RecordingCenter()) as bot:
        await bot.adapter.post(COMMUNITY, Post(LogChannel(str(LOG_CHAT)), "Too big a chart",
                                               image=huge))
        assert bot.fake.made("sendPhoto") == []
        bot.fake.fail("sendPhoto", 400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        await bot.adapter.post(COMMUNITY, Post(DirectMessage("5551001"), "Odd chart",
                                               image=CHART))
        assert len(bot.fake.made("sendPhoto")) == 1
        sent = [(c.params["chat_id"], c.params["text"]) for c in bot.fake.made("sendMessage")]
        assert sent == [(LOG_CHAT, "Too big a chart"), (5551001, "Odd chart")]
    text = logged(caplog, capsys)
    assert "telegram_image_too_large" in text and "telegram_photo_refused" in text
    assert "Too big a chart" not in text        # message texts stay out of logs


async def test_a_refusal_about_the_chat_is_not_taken_for_one_about_the_photo(tmp_path):
    async with telegram_bot(tmp_path, center=RecordingCenter()) as bot:
        bot.fake.fail("sendPhoto", 400, "Bad Request: chat not found")
        with pytest.raises(NotFound, match="chat not found"):
            await bot.adapter.post(COMMUNITY, Post(LogChannel("-1009876"), "Lost",
                                                   image=CHART))
        assert bot.fake.made("sendMessage") == []     # no second try as a text


def test_the_spec_check_knows_send_photo():
    good = Call("POST", "/bot<token>/sendPhoto", "sendPhoto",
                {"chat_id": str(LOG_CHAT), "photo": "<file>", "caption": "x",
                 "parse_mode": "HTML"}, True)
    assert problems([good]) == []
    bad = Call("POST", "/bot<token>/sendPhoto", "sendPhoto",
               {"chat_id": str(LOG_CHAT), "caption": "x", "photo_name": "a.png"}, True)
    assert problems([bad]) == ["sendPhoto: required parameter 'photo' missing",
                               "sendPhoto: unknown parameter 'photo_name'"]
