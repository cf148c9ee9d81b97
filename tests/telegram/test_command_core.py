"""Commands end to end: python-telegram-bot, the adapter, the REAL CommandCenter over a
real Pipeline + SQLiteStore + Rulebook, and the fake Bot API."""

from __future__ import annotations

from .commanding import BOB, MOD, OWNER, callback, command, said
from .harness import CHAT, LOG_CHAT, telegram_bot

NO_DM = "Forbidden: bot can't initiate conversation with a user"


def real_center(core):
    """The real commands, as `gardien run` wires them (finished cases go to the mod log)."""
    return core.commands


def sent_to(bot, chat):
    return [c.params for c in bot.fake.made("sendMessage") if c.params["chat_id"] == chat]


async def test_warn_by_reply_writes_a_case_posts_the_mod_log_and_answers_by_dm(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        await bot.send({"message": said(BOB, "look at my channel", 300)})
        await bot.send(command("/warn self-promotion points:1", 301, MOD,
                               said(BOB, "look at my channel", 300)))
        (case,) = await bot.cases()
        assert (case.action, case.user, case.moderator, case.community) == (
            "warn", "5551001", "5551005", f"telegram:{CHAT}")
        assert "self-promotion" in case.reason
        assert case.status == "done"
        (log_post,) = sent_to(bot, LOG_CHAT)
        assert f"#{case.number}" in log_post["text"] and log_post["parse_mode"] == "HTML"
        (answer,) = sent_to(bot, 5551005)                 # the moderator's DM
        assert answer["parse_mode"] == "HTML" and answer["text"]
        # the warning itself is a reply in the group mentioning Bob
        group = sent_to(bot, CHAT)
        assert any("tg://user?id=5551001" in p["text"] for p in group)


async def test_a_member_cannot_ban_and_the_refusal_is_a_short_lived_group_reply(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        bot.adapter.replies.lifetime = 0.3
        bot.fake.fail("sendMessage", 403, NO_DM, when=lambda p: p["chat_id"] == 5551001)
        await bot.send(command("/ban @owner spam", 310, BOB))
        assert await bot.cases() == []
        reply = sent_to(bot, CHAT)[-1]
        assert reply["reply_parameters"]["message_id"] == 310 and reply["text"]
        assert not [c for c in bot.fake.actions() if c.method == "banChatMember"]
        await bot.fake.wait_for("deleteMessage", timeout=5)
        # nor may a moderator act on the creator or another administrator
        await bot.send(command("/kick @owner rude", 311, MOD))
        assert await bot.cases() == []
        assert not bot.fake.made("banChatMember")


async def test_a_rule_file_uploaded_as_a_document_becomes_the_active_revision(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        uploaded = (b"version: 1\nname: Uploaded rules\nlocale: en\n"
                    b"log_channel: \"" + str(LOG_CHAT).encode() + b"\"\n"
                    b"rules:\n  - id: no-bananas\n    match: {words: [banana]}\n"
                    b"    actions: [delete]\n")
        bot.fake.files["R1"] = ("documents/file_9.yaml", uploaded)
        update = command("", 320, OWNER, caption="/rules upload", document={
            "file_id": "R1", "file_unique_id": "UR1", "file_name": "mine.yaml",
            "file_size": len(uploaded)})
        del update["message"]["text"]
        await bot.send(update)
        assert bot.fake.downloads == ["documents/file_9.yaml"]
        (owner_dm,) = sent_to(bot, 5551000)               # the admin's answer
        assert owner_dm["text"]
        # applied at once: the new rule judges the next message
        await bot.send({"message": said(BOB, "banana bread", 321)})
        deleted = bot.fake.made("deleteMessage")
        assert [c.params["message_id"] for c in deleted] == [321]
        await bot.send(command("/rules show", 322, OWNER))
        assert "no-bananas" in sent_to(bot, 5551000)[-1]["text"]


async def test_an_appeal_is_shown_with_buttons_and_a_press_accepts_it(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        await bot.send({"message": said(BOB, "hi", 330)})
        await bot.send(command("/warn @bobm spoilers", 331, MOD))
        (case,) = await bot.cases()
        await bot.send(command(f"/appeal {case.number} it was not a spoiler", 332, BOB))
        posts = [p for p in sent_to(bot, LOG_CHAT) if "reply_markup" in p]
        assert posts, "the appeal was not shown to moderators with buttons"
        row = posts[-1]["reply_markup"]["inline_keyboard"][0]
        data = row[0]["callback_data"]
        assert f"c={CHAT}" in data
        in_log = said(OWNER, posts[-1]["text"], 880,
                      chat={"id": LOG_CHAT, "title": "mods", "type": "supergroup"})
        await bot.send(callback(data, MOD, in_log, "qa"))
        (ack,) = bot.fake.made("answerCallbackQuery")
        assert ack.params["callback_query_id"] == "qa" and ack.params["text"]
        assert ack.params["show_alert"] is False
        assert bot.fake.made("editMessageReplyMarkup")[0].params == {
            "chat_id": LOG_CHAT, "message_id": 880}


async def test_a_banned_member_appeals_in_private_and_the_case_finds_its_community(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        await bot.send({"message": said(BOB, "hi", 340)})
        await bot.send(command("/ban @bobm spam", 341, MOD))
        (case,) = await bot.cases()
        assert case.action == "ban"
        private = {"id": BOB["id"], "first_name": "Bob", "type": "private"}
        await bot.send(command(f"/appeal {case.number} my account was stolen", 342, BOB,
                               chat=private))
        await bot.send(command("/warn @alice no", 343, BOB, chat=private))
        to_bob = [p["text"] for p in sent_to(bot, BOB["id"])]
        assert any(f"case #{case.number} was sent to the moderators" in t for t in to_bob)
        assert any("/appeal" in t and "in private" in t for t in to_bob)
        posts = [p for p in sent_to(bot, LOG_CHAT) if "reply_markup" in p]
        assert posts and "my account was stolen" in posts[-1]["text"]
