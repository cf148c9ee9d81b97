"""`/command` messages into Invocations: names, targets, options, authority, the menu."""

from __future__ import annotations

from bot.command_model import BAN, KICK, MANAGE_MESSAGES, MODERATE, RIGHTS

from .commanding import ALICE, BOB, MOD, OWNER, RecordingCenter, command, said
from .harness import CHAT, telegram_bot

MOD_RIGHTS = frozenset({MODERATE, KICK, BAN, MANAGE_MESSAGES})


async def test_commands_are_registered_per_scope_and_language(tmp_path):
    async with telegram_bot(tmp_path, center=RecordingCenter()) as bot:
        calls = bot.fake.made("setMyCommands")
        assert len(calls) == 4
        seen = {}
        for call in calls:
            scope = call.params.get("scope", {}).get("type", "default")
            seen[(scope, call.params.get("language_code", ""))] = call.params["commands"]
        assert set(seen) == {("default", ""), ("default", "fr"),
                             ("all_chat_administrators", ""),
                             ("all_chat_administrators", "fr")}
        names = {key: [c["command"] for c in value] for key, value in seen.items()}
        assert names[("default", "")] == ["report", "appeal", "rules", "mydata"]
        # the command table's order (FORMATS.md's), as on Discord
        assert names[("all_chat_administrators", "")] == [
            "warn", "timeout", "untimeout", "note", "case", "history", "reason", "kick",
            "ban", "unban", "purge", "stats", "rules", "announce", "lockdown", "archive"]
        assert names[("default", "fr")] == names[("default", "")]
        rules = dict((c["command"], c["description"])
                     for c in seen[("all_chat_administrators", "")])["rules"]
        assert rules == ("Code of conduct and rule files: "
                         "rules [show|check|upload|rollback|reload]")
        french = dict((c["command"], c["description"]) for c in seen[("default", "fr")])
        assert french["rules"] == "Le code de conduite de la communauté"
        # registered before polling starts
        assert bot.fake.calls.index(calls[-1]) < bot.fake.calls.index(
            bot.fake.made("getUpdates")[0])


async def test_without_a_center_nothing_is_registered_and_commands_are_messages(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        assert bot.fake.made("setMyCommands") == []
        await bot.send(command("/warn @bobm spam", 10))
        assert [e.text for e in bot.events] == ["/warn @bobm spam"]


# (text, sender, reply_to, command, target id, options)
CASES = [
    ("/warn@gardien_test_bot @bobm spamming links points:2", MOD, None, "warn", "5551001",
     {"reason": "spamming links", "points": 2}),
    ("/warn too many links", MOD, "bob", "warn", "5551001", {"reason": "too many links"}),
    ("/timeout 5551001 10m flood", MOD, None, "timeout", "5551001",
     {"duration": "10m", "reason": "flood"}),
    ("/untimeout @BobM", MOD, None, "untimeout", "5551001", {}),
    ("/kick @bobm rude", MOD, None, "kick", "5551001", {"reason": "rude"}),
    ("/ban @bobm 7d delete:1d scam links", MOD, None, "ban", "5551001",
     {"duration": "7d", "delete_messages": "1d", "reason": "scam links"}),
    ("/ban 30d spam", MOD, "bob", "ban", "5551001", {"duration": "30d", "reason": "spam"}),
    ("/unban 5551001", MOD, None, "unban", "5551001", {}),
    ("/purge 50 @bobm", MOD, None, "purge", "5551001", {"count": 50}),
    ("/purge 20", MOD, None, "purge", None, {"count": 20}),
    ("/case #12", MOD, None, "case", None, {"case": 12}),
    ("/history @bobm", MOD, None, "history", "5551001", {}),
    ("/note @bobm keeps testing\nthe limits", MOD, None, "note", "5551001",
     {"text": "keeps testing\nthe limits"}),
    ("/reason 12 actually a scam", MOD, None, "reason", None,
     {"case": 12, "text": "actually a scam"}),
    ("/appeal 12 it was a joke", BOB, None, "appeal", None,
     {"case": 12, "text": "it was a joke"}),
    ("/report spam bot", BOB, "alice", "report", "5551002", {"reason": "spam bot"}),
    ("/rules", BOB, None, "rules", None, {}),
    ("/rules show", OWNER, None, "rules show", None, {}),
    ("/rules rollback 3", OWNER, None, "rules rollback", None, {"revision": 3}),
    ("/rules reload", OWNER, None, "rules reload", None, {}),
]


async def test_every_command_reaches_the_center_as_an_invocation(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send({"message": said(BOB, "hello", 300)})   # @bobm is seen
        await bot.send({"message": said(ALICE, "buy followers", 301)})
        assert bot.adapter.directory.find("@bobm") == 5551001
        replies = {"bob": said(BOB, "hello", 300), "alice": said(ALICE, "buy followers",
                                                                 301)}
        for index, (text, sender, reply, name, target, options) in enumerate(CASES):
            before = len(center.invocations)
            await bot.send(command(text, 400 + index, sender,
                                   replies[reply] if reply else None))
            assert len(center.invocations) == before + 1, text
            got = center.last
            assert got.command == name, text
            assert (got.target.id if got.target else None) == target, text
            assert got.options == options, text
            assert got.community == f"telegram:{CHAT}" and got.channel == str(CHAT)
            assert got.invoker.id == str(sender["id"])
            assert got.locale == sender.get("language_code"), text
            if reply:
                assert got.message_id == str(replies[reply]["message_id"])
                assert got.message_text == replies[reply]["text"]
            else:
                assert got.message_id == "" and got.message_text == ""
        # commands are not judged by the rules: only the two plain messages were events
        assert [e.text for e in bot.events] == ["hello", "buy followers"]


async def test_authority_of_invoker_target_and_bot_comes_from_the_administrator_list(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/warn @owner rude", 10, MOD))
        got = center.last
        assert (got.invoker.rank, got.invoker.admin, got.invoker.owner) == (1, True, False)
        assert got.invoker.rights == MOD_RIGHTS and got.invoker.name == "Mod"
        assert got.target is not None and got.target.id == "5551000"
        assert (got.target.rank, got.target.owner, got.target.admin) == (2, True, True)
        assert got.bot.id == "7000000001" and got.bot.bot and got.bot.rank == 1
        assert got.bot.rights == MOD_RIGHTS
        await bot.send(command("/kick @mod rude", 11, OWNER))
        got = center.last
        assert got.invoker.owner and got.invoker.rights == frozenset(RIGHTS)
        assert got.target.id == "5551005" and got.target.admin    # @mod: from the list
        await bot.send(command("/rules", 12, BOB))
        assert center.last.invoker.rank == 0 and center.last.invoker.rights == frozenset()


async def test_anonymous_admins_hold_the_rights_every_anonymous_admin_has(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        bot.fake.admins[CHAT][1]["is_anonymous"] = True      # Mod posts anonymously
        anonymous = {"id": 1087968824, "is_bot": True, "first_name": "Group",
                     "username": "GroupAnonymousBot"}
        await bot.send(command("/warn 5551001 spam", 20, anonymous, sender_chat={
            "id": CHAT, "title": "Gardien test group", "type": "supergroup"}))
        got = center.last
        assert got.invoker.id == str(CHAT) and got.invoker.admin
        assert got.invoker.rank == 1 and not got.invoker.owner
        assert got.invoker.rights == MOD_RIGHTS
        # no DM is possible: the answer is a group reply, deleted later
        sent = bot.fake.made("sendMessage")[-1].params
        assert sent["chat_id"] == CHAT and sent["reply_parameters"]["message_id"] == 20
        assert len(bot.adapter.replies._later) == 1


async def test_commands_for_another_bot_are_ordinary_messages(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/warn@other_bot @bobm spam", 30))
        await bot.send(command("/start", 31))
        assert center.invocations == []
        assert [e.text for e in bot.events] == ["/warn@other_bot @bobm spam", "/start"]
        assert bot.fake.actions() == []


async def test_an_unknown_username_is_answered_privately_without_the_core(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/ban @nobody spam", 40, MOD))
        assert center.invocations == []
        (dm,) = bot.fake.made("sendMessage")
        assert dm.params["chat_id"] == 5551005 and dm.params["parse_mode"] == "HTML"
        assert dm.params["text"].startswith("Je ne connais pas encore @nobody")
        await bot.send(command("/rules frobnicate", 41, OWNER))
        assert center.invocations == []
        assert "frobnicate" in bot.fake.made("sendMessage")[-1].params["text"]


async def test_a_reply_in_a_forum_topic_is_not_a_target(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        root = said(BOB, "", 50, forum_topic_created={"name": "Help", "icon_color": 1})
        del root["text"]
        await bot.send(command("/warn spam", 51, MOD, root, is_topic_message=True,
                               message_thread_id=50))
        assert center.last.target is None and center.last.message_id == ""
        assert center.last.options == {"reason": "spam"}


async def test_an_edited_command_is_neither_run_again_nor_judged(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/warn @owner you idiot", 60, MOD))
        edited = command("/warn @owner you idiot!", 60, MOD)
        edited = {"edited_message": {**edited["message"], "edit_date": edited["message"]
                                     ["date"]}}
        await bot.send(edited)
        assert len(center.invocations) == 1
        assert bot.events == [] and await bot.cases() == []
