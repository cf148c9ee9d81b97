"""Messages judged end to end: real python-telegram-bot, real core, fake Bot API."""

from __future__ import annotations

import time

from .harness import CHAT, LOG_CHAT, payload, telegram_bot, text_message

READ_ONLY_FLAGS = ("can_send_messages", "can_send_audios", "can_send_documents",
                   "can_send_photos", "can_send_videos", "can_send_video_notes",
                   "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
                   "can_add_web_page_previews")


async def test_start_up_polls_for_every_update_kind_the_bot_needs(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        first = bot.fake.made("getMe", "deleteWebhook", "getUpdates")
        assert [c.method for c in first[:3]] == ["getMe", "deleteWebhook", "getUpdates"]
        poll = bot.fake.made("getUpdates")[0]
        assert poll.http == "POST" and poll.path == "/bot<token>/getUpdates"
        assert set(poll.params["allowed_updates"]) == {
            "message", "edited_message", "chat_member", "my_chat_member",
            "chat_join_request", "callback_query"}
        assert poll.params["timeout"] == 10


async def test_a_clean_message_calls_nothing(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(text_message("hello everyone", 11))
        await bot.send(text_message("lovely weather today", 12))
        assert bot.fake.actions() == []
        # the only read: the chat's administrators, fetched once and cached
        reads = [c.method for c in bot.after_startup() if c.method != "getUpdates"]
        assert reads == ["getChatAdministrators"]
        assert await bot.cases() == []
        assert [e.text for e in bot.events] == ["hello everyone", "lovely weather today"]


async def test_an_insult_is_deleted_and_warned_with_a_reply(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(text_message("you idiot", 21))
        calls = bot.fake.actions(case_log=False)
        assert [c.method for c in calls] == ["deleteMessage", "sendMessage"]
        assert calls[0].params == {"chat_id": CHAT, "message_id": 21}
        reply = calls[1].params
        assert reply["chat_id"] == CHAT and reply["parse_mode"] == "HTML"
        assert reply["reply_parameters"]["message_id"] == 21
        assert reply["text"].startswith('<a href="tg://user?id=5551001">Bob</a>, you have')
        (case,) = await bot.cases()
        assert (case.action, case.rule, case.status, case.user, case.community) == (
            "warn", "no-insults", "done", "5551001", f"telegram:{CHAT}")


async def test_a_members_name_is_escaped_in_the_mention(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(text_message("moron", 22, user=5551077, name="<b>&"))
        (sent,) = bot.fake.made("sendMessage", case_log=False)
        text = sent.params["text"]
        assert text.startswith('<a href="tg://user?id=5551077">&lt;b&gt;&amp;</a>, ')
        assert "<b>" not in text and "&amp;</a>" in text


async def test_escalation_restricts_to_read_only_for_an_hour(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(text_message("idiot", 31))
        await bot.send(text_message("moron", 32))
        (restrict,) = bot.fake.made("restrictChatMember")
        params = restrict.params
        assert params["chat_id"] == CHAT and params["user_id"] == 5551001
        assert all(params["permissions"][flag] is False for flag in READ_ONLY_FLAGS)
        assert params["use_independent_chat_permissions"] is True
        assert abs(params["until_date"] - (time.time() + 3600)) < 60
        timeout = [c for c in await bot.cases() if c.action == "timeout"]
        assert [(c.rule, c.status) for c in timeout] == [("escalation", "done")]


async def test_a_hidden_scam_link_bans_and_alerts_the_log_chat(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        # "grab it here": the URL hides behind a text_link entity, not in the text
        await bot.send(payload("message_entities"))
        (event,) = bot.events
        assert event.links == ("https://grabify.link/abc",)
        assert event.mentions == ("@alice", "5551003")
        methods = [c.method for c in bot.fake.actions(case_log=False)]
        # the ban, then Bob's statement of reasons in his private chat, then the alert
        assert methods == ["deleteMessage", "banChatMember", "sendMessage", "sendMessage"]
        (ban,) = bot.fake.made("banChatMember", case_log=False)
        assert ban.params == {"chat_id": CHAT, "user_id": 5551001, "revoke_messages": True}
        notice, alert = (c.params for c in bot.fake.made("sendMessage", case_log=False))
        assert notice["chat_id"] == 5551001
        assert "You have been banned from" in notice["text"] and "case #1" in notice["text"]
        assert "/appeal 1" in notice["text"]
        assert alert["chat_id"] == LOG_CHAT and alert["text"] == "Banned Bob for a scam link."
        (case,) = await bot.cases()
        assert (case.action, case.status, case.expires_at) == ("ban", "done", None)


async def test_an_edit_into_an_insult_is_judged_again(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(text_message("have a nice day", 41))
        assert bot.fake.actions(case_log=False) == []
        edit = payload("edited_message", message_id=41, text="have a nice day, moron")
        await bot.send(edit)
        assert bot.events[-1].edited is True
        delete, _ = bot.fake.actions(case_log=False)
        assert delete.method == "deleteMessage" and delete.params["message_id"] == 41
        (case,) = await bot.cases()
        assert (case.rule, case.status, case.message_id) == ("no-insults", "done", "41")


async def test_an_album_counts_once_for_flood(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        for index in range(5):   # five photos, one media group: one message for flood
            await bot.send(payload("message_photo_album", message_id=50 + index))
        assert [e.group for e in bot.events] == ["13912345678901234"] * 5
        assert bot.events[0].attachments[0].filename == "photo.jpg"
        assert bot.fake.actions(case_log=False) == []
        await bot.send(text_message("one", 60, user=5551002, name="Dana"))
        assert bot.fake.actions(case_log=False) == []          # album + 1 = 2 < 3
        await bot.send(text_message("two", 61, user=5551002, name="Dana"))
        # the third: kicked (ban, then unban), then told why in private
        ban, unban, notice = bot.fake.actions(case_log=False)
        assert notice.method == "sendMessage" and notice.params["chat_id"] == 5551002
        assert "You have been removed from" in notice.params["text"]
        assert ban.method == "banChatMember" and ban.params["user_id"] == 5551002
        assert "until_date" not in ban.params
        assert unban.method == "unbanChatMember"
        assert unban.params == {"chat_id": CHAT, "user_id": 5551002, "only_if_banned": True}
        (case,) = await bot.cases()
        assert (case.action, case.rule, case.status) == ("kick", "flood", "done")


async def test_a_ten_second_timeout_is_sent_at_least_thirty_seconds_ahead(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        before = time.time()
        await bot.send(text_message("hushnow please", 71))
        (restrict,) = bot.fake.made("restrictChatMember")
        until = restrict.params["until_date"]
        assert until >= before + 30           # under 30 s Telegram would make it forever
        assert until <= time.time() + 40
        (case,) = await bot.cases()
        assert (case.action, case.status) == ("timeout", "done")
