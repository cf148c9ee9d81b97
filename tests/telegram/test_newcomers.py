"""Newcomers on the adapter's side: the gate's Bot API calls, join requests, welcomes,
verification presses, and joins/leaves (real python-telegram-bot, fake Bot API; the
core here is a recording command center, or nothing)."""

from __future__ import annotations

import pytest
from telegram import ChatPermissions

from adapters.telegram.welcome import Welcomes, place
from bot.adapter import Target
from bot.command_model import Answer
from bot.errors import Invalid, NotFound
from bot.posts import Button, DirectMessage, Post, Welcome
from rules.actions import ApproveJoin, Restrict, Unrestrict
from rules.events import Join, JoinRequest, Leave

from .commanding import BOB, GROUP, RecordingCenter, callback, said
from .harness import CHAT, LOG_CHAT, payload, telegram_bot

COMMUNITY = f"telegram:{CHAT}"
EVE = {"id": 5551009, "is_bot": False, "first_name": "Eve", "username": "eve"}
ZOE = {"id": 5551010, "is_bot": False, "first_name": "Zoé", "last_name": "<Nouvelle>",
       "username": "zoe", "language_code": "fr"}
RESTRICTED = {"is_member": True, "can_send_messages": False, "can_send_audios": False,
              "can_send_documents": False, "can_send_photos": False, "can_send_videos": False,
              "can_send_video_notes": False, "can_send_voice_notes": False,
              "can_send_polls": False, "can_send_other_messages": False,
              "can_add_web_page_previews": False, "can_react_to_messages": False,
              "can_edit_tag": False, "can_change_info": False, "can_invite_users": False,
              "can_pin_messages": False, "can_manage_topics": False, "until_date": 0}


def verify_button(user: int) -> Button:
    return Button("I accept the rules", "verify", {}, only_user=str(user), style="success")


def status(user: dict, name: str, member: bool = True) -> dict:
    """A ChatMember object; a restricted one with every right withheld."""
    if name != "restricted":
        return {"user": user, "status": name}
    return {"user": user, "status": name, **RESTRICTED, "is_member": member}


def membership(user: dict, old: str, new: str, *, old_member: bool = True,
               new_member: bool = True) -> dict:
    return payload("chat_member_join", **{"from": user},
                   old_chat_member=status(user, old, old_member),
                   new_chat_member=status(user, new, new_member))


async def test_the_gate_restricts_without_end_restores_the_defaults_and_approves(tmp_path):
    async with telegram_bot(tmp_path, judge=False) as bot:
        target = Target(COMMUNITY, "5551009", "Eve")
        await bot.adapter.execute(Restrict("verification", reason="newcomer"), target)
        (gate,) = bot.fake.made("restrictChatMember")
        assert gate.params == {
            "chat_id": CHAT, "user_id": 5551009, "use_independent_chat_permissions": True,
            "permissions": {key: False for key in gate.params["permissions"]}}
        assert gate.params["permissions"]["can_send_messages"] is False
        assert "until_date" not in gate.params                       # until accepted
        await bot.adapter.execute(Unrestrict("verification"), target)
        assert bot.fake.made("getChat") == []
        opened = bot.fake.made("restrictChatMember")[-1]   # lifted: the chat's defaults apply
        assert opened.params["permissions"] == ChatPermissions.all_permissions().to_dict()
        assert opened.params["use_independent_chat_permissions"] is True
        assert "until_date" not in opened.params
        await bot.adapter.execute(ApproveJoin("verification"), Target(COMMUNITY, "5551010"))
        (approve,) = bot.fake.made("approveChatJoinRequest")
        assert approve.params == {"chat_id": CHAT, "user_id": 5551010}
        # already inside (approved by hand meanwhile): done; a vanished request: NotFound
        bot.fake.fail("approveChatJoinRequest", 400, "Bad Request: USER_ALREADY_PARTICIPANT")
        await bot.adapter.execute(ApproveJoin("verification"), Target(COMMUNITY, "5551010"))
        bot.fake.fail("approveChatJoinRequest", 400, "Bad Request: HIDE_REQUESTER_MISSING")
        with pytest.raises(NotFound):
            await bot.adapter.execute(ApproveJoin("verification"),
                                      Target(COMMUNITY, "5551010"))


async def test_a_join_request_becomes_a_join_request_event(tmp_path):
    async with telegram_bot(tmp_path, judge=False) as bot:
        await bot.send(payload("chat_join_request"))
        (event,) = bot.events
        assert isinstance(event, JoinRequest)
        assert (event.community, event.user.id, event.user.name, event.user.bot) == (
            COMMUNITY, "5551010", "Zoé <Nouvelle>", False)
        assert event.user.created_at is None and event.id.startswith("jr")
        # the mention placeholder renders as an escaped link to the requester
        html = bot.adapter.mentions.to_html(f"Hi {event.user.mention}")
        assert html == 'Hi <a href="tg://user?id=5551010">Zoé &lt;Nouvelle&gt;</a>'
        assert bot.fake.actions() == []


async def test_a_dm_to_a_requester_carries_the_community_and_its_press_verifies_there(tmp_path):
    center = RecordingCenter(Answer("Welcome aboard! You may now post."))
    async with telegram_bot(tmp_path, center=center, judge=False) as bot:
        await bot.send(payload("chat_join_request"))
        (request,) = bot.events
        text = f"Hello {request.user.mention}, please accept our rules."
        await bot.adapter.post(COMMUNITY, Post(DirectMessage("5551010"), text,
                                               (verify_button(5551010),)))
        (dm,) = bot.fake.made("sendMessage")
        assert dm.params["chat_id"] == 5551010 and dm.params["parse_mode"] == "HTML"
        assert dm.params["text"] == ('Hello <a href="tg://user?id=5551010">Zoé '
                                     '&lt;Nouvelle&gt;</a>, please accept our rules.')
        (row,) = dm.params["reply_markup"]["inline_keyboard"]
        data = row[0]["callback_data"]
        assert data == f"g1|verify|c={CHAT}&u=5551010" and row[0]["style"] == "success"
        private = {"id": 5551010, "first_name": "Zoé", "type": "private"}
        in_dm = said(ZOE, dm.params["text"], 4242, chat=private)
        await bot.send(callback(data, ZOE, in_dm, "v1"))
        got = center.last
        assert (got.command, got.community) == ("verify", COMMUNITY)
        assert got.invoker.id == "5551010" and got.options == {"_only_user": "5551010"}
        assert got.channel == "5551010" and got.message_id == "4242" and got.locale == "fr"
        (ack,) = bot.fake.made("answerCallbackQuery")
        assert ack.params == {"callback_query_id": "v1",
                              "text": "Welcome aboard! You may now post.",
                              "show_alert": False}
        (edit,) = bot.fake.made("editMessageReplyMarkup")
        assert edit.params == {"chat_id": 5551010, "message_id": 4242}


async def test_a_welcome_replaces_the_previous_one_and_a_failed_delete_is_ignored(tmp_path):
    async with telegram_bot(tmp_path, judge=False) as bot:
        eve = bot.adapter.mentions.placeholder("5551009", "Eve <script>")
        await bot.adapter.post(COMMUNITY, Post(Welcome(), f"Welcome {eve} & co!"))
        (first,) = bot.fake.made("sendMessage")
        assert first.params["chat_id"] == CHAT and first.params["parse_mode"] == "HTML"
        assert first.params["text"] == ('Welcome <a href="tg://user?id=5551009">Eve '
                                         '&lt;script&gt;</a> &amp; co!')
        assert bot.fake.made("deleteMessage") == []
        first_id = bot.adapter.welcomes.awaited(CHAT)
        await bot.adapter.post(COMMUNITY, Post(Welcome(), "Welcome Bob"))
        (deleted,) = bot.fake.made("deleteMessage")
        assert deleted.params == {"chat_id": CHAT, "message_id": next(iter(first_id))}
        methods = [c.method for c in bot.fake.actions()]
        assert methods == ["sendMessage", "deleteMessage", "sendMessage"]   # delete first
        bot.fake.fail("deleteMessage", 400, "Bad Request: message to delete not found")
        await bot.adapter.post(COMMUNITY, Post(Welcome(str(CHAT)), "Welcome Carol"))
        assert len(bot.fake.made("sendMessage")) == 3          # posted all the same
        assert len(bot.adapter.welcomes.awaited(CHAT)) == 1    # only the newest is left


async def test_a_welcome_still_awaiting_its_newcomer_stays_until_pressed_or_left(tmp_path):
    center = RecordingCenter(Answer("Thanks, you may post now."))
    async with telegram_bot(tmp_path, center=center, judge=False) as bot:
        await bot.adapter.post(COMMUNITY, Post(Welcome(), "Welcome Eve",
                                               (verify_button(5551009),)))
        await bot.adapter.post(COMMUNITY, Post(Welcome(), "Welcome Bob",
                                               (verify_button(5551001),)))
        assert bot.fake.made("deleteMessage", "deleteMessages") == []   # both awaited
        eve_msg, _ = bot.fake.made("sendMessage")
        both = bot.adapter.welcomes.awaited(CHAT)
        assert sorted(both.values()) == ["5551001", "5551009"]
        eve_id = next(i for i, u in both.items() if u == "5551009")
        data = eve_msg.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        assert data == "g1|verify|u=5551009"   # in the group itself: no community option
        await bot.send(callback(data, EVE, said(EVE, "Welcome Eve", eve_id), "p1"))
        assert bot.adapter.welcomes.awaited(CHAT)[eve_id] is None
        await bot.send(membership(BOB, "member", "left"))          # Bob gave up
        await bot.adapter.post(COMMUNITY, Post(Welcome(), "Welcome Carol"))
        (gone,) = bot.fake.made("deleteMessages")
        assert gone.params["chat_id"] == CHAT
        assert sorted(gone.params["message_ids"]) == sorted(both)
        assert list(bot.adapter.welcomes.awaited(CHAT).values()) == [None]   # Carol's


async def test_a_welcome_elsewhere_carries_the_community_on_its_button(tmp_path):
    async with telegram_bot(tmp_path, judge=False) as bot:
        await bot.adapter.post(COMMUNITY, Post(Welcome(str(LOG_CHAT)), "Hi",
                                               (verify_button(5551009),)))
        (sent,) = bot.fake.made("sendMessage")
        assert sent.params["chat_id"] == LOG_CHAT
        data = sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        assert data == f"g1|verify|c={CHAT}&u=5551009"
        await bot.adapter.post(COMMUNITY, Post(Welcome("@gardien_welcome"), "Hi"))
        assert bot.fake.made("sendMessage")[-1].params["chat_id"] == "@gardien_welcome"


async def test_someone_elses_verify_press_reaches_the_core_which_refuses_it(tmp_path):
    center = RecordingCenter(Answer("This button is not for you.", refused=True),
                             Answer("Thanks, Eve: you may post now."))
    async with telegram_bot(tmp_path, center=center, judge=False) as bot:
        await bot.adapter.post(COMMUNITY, Post(Welcome(), "Welcome Eve",
                                               (verify_button(5551009),)))
        (sent,) = bot.fake.made("sendMessage")
        data = sent.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        welcome = said(EVE, "Welcome Eve", 90000, chat=GROUP)
        await bot.send(callback(data, BOB, welcome, "x1"))
        got = center.last
        assert (got.command, got.community, got.invoker.id) == ("verify", COMMUNITY,
                                                                "5551001")
        assert got.options == {"_only_user": "5551009"}   # the core compares the two
        (ack,) = bot.fake.made("answerCallbackQuery")
        assert ack.params == {"callback_query_id": "x1",
                              "text": "This button is not for you.", "show_alert": True}
        assert bot.fake.made("editMessageReplyMarkup") == []   # the button stays
        await bot.send(callback(data, EVE, welcome, "x2"))
        assert center.last.invoker.id == "5551009" and len(center.invocations) == 2
        assert bot.fake.made("answerCallbackQuery")[-1].params["show_alert"] is False
        (edit,) = bot.fake.made("editMessageReplyMarkup")
        assert edit.params == {"chat_id": CHAT, "message_id": 90000}
        assert bot.adapter.welcomes.awaited(CHAT) == {90000: None}   # verified


async def test_joins_carry_name_and_bot_flag_and_a_rejoin_is_leave_then_join(tmp_path):
    helper = {"id": 5551077, "is_bot": True, "first_name": "Helper", "username": "hbot"}
    async with telegram_bot(tmp_path, judge=False) as bot:
        await bot.send(membership(EVE, "left", "member"))
        await bot.send(membership(EVE, "member", "restricted"))          # the gate: no event
        # Telegram keeps a restricted member's restriction when they leave and rejoin
        await bot.send(membership(EVE, "restricted", "restricted", new_member=False))
        await bot.send(membership(EVE, "restricted", "restricted", old_member=False))
        await bot.send(membership(helper, "left", "member"))
        kinds = [(type(e).__name__, e.user.id) for e in bot.events]
        assert kinds == [("Join", "5551009"), ("Leave", "5551009"), ("Join", "5551009"),
                         ("Join", "5551077")]
        first, left, again, bot_join = bot.events
        assert isinstance(first, Join) and isinstance(left, Leave)
        assert isinstance(again, Join) and again.id != first.id
        assert (again.user.name, again.user.bot) == ("Eve", False)
        assert (bot_join.user.name, bot_join.user.bot) == ("Helper", True)
        assert again.user.mention_text and bot.fake.actions() == []


def test_welcome_memory_is_bounded_and_places_are_read_strictly():
    welcomes = Welcomes(chats=2, per_chat=3)
    for message in range(1, 6):
        welcomes.posted(CHAT, message, "7" if message == 5 else None)
    assert welcomes.awaited(CHAT) == {3: None, 4: None, 5: "7"}   # the oldest forgotten
    welcomes.posted(-1, 1, None)
    welcomes.posted(-2, 1, None)                                   # a third chat
    assert welcomes.awaited(CHAT) == {}
    welcomes.posted(-2, 2, "8")
    welcomes.left("8")
    assert welcomes.take_previous(-2) == [1, 2] and welcomes.awaited(-2) == {}
    assert (place(CHAT, ""), place(CHAT, " -1001 "), place(CHAT, "@hall")) == (
        CHAT, -1001, "@hall")
    with pytest.raises(Invalid, match="welcome channel 'welcome'"):
        place(CHAT, "welcome")
