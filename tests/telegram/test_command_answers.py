"""Answers (DM, group fallback deleted later, public), buttons and their presses,
rule file uploads, posts to the log chat and DMs, and purge."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.adapter import Target
from bot.command_model import Answer
from bot.commands import buttons
from bot.posts import Button, DirectMessage, LogChannel, Post
from rules.actions import Purge

from .commanding import ALICE, BOB, MOD, OWNER, RecordingCenter, callback, command, said
from .harness import CHAT, LOG_CHAT, telegram_bot

NO_DM = "Forbidden: bot can't initiate conversation with a user"
COMMUNITY = f"telegram:{CHAT}"


async def until(condition, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def test_a_private_answer_is_a_dm_with_every_character_escaped(tmp_path):
    center = RecordingCenter(Answer("Case #3 <warn> for Bob & co"))
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/case 3", 10, MOD))
        (dm,) = bot.fake.made("sendMessage")
        assert dm.params == {"chat_id": 5551005, "parse_mode": "HTML",
                             "text": "Case #3 &lt;warn&gt; for Bob &amp; co"}


async def test_a_refused_dm_falls_back_to_a_group_reply_deleted_later(tmp_path):
    center = RecordingCenter(Answer("You may not do that.", refused=True))
    async with telegram_bot(tmp_path, center=center) as bot:
        bot.adapter.replies.lifetime = 0.3
        bot.fake.fail("sendMessage", 403, NO_DM, when=lambda p: p["chat_id"] == 5551001)
        await bot.send(command("/warn @owner rude", 20, BOB))
        dm, reply = bot.fake.made("sendMessage")
        assert dm.params["chat_id"] == 5551001
        assert reply.params["chat_id"] == CHAT
        assert reply.params["text"] == "You may not do that."
        assert reply.params["reply_parameters"]["message_id"] == 20
        assert bot.fake.made("deleteMessage") == []       # not at once
        (deleted,) = await bot.fake.wait_for("deleteMessage", timeout=5)
        assert deleted.params["chat_id"] == CHAT
        assert deleted.params["message_id"] != 20          # the reply, not the command
        assert deleted.at - reply.at >= 0.25


async def test_a_pending_deletion_is_cancelled_cleanly_at_shutdown(tmp_path):
    center = RecordingCenter(Answer("nope", refused=True))
    async with telegram_bot(tmp_path, center=center) as bot:
        bot.fake.fail("sendMessage", 403, NO_DM, when=lambda p: p["chat_id"] == 5551001)
        await bot.send(command("/rules", 21, BOB))
        assert len(bot.adapter.replies._later) == 1
    assert not bot.adapter.replies._later and bot.fake.made("deleteMessage") == []


async def test_a_public_answer_replies_in_the_group_with_buttons(tmp_path):
    accept = Button("Accept", "appeal accept", {"appeal": 4}, style="success")
    center = RecordingCenter(Answer("Appeal #4 filed.", private=False,
                                    buttons=(accept, Button("Deny", "appeal deny",
                                                            {"appeal": 4}))))
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/appeal 4 sorry", 30, BOB))
        (reply,) = bot.fake.made("sendMessage")
        assert reply.params["chat_id"] == CHAT
        assert reply.params["reply_parameters"]["message_id"] == 30
        (row,) = reply.params["reply_markup"]["inline_keyboard"]
        assert row == [
            {"text": "Accept", "callback_data": buttons.encode(accept), "style": "success"},
            {"text": "Deny", "callback_data": "g1|appeal_deny|appeal=4"}]


async def test_a_button_press_invokes_its_command_and_takes_the_keyboard_away(tmp_path):
    center = RecordingCenter(Answer("Appeal #4 accepted: the ban is lifted."),
                             Answer("You need the right to moderate.", refused=True))
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.adapter.post(COMMUNITY, Post(LogChannel(str(LOG_CHAT)), "Appeal #4 by Bob",
                                               (Button("Accept", "appeal accept",
                                                       {"appeal": 4}),)))
        (posted,) = bot.fake.made("sendMessage")
        data = posted.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        assert data == f"g1|appeal_accept|appeal=4&c={CHAT}"   # the community rides along
        in_log = said(OWNER, "Appeal #4 by Bob", 777,
                      chat={"id": LOG_CHAT, "title": "mods", "type": "supergroup"})
        await bot.send(callback(data, MOD, in_log, "q1"))
        got = center.last
        assert (got.command, got.options) == ("appeal accept", {"appeal": 4})
        assert got.community == COMMUNITY and got.channel == str(LOG_CHAT)
        assert got.invoker.id == "5551005" and got.invoker.admin and got.locale == "fr"
        (ack,) = bot.fake.made("answerCallbackQuery")
        assert ack.params == {"callback_query_id": "q1",
                              "text": "Appeal #4 accepted: the ban is lifted.",
                              "show_alert": False}
        (edit,) = bot.fake.made("editMessageReplyMarkup")
        assert edit.params == {"chat_id": LOG_CHAT, "message_id": 777}
        # a refusal: an alert, and the buttons stay
        await bot.send(callback(data, BOB, in_log, "q2"))
        assert bot.fake.made("answerCallbackQuery")[-1].params["show_alert"] is True
        assert len(bot.fake.made("editMessageReplyMarkup")) == 1


async def test_a_button_for_someone_else_is_refused_without_the_core(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        data = buttons.encode(Button("I am human", "appeal accept", {"appeal": 1},
                                     only_user="5551002"))
        message = said(OWNER, "Welcome!", 900)
        await bot.send(callback(data, BOB, message, "q3"))
        assert center.invocations == []
        (ack,) = bot.fake.made("answerCallbackQuery")
        assert ack.params == {"callback_query_id": "q3",
                              "text": "This button is not for you.", "show_alert": True}
        await bot.send(callback(data, ALICE, message, "q4"))
        assert center.last.invoker.id == "5551002" and center.last.community == COMMUNITY
        await bot.send(callback("someone-elses-data", ALICE, message, "q5"))
        assert bot.fake.made("answerCallbackQuery")[-1].params == {"callback_query_id": "q5"}
        assert len(center.invocations) == 1


RULE_FILE = b"version: 1\nname: uploaded\nlocale: en\nrules: []\n"


def document(file_id: str) -> dict:
    return {"file_id": file_id, "file_unique_id": "U" + file_id, "file_name": "mine.yaml",
            "mime_type": "application/x-yaml", "file_size": len(RULE_FILE)}


async def test_an_upload_takes_the_document_on_the_command_or_the_replied_message(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        bot.fake.files["F1"] = ("documents/file_1.yaml", RULE_FILE)
        update = command("", 60, OWNER, caption="/rules upload", document=document("F1"))
        del update["message"]["text"]
        await bot.send(update)
        got = center.last
        assert got.command == "rules upload"
        assert got.options == {"file": RULE_FILE, "file_name": "mine.yaml"}
        assert bot.fake.made("getFile")[0].params == {"file_id": "F1"}
        assert bot.fake.downloads == ["documents/file_1.yaml"]
        # the document on the message replied to
        bot.fake.files["F2"] = ("documents/file_2.yaml", RULE_FILE + b"# two\n")
        shared = said(MOD, "", 61, document=document("F2"))
        del shared["text"]
        await bot.send(command("/rules check", 62, OWNER, shared))
        assert center.last.command == "rules check"
        assert center.last.options["file"] == RULE_FILE + b"# two\n"
        # no document: the core gets the command without a file and says what is missing
        await bot.send(command("/rules upload", 63, OWNER))
        assert center.last.options == {}


async def test_post_to_the_log_chat_to_an_at_name_and_to_dms(tmp_path):
    async with telegram_bot(tmp_path, center=RecordingCenter()) as bot:
        await bot.adapter.post(COMMUNITY, Post(LogChannel(str(LOG_CHAT)), "Case #1 <ban>"))
        await bot.adapter.post(COMMUNITY, Post(LogChannel("@mods_room"), "Case #2"))
        await bot.adapter.post(COMMUNITY, Post(
            DirectMessage("5551001"), "Your appeal was accepted."))
        bot.fake.fail("sendMessage", 403, NO_DM)
        await bot.adapter.post(COMMUNITY, Post(
            DirectMessage("5551002"), "Closed DMs are no error"))
        await bot.adapter.post(COMMUNITY, Post(LogChannel(""), "No log chat: logged only"))
        sent = [(c.params["chat_id"], c.params["text"]) for c in bot.fake.made("sendMessage")]
        assert sent == [(LOG_CHAT, "Case #1 &lt;ban&gt;"), ("@mods_room", "Case #2"),
                        (5551001, "Your appeal was accepted."),
                        (5551002, "Closed DMs are no error")]
        assert all(c.params["parse_mode"] == "HTML" for c in bot.fake.made("sendMessage"))


async def test_purge_deletes_the_newest_messages_seen_in_batches(tmp_path):
    async with telegram_bot(tmp_path, center=RecordingCenter()) as bot:
        for index, user in enumerate([BOB, ALICE, BOB, ALICE, BOB]):
            await bot.send({"message": said(user, f"message {index}", 500 + index)})
        assert await purge(bot, str(CHAT), 2, "5551001") == 2
        (first,) = bot.fake.made("deleteMessages")
        assert first.params == {"chat_id": CHAT, "message_ids": [504, 502]}
        assert await purge(bot, str(CHAT), 10) == 3   # 501, 503, 500
        assert bot.fake.made("deleteMessages")[1].params["message_ids"] == [503, 501, 500]
        now = datetime.now(UTC)
        for message_id in range(1000, 1150):
            bot.adapter.recent.see(CHAT, message_id, 5551002, now)
        assert await purge(bot, str(CHAT), 150) == 150
        batches = [c.params["message_ids"] for c in bot.fake.made("deleteMessages")[2:]]
        assert [len(b) for b in batches] == [100, 50]
        assert await purge(bot, str(CHAT), 5) == 0


async def purge(bot, channel: str, count: int, user: str | None = None) -> int | None:
    """A purge as the core asks for it: the Purge action, carried out by the adapter."""
    return await bot.adapter.execute(Purge("manual", channel=channel, count=count, user=user),
                                     Target(COMMUNITY, user or ""))
