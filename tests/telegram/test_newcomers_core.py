"""Newcomers end to end: python-telegram-bot, the adapter, the REAL core (Pipeline with its
newcomers flow, CommandCenter's `verify`, SQLiteStore, Rulebook) and the fake Bot API."""

from __future__ import annotations

from telegram import ChatPermissions

from .commanding import BOB, GROUP, callback, said
from .harness import CHAT, LOG_CHAT, payload, telegram_bot
from .test_command_core import real_center
from .test_newcomers import EVE, ZOE, membership

RULES = f"""\
version: 1
name: Newcomer tests
locale: en
log_channel: "{LOG_CHAT}"
welcome:
  message: "Welcome {{mention}} to the group!"
  verify:
    prompt: "Press the button to accept the code of conduct."
    within: 10m
    on_timeout: kick
rules:
  - id: no-insults
    match: {{words: [idiot]}}
    actions: [delete]
"""


def keyboard_data(call) -> str:
    (row,) = call.params["reply_markup"]["inline_keyboard"]
    return row[0]["callback_data"]


async def test_a_newcomer_is_held_welcomed_and_let_in_by_their_own_press(tmp_path):
    async with telegram_bot(tmp_path, RULES, center=real_center) as bot:
        await bot.send(membership(EVE, "left", "member"))
        await bot.fake.wait_for("sendMessage")
        (gate,) = bot.fake.made("restrictChatMember")
        assert gate.params["chat_id"] == CHAT and gate.params["user_id"] == EVE["id"]
        assert not any(gate.params["permissions"].values())
        assert "until_date" not in gate.params
        (welcome,) = bot.fake.made("sendMessage")
        assert welcome.params["chat_id"] == CHAT and welcome.params["parse_mode"] == "HTML"
        assert welcome.params["text"].startswith(
            'Welcome <a href="tg://user?id=5551009">Eve</a> to the group!')
        assert "Press the button" in welcome.params["text"]
        data = keyboard_data(welcome)
        assert data == f"g1|verify|u={EVE['id']}"
        posted = said(EVE, welcome.params["text"], 90000, chat=GROUP)   # the fake's 1st id
        # someone else's press: refused by the core, an alert, the button stays
        await bot.send(callback(data, BOB, posted, "n1"))
        (refused,) = bot.fake.made("answerCallbackQuery")
        assert refused.params["show_alert"] is True and refused.params["text"]
        assert len(bot.fake.made("restrictChatMember")) == 1
        assert bot.fake.made("editMessageReplyMarkup") == []
        # the newcomer's own press: the chat's default permissions come back
        await bot.send(callback(data, EVE, posted, "n2"))
        ack = bot.fake.made("answerCallbackQuery")[-1]
        assert ack.params["show_alert"] is False and ack.params["text"]
        opened = bot.fake.made("restrictChatMember")[-1]
        assert (opened.params["user_id"], opened.params["permissions"]) == (
            EVE["id"], ChatPermissions.all_permissions().to_dict())
        (edit,) = bot.fake.made("editMessageReplyMarkup")
        assert edit.params == {"chat_id": CHAT, "message_id": 90000}
        assert await bot.cases() == []                         # verification is no case
        record = await bot.store.verification(f"telegram:{CHAT}", str(EVE["id"]))
        assert record is not None and record.status == "verified"
        # the next newcomer's welcome replaces Eve's (pressed, so it may go)
        await bot.send(membership(BOB, "left", "member"))
        await bot.fake.wait_for("sendMessage", 2)
        (gone,) = bot.fake.made("deleteMessage")
        assert gone.params == {"chat_id": CHAT, "message_id": 90000}


async def test_a_join_request_is_verified_in_private_then_approved(tmp_path):
    async with telegram_bot(tmp_path, RULES, center=real_center) as bot:
        await bot.send(payload("chat_join_request"))
        await bot.fake.wait_for("sendMessage")
        assert bot.fake.made("restrictChatMember") == []      # not inside yet
        (prompt,) = bot.fake.made("sendMessage")
        assert prompt.params["chat_id"] == ZOE["id"]          # by DM
        assert prompt.params["text"] == "Press the button to accept the code of conduct."
        data = keyboard_data(prompt)
        assert data == f"g1|verify|c={CHAT}&u={ZOE['id']}"
        private = {"id": ZOE["id"], "first_name": "Zoé", "type": "private"}
        await bot.send(callback(data, ZOE, said(ZOE, "Press", 4243, chat=private), "j1"))
        (approve,) = bot.fake.made("approveChatJoinRequest")
        assert approve.params == {"chat_id": CHAT, "user_id": ZOE["id"]}
        ack = bot.fake.made("answerCallbackQuery")[-1]
        assert ack.params["show_alert"] is False and ack.params["text"]
        assert bot.fake.made("editMessageReplyMarkup")[-1].params == {
            "chat_id": ZOE["id"], "message_id": 4243}
        # Telegram then reports the approved member joining: welcomed, not held again
        await bot.send(membership(ZOE, "left", "member"))
        await bot.fake.wait_for("sendMessage", 2)
        welcome = bot.fake.made("sendMessage")[-1]
        assert welcome.params["chat_id"] == CHAT
        assert "reply_markup" not in welcome.params
        assert bot.fake.made("restrictChatMember") == []
        assert await bot.cases() == []
