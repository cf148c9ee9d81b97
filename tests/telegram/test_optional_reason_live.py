"""`/ban` in reply and nothing else, the most common ban on Telegram: through the real
python-telegram-bot, the adapter, the real CommandCenter and the fake Bot API."""

from __future__ import annotations

import pytest

from adapters.telegram.parse import parse, split, usage
from bot.commands.registry import BY_NAME

from .commanding import BOB, MOD, command, said
from .harness import CHAT, LOG_CHAT, RULES, telegram_bot

BOT = "gardien_test_bot"
STRICT = RULES.replace("exempt:\n", "commands: {require_reason: true}\nexempt:\n")


def real_center(core):
    return core.commands


def sent_to(bot, chat):
    return [c.params for c in bot.fake.made("sendMessage") if c.params["chat_id"] == chat]


@pytest.mark.parametrize(("text", "replied", "target", "options"), [
    ("/ban", True, None, {}),
    ("/ban@gardien_test_bot", True, None, {}),
    ("/ban @bobm", False, "@bobm", {}),
    ("/ban 5551001", False, "5551001", {}),
    ("/ban 7d", True, None, {"duration": "7d"}),
    ("/kick", True, None, {}),
    ("/warn points:2", True, None, {"points": 2}),
    ("/timeout 10m", True, None, {"duration": "10m"}),
])
def test_a_sanction_command_alone_parses_with_no_reason(text, replied, target, options):
    found = split(text, BOT)
    assert found is not None
    request = parse(*found, replied=replied)
    assert (request.target, request.options) == (target, options)


def test_the_menu_shows_the_reason_as_optional():
    assert usage(BY_NAME["ban"]) == "ban <member> [duration] [reason] [delete:1d]"
    assert usage(BY_NAME["timeout"]) == "timeout <member> <duration> [reason]"


async def test_ban_in_reply_alone_bans_and_records_a_case_with_no_reason(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        spam = said(BOB, "buy my course", 400)
        await bot.send({"message": spam})
        await bot.send(command("/ban", 401, MOD, spam))
        [ban] = bot.fake.made("banChatMember")
        assert (ban.params["chat_id"], ban.params["user_id"]) == (CHAT, BOB["id"])
        [case] = await bot.cases()
        assert (case.action, case.user, case.moderator, case.reason, case.status) == (
            "ban", str(BOB["id"]), str(MOD["id"]), "", "done")
        [log_post] = sent_to(bot, LOG_CHAT)
        assert f"#{case.number}" in log_post["text"]
        assert "Reason: no reason given" in log_post["text"]
        # the moderator is answered (the fake's MOD speaks French), not refused
        [answer] = sent_to(bot, MOD["id"])
        assert f"n°{case.number}" in answer["text"] and "banni" in answer["text"]


async def test_warn_and_timeout_in_reply_alone_are_carried_out(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        spam = said(BOB, "hello", 410)
        await bot.send({"message": spam})
        await bot.send(command("/timeout 10m", 411, MOD, spam))
        [mute] = bot.fake.made("restrictChatMember")
        assert mute.params["user_id"] == BOB["id"]
        await bot.send(command("/warn", 412, MOD, spam))
        warnings = [p["text"] for p in sent_to(bot, CHAT)
                    if "you have been warned" in p["text"]]
        assert warnings and "you have been warned: no reason given." in warnings[0]
        assert [(c.action, c.reason) for c in await bot.cases()][:2] == [
            ("timeout", ""), ("warn", "")]


async def test_with_require_reason_ban_alone_is_refused_and_nothing_happens(tmp_path):
    async with telegram_bot(tmp_path, STRICT, center=real_center) as bot:
        spam = said(BOB, "buy my course", 420)
        await bot.send({"message": spam})
        await bot.send(command("/ban", 421, MOD, spam))
        assert not bot.fake.made("banChatMember")
        assert await bot.cases() == []
        [refusal] = sent_to(bot, MOD["id"])
        assert "Un motif est obligatoire pour ban" in refusal["text"]
        assert sent_to(bot, LOG_CHAT) == []
        await bot.send(command("/ban scam", 422, MOD, spam))
        [ban] = bot.fake.made("banChatMember")
        assert ban.params["user_id"] == BOB["id"]
        [case] = await bot.cases()
        assert case.reason == "scam"
