"""`/mydata` through the real python-telegram-bot, the adapter and the real command center
against the fake Bot API: the JSON file goes to the member's private chat (sendDocument),
the group gets a word only; a member who never started the bot is told how; once an hour."""

from __future__ import annotations

import json

from tests.telegram.commanding import BOB, MOD, command, said
from tests.telegram.harness import CHAT, telegram_bot

NO_DM = "Forbidden: bot can't initiate conversation with a user"


def real_center(core):  # type: ignore[no-untyped-def]
    return core.commands


def texts_to(bot, chat: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.params["text"] for c in bot.fake.made("sendMessage", case_log=False)
            if c.params["chat_id"] == chat]


async def test_mydata_in_the_group_sends_the_file_privately(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        await bot.send({"message": said(BOB, "hi", 400)})
        await bot.send(command("/warn @bobm rude words", 401, MOD))
        (case,) = await bot.cases()
        await bot.send(command("/mydata", 402, BOB))
        (document,) = bot.fake.made("sendDocument")
        assert document.params["chat_id"] == BOB["id"]          # the private chat only
        upload = document.files["document"]
        assert upload.filename.startswith("gardien-mydata-") and upload.filename.endswith(
            ".json")
        found = json.loads(upload.data)
        assert found["user"] == str(BOB["id"])
        cases = found["communities"][f"telegram:{CHAT}"]["cases"]
        assert [(c["number"], c["reason"]) for c in cases] == [(case.number, "rude words")]
        assert any("everything Gardien holds about you" in t for t in texts_to(bot, BOB["id"]))
        assert texts_to(bot, CHAT)[-1] == "I sent you your data in a private message."

        await bot.send(command("/mydata", 403, BOB))              # within the hour
        assert len(bot.fake.made("sendDocument")) == 1
        assert any("once an hour" in t for t in texts_to(bot, BOB["id"]))


async def test_mydata_for_a_member_who_never_started_the_bot(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        bot.fake.fail("sendMessage", 403, NO_DM, times=None,
                      when=lambda p: p["chat_id"] == BOB["id"])
        await bot.send(command("/mydata", 410, BOB))
        assert bot.fake.made("sendDocument") == []               # never into the group
        (note,) = texts_to(bot, CHAT)
        assert "open a private chat with @" in note and "/start, then /mydata" in note


async def test_mydata_in_a_private_chat_covers_every_telegram_community(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        await bot.send({"message": said(BOB, "hi", 420)})
        await bot.send(command("/warn @bobm spam", 421, MOD))
        private = {"id": BOB["id"], "first_name": "Bob", "type": "private"}
        await bot.send(command("/mydata", 422, BOB, chat=private))
        (document,) = bot.fake.made("sendDocument")
        assert document.params["chat_id"] == BOB["id"]
        found = json.loads(document.files["document"].data)
        assert list(found["communities"]) == [f"telegram:{CHAT}"]
        assert texts_to(bot, CHAT)[-1:] != ["I sent you your data in a private message."]
