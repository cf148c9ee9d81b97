"""Refusals, rate limits, closed DMs and direct actions, through the real library."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from telegram import ChatPermissions

from bot.adapter import Target
from bot.errors import Forbidden, Invalid, NotFound, Unavailable
from rules.actions import Alert, Ban, Delete, Dm, Unban, Untimeout

from .harness import CHAT, payload, telegram_bot, text_message

# python-telegram-bot's own RetryAfter constructor warns about its v23 type change.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

NO_RIGHTS = "Bad Request: not enough rights to restrict/unrestrict chat member"


def target(user: str = "5551001", **fields) -> Target:
    return Target(f"telegram:{CHAT}", user, "Bob", str(CHAT), **fields)


async def test_missing_rights_fail_the_case_with_the_reason(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        bot.fake.fail("restrictChatMember", 400, NO_RIGHTS)
        await bot.send(text_message("hushnow", 91))
        (case,) = await bot.cases()
        assert case.status == "failed"
        assert case.error == ("Telegram refused: not enough rights to restrict/unrestrict "
                              "chat member")
        assert len(bot.fake.made("restrictChatMember")) == 1   # a refusal is not retried


async def test_a_rate_limit_is_waited_out_then_the_call_succeeds(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        bot.fake.fail("deleteMessage", 429, "Too Many Requests: retry after 1",
                      retry_after=1)
        await bot.send(text_message("idiot", 92))
        first, second = bot.fake.made("deleteMessage")
        assert second.at - first.at >= 1.0        # retry_after honoured
        assert first.params == second.params == {"chat_id": CHAT, "message_id": 92}
        (case,) = await bot.cases()
        assert case.status == "done"


async def test_a_dm_to_a_member_who_never_started_the_bot_is_not_fatal(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        bot.fake.fail("sendMessage", 403, "Forbidden: bot can't initiate conversation "
                      "with a user", when=lambda p: p["chat_id"] == 5551001)
        await bot.send(text_message("big spoiler ahead", 93))
        to_chat, to_user = bot.fake.made("sendMessage", case_log=False)
        assert to_chat.params["chat_id"] == CHAT                 # the warn, in the group
        assert to_user.params == {"chat_id": 5551001, "parse_mode": "HTML",
                                  "text": "Please tag spoilers, Bob."}
        (case,) = await bot.cases()
        assert (case.action, case.status) == ("warn", "done")
        await bot.send(text_message("you idiot", 94))             # the bot goes on
        assert [c.action for c in await bot.cases()] == ["warn", "warn"]
        bot.fake.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
        with pytest.raises(Forbidden, match="does not accept direct messages"):
            await bot.adapter.execute(Dm("r", text="hi"), target())


async def test_a_message_older_than_48_hours_is_not_deleted(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        old = text_message("you idiot", 95)
        old["message"]["date"] = int(time.time()) - 49 * 3600
        await bot.send(old)
        assert bot.fake.made("deleteMessage") == []
        (case,) = await bot.cases()
        assert case.status == "failed"
        assert case.error == "Telegram only lets bots delete messages younger than 48 hours"


async def test_gone_messages_and_refusals_map_to_the_taxonomy(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        bot.fake.fail("deleteMessage", 400, "Bad Request: message to delete not found")
        with pytest.raises(NotFound):
            await bot.adapter.execute(Delete("r"), target(message_id="7"))
        bot.fake.fail("banChatMember", 400, "Bad Request: user is an administrator of "
                      "the chat")
        with pytest.raises(Forbidden, match="user is an administrator of the chat"):
            await bot.adapter.execute(Ban("r"), target())
        with pytest.raises(Invalid, match="not a Telegram chat id"):
            await bot.adapter.execute(Alert("r", text="x"), target(log_channel="mod-log"))
        await bot.adapter.execute(Alert("r", text="x"), target())   # none: logged only
        assert [c.method for c in bot.fake.actions()] == ["deleteMessage", "banChatMember"]


async def test_direct_actions_make_the_right_calls(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        start = time.time()
        await bot.adapter.execute(Ban("r", duration=timedelta(days=2)), target())
        await bot.adapter.execute(Ban("r", duration=timedelta(days=400)), target())
        await bot.adapter.execute(Unban("r"), target())
        await bot.adapter.execute(Unban("r"), target("-1009876543210"))
        await bot.adapter.execute(Untimeout("r"), target())
        await bot.adapter.execute(Alert("r", text="a <b>"),
                                  target(log_channel="@gardien_mods"))
        calls = [(c.method, c.params) for c in bot.fake.actions()]
        (_, two_days), (_, long_ban), unban, unban_channel, lift, alert = calls
        assert abs(two_days["until_date"] - (start + 2 * 86400)) < 60
        assert "until_date" not in long_ban     # over 366 days: the runtime unbans it
        assert unban == ("unbanChatMember", {"chat_id": CHAT, "user_id": 5551001,
                                             "only_if_banned": True})
        assert unban_channel == ("unbanChatSenderChat", {"chat_id": CHAT,
                                                         "sender_chat_id": -1009876543210})
        assert lift[0] == "restrictChatMember"
        # every permission True lifts the member's own restriction (the chat's defaults
        # apply again); copying the defaults would freeze a raid lock on the member
        assert lift[1]["permissions"] == ChatPermissions.all_permissions().to_dict()
        assert "until_date" not in lift[1]
        assert bot.fake.made("getChat") == []
        assert alert == ("sendMessage", {"chat_id": "@gardien_mods", "parse_mode": "HTML",
                                         "text": "a &lt;b&gt;"})


async def test_an_unreachable_api_is_unavailable(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        bot.fake.fail("banChatMember", 502, "Bad Gateway")
        with pytest.raises(Unavailable):
            await bot.adapter.execute(Ban("r"), target())


async def test_a_document_keeps_its_file_name(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(payload("message_document"))
        (event,) = bot.events
        assert [(a.filename, a.size) for a in event.attachments] == [
            ("invoice.pdf.exe", 48213)]
        assert event.text == "see attached" and event.edited is False
