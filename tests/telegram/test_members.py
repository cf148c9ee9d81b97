"""Joins, leaves, administrators, anonymous admins and channel identities."""

from __future__ import annotations

from structlog.testing import capture_logs

from rules.events import Join, Leave, ManualSanction

from .harness import CHAT, payload, telegram_bot, text_message


async def test_a_join_from_chat_member_is_counted_once(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(payload("chat_member_join"))
        await bot.send(payload("service_new_chat_members"))   # the same join, again
        joins = [e for e in bot.events if isinstance(e, Join)]
        assert [(j.community, j.user.id, j.user.name) for j in joins] == [
            (f"telegram:{CHAT}", "5551009", "Eve")]
        assert bot.fake.actions() == []


async def test_the_service_message_is_the_fallback_and_a_leave_allows_a_new_join(tmp_path):
    left = {"user": {"id": 5551009, "is_bot": False, "first_name": "Eve"},
            "status": "left"}
    member = {**left, "status": "member"}
    async with telegram_bot(tmp_path) as bot:
        await bot.send(payload("service_new_chat_members"))    # chat_member missed
        await bot.send(payload("chat_member_join"))            # arrives late: same join
        await bot.send(payload("chat_member_join", old_chat_member=member,
                               new_chat_member=left))
        await bot.send(payload("chat_member_join"))            # a real second join
        kinds = [type(e).__name__ for e in bot.events]
        assert kinds == ["Join", "Leave", "Join"]
        assert isinstance(bot.events[1], Leave)


async def test_a_ban_made_by_hand_is_recorded_as_a_manual_case(tmp_path):
    eve = {"id": 5551009, "is_bot": False, "first_name": "Eve"}
    async with telegram_bot(tmp_path) as bot:
        await bot.send(payload(
            "chat_member_join", **{"from": {"id": 5551005, "is_bot": False,
                                            "first_name": "Mod"}},
            old_chat_member={"user": eve, "status": "member"},
            new_chat_member={"user": eve, "status": "kicked", "until_date": 0}))
        (event,) = bot.events
        assert isinstance(event, ManualSanction) and event.moderator == "5551005"
        (case,) = await bot.cases()
        assert (case.action, case.rule, case.user, case.moderator, case.status) == (
            "ban", "manual", "5551009", "5551005", "done")
        assert case.expires_at is None           # until_date 0: banned for good
        assert bot.fake.actions(case_log=False) == []
        # the production core posts the case to the log chat, and nothing else
        [entry] = bot.fake.case_log()
        assert entry.params["text"].startswith("Case #1 · ban · Eve (5551009)")
        assert "Duration" not in entry.params["text"]


async def test_creator_admins_and_anonymous_admins_are_exempt(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(text_message("you idiot", 81, user=5551000, name="Owner"))
        await bot.send(text_message("you idiot", 82, user=5551005, name="Mod"))
        await bot.send(payload("message_anonymous_admin", text="you idiot"))
        roles = [e.user.roles for e in bot.events]
        assert roles == [("owner", "admin"), ("admin",), ("admin",)]
        assert bot.fake.actions(case_log=False) == []
        assert await bot.cases() == []
        assert len(bot.fake.made("getChatAdministrators", case_log=False)) == 1
        # an administrator's change refreshes the list: the next message fetches it
        mod = {"id": 5551005, "is_bot": False, "first_name": "Mod"}
        await bot.send(payload("chat_member_join",
                               old_chat_member={"user": mod, "status": "administrator",
                                                "can_be_edited": False,
                                                "is_anonymous": False,
                                                "can_manage_chat": True,
                                                "can_delete_messages": True,
                                                "can_manage_video_chats": True,
                                                "can_restrict_members": True,
                                                "can_promote_members": False,
                                                "can_change_info": False,
                                                "can_invite_users": True,
                                                "can_post_stories": False,
                                                "can_edit_stories": False,
                                                "can_delete_stories": False},
                               new_chat_member={"user": mod, "status": "member"}))
        bot.fake.admins[CHAT] = bot.fake.admins[CHAT][:1]
        await bot.send(text_message("you idiot", 83, user=5551005, name="Mod"))
        assert len(bot.fake.made("getChatAdministrators", case_log=False)) == 2
        methods = [c.method for c in bot.fake.actions(case_log=False)]
        assert methods == ["deleteMessage", "sendMessage"]


async def test_a_message_sent_as_a_channel_bans_the_channel(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(payload("message_as_channel", text="free stuff at grabify.link/x"))
        (event,) = bot.events
        assert (event.user.id, event.user.name) == ("-1009876543210", "Crypto <b>&amp; deals")
        methods = [c.method for c in bot.fake.actions(case_log=False)]
        assert methods == ["deleteMessage", "banChatSenderChat", "sendMessage"]
        (ban,) = bot.fake.made("banChatSenderChat", case_log=False)
        assert ban.params == {"chat_id": CHAT, "sender_chat_id": -1009876543210}
        assert bot.fake.made("banChatMember", case_log=False) == []
        (case,) = await bot.cases()
        assert (case.user, case.action, case.status) == ("-1009876543210", "ban", "done")
        alert = bot.fake.made("sendMessage", case_log=False)[0].params["text"]
        assert alert == "Banned Crypto &lt;b&gt;&amp;amp; deals for a scam link."


async def test_the_bot_warns_when_promoted_without_the_rights_it_needs(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        with capture_logs() as logs:
            await bot.send(payload("my_chat_member_promoted"))
        warning = [e for e in logs if e["event"] == "telegram_rights_missing"]
        assert warning and warning[0]["missing"] == ["can_delete_messages"]
        assert warning[0]["log_level"] == "warning"
        assert bot.events == []
