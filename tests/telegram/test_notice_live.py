"""A sanctioned member is told why, in a private chat, after the sanction (issue 16):
through the real python-telegram-bot against the fake Bot API."""

from __future__ import annotations

from .fake import DEFAULT_PERMISSIONS
from .harness import CHAT, LOG_CHAT, payload, telegram_bot


async def test_a_member_who_never_started_the_bot_is_still_banned(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        bot.fake.fail("sendMessage", 403, "Forbidden: bot can't initiate conversation with a user",
                      when=lambda params: params.get("chat_id") == 5551001)
        await bot.send(payload("message_entities"))
        (ban,) = bot.fake.made("banChatMember", case_log=False)
        assert ban.params["chat_id"] == CHAT
        sent = [c.params["chat_id"] for c in bot.fake.made("sendMessage", case_log=False)]
        assert sent == [5551001, LOG_CHAT]   # the refused statement, then the alert all the same
        (case,) = await bot.cases()
        assert (case.action, case.status, case.error) == ("ban", "done", None)


async def test_the_statement_names_the_group_by_its_title(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        bot.fake.chats[CHAT] = {
            "id": CHAT, "type": "supergroup", "title": "Rail fans", "accent_color_id": 0,
            "max_reaction_count": 11, "permissions": DEFAULT_PERMISSIONS,
            "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False,
                                    "unique_gifts": False, "premium_subscription": False,
                                    "gifts_from_channels": False}}
        await bot.send(payload("message_entities"))
        notice = next(c.params["text"] for c in bot.fake.made("sendMessage", case_log=False)
                      if c.params["chat_id"] == 5551001)
        assert notice.startswith("You have been banned from Rail fans (case #1).")
        assert "Reason: scam link" in notice and "/appeal 1" in notice
