"""Which path an update takes, decided by python-telegram-bot's own handler classes.

Through the real Application against the fake Bot API: a command for Gardien reaches
the core once and is never judged; what only looks like one (`/cmd@otherbot`, an
unknown `/command`) is judged as an ordinary message; every update still reaches the
harness's handler in group 99 (`bot.send` waits for it).
"""

from __future__ import annotations

from telegram.ext import (
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
)

from .commanding import BOB, MOD, OWNER, RecordingCenter, command
from .harness import telegram_bot

RULE_FILE = b"version: 1\nname: routed\nlocale: en\nrules: []\n"


async def test_the_adapter_routes_with_python_telegram_bots_handler_classes(tmp_path):
    async with telegram_bot(tmp_path, center=RecordingCenter()) as bot:
        groups = bot.adapter.application.handlers
        kinds = {type(handler) for handler in groups[0]}
        assert {CommandHandler, MessageHandler, ChatMemberHandler, ChatJoinRequestHandler,
                CallbackQueryHandler} <= kinds
        assert sorted(groups) == [0, 99]   # the harness's marker, after every route
        assert [type(h) for h in groups[99]] == [TypeHandler]


async def test_a_group_command_reaches_the_core_once_and_is_not_judged(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/warn 5551001 you moron", 10, MOD))
        assert [i.command for i in center.invocations] == ["warn"]
        assert center.last.options == {"reason": "you moron"}
        assert bot.events == [] and await bot.cases() == []
        assert bot.fake.made("deleteMessage") == []


async def test_an_edited_command_is_neither_run_again_nor_judged(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        sent = command("/kick 5551001 you idiot", 20, MOD)
        await bot.send(sent)
        edited = command("/kick 5551001 you idiot!", 20, MOD)["message"]
        await bot.send({"edited_message": {**edited, "edit_date": edited["date"]}})
        assert [i.command for i in center.invocations] == ["kick"]
        assert bot.events == [] and await bot.cases() == []


async def test_a_command_in_a_documents_caption_is_routed(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        bot.fake.files["R1"] = ("documents/routed.yaml", RULE_FILE)
        document = {"file_id": "R1", "file_unique_id": "UR1", "file_name": "routed.yaml",
                    "mime_type": "application/x-yaml", "file_size": len(RULE_FILE)}
        update = command("", 30, OWNER, caption="/rules upload\nmy new rules",
                         document=document)
        del update["message"]["text"]
        await bot.send(update)
        assert [i.command for i in center.invocations] == ["rules upload"]
        assert center.last.options == {"file": RULE_FILE, "file_name": "routed.yaml"}
        assert bot.events == []


async def test_another_bots_command_and_an_unknown_one_are_judged_as_messages(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        await bot.send(command("/warn@other_bot you moron", 40, BOB))
        await bot.send(command("/frobnicate you idiot", 41, BOB))
        assert center.invocations == []
        assert [e.text for e in bot.events] == ["/warn@other_bot you moron",
                                                "/frobnicate you idiot"]
        deleted = [c.params["message_id"] for c in bot.fake.made("deleteMessage")]
        assert deleted == [40, 41]   # the insult rule judged both
        assert {c.message_id for c in await bot.cases()} == {"40", "41"}


async def test_a_private_appeal_takes_the_private_path(tmp_path):
    center = RecordingCenter()
    async with telegram_bot(tmp_path, center=center) as bot:
        private = {"id": BOB["id"], "first_name": "Bob", "type": "private"}
        await bot.send(command("/appeal 7 it was not me", 50, BOB, chat=private))
        assert [i.command for i in center.invocations] == ["appeal"]
        got = center.last
        assert (got.community, got.channel, got.invoker.id) == (
            "telegram:", str(BOB["id"]), str(BOB["id"]))
        assert got.options == {"case": 7, "text": "it was not me"}
        assert bot.events == []
        answered = len(bot.fake.made("sendMessage"))
        assert answered == 1   # the center's answer, to Bob
        # a private message that is no command goes nowhere, and is not answered
        await bot.send(command("hello there", 51, BOB, chat=private))
        assert len(center.invocations) == 1 and bot.events == []
        assert len(bot.fake.made("sendMessage")) == answered
