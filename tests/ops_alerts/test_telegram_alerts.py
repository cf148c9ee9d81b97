"""Malfunction alerts on Telegram, through python-telegram-bot against the fake Bot API: the
bot's administrator rights taken away (my_chat_member) are told once per right, and once
when given back."""

from __future__ import annotations

from typing import Any

from tests.telegram.harness import LOG_CHAT, Bot, payload, telegram_bot

FULL = {"can_delete_messages": True, "can_restrict_members": True, "can_invite_users": True}


def own_status(status: str, **rights: bool) -> dict[str, Any]:
    """my_chat_member: the bot's own membership changed to `status` with `rights`."""
    update = payload("my_chat_member_promoted")
    new = update["my_chat_member"]["new_chat_member"]
    new["status"] = status
    if status == "administrator":
        new.update(rights)
    else:
        for right in ("can_manage_chat", "can_delete_messages", "can_restrict_members",
                      "can_invite_users", "can_be_edited", "is_anonymous",
                      "can_manage_video_chats", "can_promote_members", "can_change_info",
                      "can_post_stories", "can_edit_stories", "can_delete_stories",
                      "can_pin_messages", "can_manage_topics"):
            new.pop(right, None)
    return update


def alerts(bot: Bot, *words: str) -> list[str]:
    return [str(c.params.get("text", "")) for c in bot.fake.made("sendMessage")
            if str(c.params.get("chat_id")) == str(LOG_CHAT)
            and all(word in str(c.params.get("text", "")) for word in words)]


async def test_rights_removed_are_told_once_and_their_return_once(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(own_status("administrator", **FULL))
        assert alerts(bot, "⚠") == []

        await bot.send(own_status("member"))   # demoted: every right it needs is gone
        await bot.send(own_status("member"))   # told again by Telegram: nothing new
        told = alerts(bot, "⚠")
        assert len(told) == 2
        [delete] = alerts(bot, "⚠", "Delete messages")
        assert "not deleted" in delete and "Administrators" in delete
        [ban] = alerts(bot, "⚠", "Ban users")
        assert "timed out" in ban and "kicked" in ban and "banned" in ban
        assert len(bot.core.malfunctions.current()) == 2

        await bot.send(own_status("administrator", **FULL))
        assert len(alerts(bot, "✅")) == 2
        assert len(alerts(bot, "⚠")) == 2
        assert bot.core.malfunctions.current() == []


async def test_one_right_restricted_is_one_alert(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(own_status("administrator", **{**FULL, "can_delete_messages": False}))
        [told] = alerts(bot, "⚠")
        assert "Delete messages" in told
        await bot.send(own_status("administrator", **FULL))
        [over] = alerts(bot, "✅")
        assert "Delete messages" in over


async def test_a_removal_drops_the_incidents_untold(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(own_status("member"))
        assert len(bot.core.malfunctions.current()) == 2
        await bot.send(own_status("left"))
        assert bot.core.malfunctions.current() == []
        assert alerts(bot, "✅") == []   # nobody left to tell
