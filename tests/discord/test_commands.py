"""Slash commands on Discord: registration, every command reaching the core as an
Invocation, and the answer rendered (deferred ephemerally, then the original edited)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from bot.command_model import (
    BAN,
    KICK,
    MANAGE_MESSAGES,
    MANAGE_SERVER,
    MODERATE,
    RIGHTS,
    Answer,
    Authority,
    Button,
    Invocation,
)
from bot.commands import buttons

from . import guild as g
from . import interactions as ix
from .commanding import Recorder, interact
from .harness import running

PAYLOADS = Path(__file__).with_name("payloads")
MOD_RIGHTS = frozenset({MODERATE, KICK, BAN, MANAGE_MESSAGES})
RULES_YAML = b"version: 1\nname: uploaded\nrules: []\n"

# (as typed on Discord, options sent, core command, options the core gets, target id)
EVERY_COMMAND = [
    ("warn", {"member": g.ALICE, "reason": "rude", "points": 2}, "warn",
     {"reason": "rude", "points": 2}, g.ALICE),
    ("warn", {"member": g.ALICE, "reason": "rude"}, "warn", {"reason": "rude"}, g.ALICE),
    ("timeout", {"member": g.BOB, "duration": "10m", "reason": "spam"}, "timeout",
     {"duration": "10m", "reason": "spam"}, g.BOB),
    ("untimeout", {"member": g.BOB}, "untimeout", {}, g.BOB),
    ("kick", {"member": g.BOB, "reason": "trolling"}, "kick", {"reason": "trolling"}, g.BOB),
    ("ban", {"member": g.BOB, "reason": "scam", "duration": "7d", "delete_messages": "1d"},
     "ban", {"reason": "scam", "duration": "7d", "delete_messages": "1d"}, g.BOB),
    ("unban", {"member": g.NEWBIE}, "unban", {}, g.NEWBIE),     # not in the server
    ("purge", {"count": 20, "member": g.ALICE}, "purge", {"count": 20}, g.ALICE),
    ("purge", {"count": 5}, "purge", {"count": 5}, None),
    ("case", {"case": 12}, "case", {"case": 12}, None),
    ("history", {"member": g.ALICE}, "history", {}, g.ALICE),
    ("note", {"member": g.ALICE, "text": "keeps arguing"}, "note", {"text": "keeps arguing"},
     g.ALICE),
    ("reason", {"case": 3, "text": "actually spam"}, "reason",
     {"case": 3, "text": "actually spam"}, None),
    ("report", {"reason": "bob is harassing me"}, "report",
     {"reason": "bob is harassing me"}, None),
    ("report", {}, "report", {}, None),
    ("appeal", {"case": 7, "text": "it was a joke"}, "appeal",
     {"case": 7, "text": "it was a joke"}, None),
    ("rules summary", {}, "rules", {}, None),
    ("rules show", {}, "rules show", {}, None),
    ("rules check", {"file": "new.yaml"}, "rules check",
     {"file": RULES_YAML, "file_name": "new.yaml"}, None),
    ("rules upload", {"file": "new.yaml"}, "rules upload",
     {"file": RULES_YAML, "file_name": "new.yaml"}, None),
    ("rules rollback", {"revision": 2}, "rules rollback", {"revision": 2}, None),
    ("rules rollback", {}, "rules rollback", {}, None),
    ("rules reload", {}, "rules reload", {}, None),
]


async def test_commands_are_registered_globally_once_with_their_permissions(tmp_path):
    async with running(tmp_path, center=Recorder()) as bot:
        [put] = bot.fake.calls("PUT")
        assert put.path == f"/applications/{g.APP}/commands"     # global, not per server
        listed = {c["name"]: c for c in put.body if c["type"] == 1}
        assert list(listed) == ["warn", "timeout", "untimeout", "note", "case", "history",
                                "reason", "kick", "ban", "unban", "purge", "stats",
                                "announce", "report", "appeal", "mydata", "archive",
                                "rules", "lockdown"]
        [menu] = [c for c in put.body if c["type"] == 3]     # on a message's Apps menu
        assert (menu["name"], menu["default_member_permissions"]) == ("Report message",
                                                                      None)
        assert menu["name_localizations"] == {"fr": "Signaler le message"}
        moderate, kick, ban, manage = 1 << 40, 1 << 1, 1 << 2, 1 << 13
        assert {n: c["default_member_permissions"] for n, c in listed.items()} == {
            "warn": moderate, "timeout": moderate, "untimeout": moderate,
            "note": moderate, "case": moderate, "history": moderate, "reason": moderate,
            "kick": kick, "ban": ban, "unban": ban, "purge": manage, "stats": moderate,
            "announce": 1 << 5, "report": None, "appeal": None, "rules": None,
            "mydata": None, "lockdown": 1 << 5, "archive": 1 << 5}
        assert all(c["contexts"] == [0] and c["dm_permission"] is False
                   for name, c in listed.items() if name not in ("appeal", "mydata"))
        # a banned member has no server left: `appeal` also works in a DM with the bot
        assert sorted(listed["appeal"]["contexts"]) == [0, 1]
        assert listed["appeal"]["dm_permission"] is True
        # a member's own data, also from a DM (every server of the bot they are known in)
        assert sorted(listed["mydata"]["contexts"]) == [0, 1]

        def options(command):
            return [(o["name"], o["type"], o["required"]) for o in command["options"]]

        assert options(listed["warn"]) == [("member", 6, True), ("reason", 3, False),
                                           ("points", 4, False)]
        assert options(listed["ban"]) == [("member", 6, True), ("reason", 3, False),
                                          ("duration", 3, False),
                                          ("delete_messages", 3, False)]
        assert options(listed["purge"]) == [("count", 4, True), ("member", 6, False)]
        assert options(listed["appeal"]) == [("case", 4, True), ("text", 3, True)]
        subs = {s["name"]: s for s in listed["rules"]["options"]}
        assert set(subs) == {"summary", "show", "check", "upload", "rollback", "reload"}
        assert all(s["type"] == 1 for s in subs.values())
        assert options(subs["upload"]) == [("file", 11, True)]
        assert options(subs["rollback"]) == [("revision", 4, False)]
        assert listed["warn"]["description_localizations"]["fr"].startswith("Avertir")
        assert bot.adapter.synced.is_set()


async def test_every_command_reaches_the_core_as_an_invocation(tmp_path):
    recorder = Recorder()
    async with running(tmp_path, center=recorder) as bot:
        for typed, sent, command, options, target in EVERY_COMMAND:
            payload = ix.command(bot.fake, typed, sent, files={"new.yaml": RULES_YAML})
            callback, answer = await interact(bot, payload)
            got = recorder.invocations[-1]
            assert (got.command, got.options) == (command, options), typed
            assert (got.target.id if got.target else None) == (
                str(target) if target else None), typed
            assert got.community == f"discord:{g.GUILD}" and got.channel == str(g.GENERAL)
            assert got.invoker == Authority(id=str(g.MOD), name="mod", rank=10,
                                            rights=MOD_RIGHTS)
            assert got.bot == Authority(id=str(g.BOT), name="gardien", rank=5,
                                        rights=MOD_RIGHTS, bot=True)
            assert callback.path.endswith("/callback")
            assert callback.body == {"type": 5, "data": {"flags": 64}}
            assert (answer.method, answer.path) == (
                "PATCH", f"/webhooks/{g.APP}/{payload['token']}/messages/@original")
        assert len(recorder.invocations) == len(EVERY_COMMAND)
        downloads = bot.fake.downloads
        assert len(downloads) == 2 and all(
            "Authorization" not in d.headers for d in downloads)   # the CDN gets no token


async def test_report_message_reports_that_message_and_its_author(tmp_path):
    recorder = Recorder()
    async with running(tmp_path, center=recorder) as bot:
        message = bot.fake.guild.message(g.BOB, "send me your password")
        callback, answer = await interact(bot, ix.report_menu(bot.fake, message))
        got = recorder.invocations[-1]
        assert (got.command, got.options, got.invoker.id) == ("report", {}, str(g.ALICE))
        assert got.target == Authority(id=str(g.BOB), name="bob", rank=1)
        assert (got.message_id, got.message_text) == (message["id"],
                                                      "send me your password")
        assert callback.body == {"type": 5, "data": {"flags": 64}}
        assert answer.method == "PATCH"


async def test_who_is_who(tmp_path):
    """Members, non-members, the owner, locales."""
    recorder = Recorder()
    async with running(tmp_path, center=recorder) as bot:
        await interact(bot, ix.command(bot.fake, "kick", {"member": g.MOD, "reason": "x"},
                                       user=g.ALICE, locale="fr"))
        got = recorder.invocations[-1]
        assert got.invoker == Authority(id=str(g.ALICE), name="alice", rank=1)
        assert got.target == Authority(id=str(g.MOD), name="mod", rank=10,
                                       rights=MOD_RIGHTS)
        assert got.locale == "fr"
        await interact(bot, ix.command(bot.fake, "ban", {"member": g.ALICE, "reason": "x"},
                                       user=g.OWNER, locale="de"))
        got = recorder.invocations[-1]
        assert got.invoker.owner and got.invoker.rights == frozenset(RIGHTS)
        assert got.locale is None           # neither English nor French: the rule file's
        await interact(bot, ix.command(bot.fake, "warn", {"member": g.OWNER, "reason": "x"},
                                       locale="en-GB"))
        got = recorder.invocations[-1]
        assert got.target.owner and got.locale == "en"
        await interact(bot, ix.command(bot.fake, "unban", {"member": g.NEWBIE}))
        assert recorder.invocations[-1].target == Authority(id=str(g.NEWBIE),
                                                            name="newbie")


async def test_administrators_hold_every_right_and_manage_server_is_read(tmp_path):
    guild = g.Guild()
    admins, managers = g.snowflake(), g.snowflake()
    roles = guild.roles

    def more_roles():
        return [*roles(), g.role(admins, "Admins", 12, 8), g.role(managers, "Managers", 3,
                                                                   1 << 5)]

    guild.roles = more_roles     # type: ignore[method-assign]
    guild.members[g.ALICE] = ([admins], g.JOINED)
    guild.members[g.BOB] = ([managers], g.JOINED)

    recorder = Recorder()
    async with running(tmp_path, guild=guild, center=recorder) as bot:
        await interact(bot, ix.command(bot.fake, "rules reload", user=g.ALICE))
        assert recorder.invocations[-1].invoker.rights == frozenset(RIGHTS)
        assert recorder.invocations[-1].invoker.rank == 12
        await interact(bot, ix.command(bot.fake, "rules reload", user=g.BOB))
        assert recorder.invocations[-1].invoker.rights == {MANAGE_SERVER}


async def test_a_private_answer_with_buttons_edits_the_placeholder(tmp_path):
    accept = Button("Accept", "appeal accept", {"appeal": 4}, style="success")
    deny = Button("Deny", "appeal deny", {"appeal": 4}, only_user=str(g.MOD), style="danger")

    recorder = Recorder(Answer("Appeal 4 <@everyone>", buttons=(accept, deny)))
    async with running(tmp_path, center=recorder) as bot:
        _, answer = await interact(bot, ix.command(bot.fake, "case", {"case": 4}))
        assert answer.body["content"] == "Appeal 4 <@everyone>"
        assert answer.body["allowed_mentions"] == {"parse": []}
        [row] = answer.body["components"]
        assert [(b["label"], b["custom_id"], b["style"]) for b in row["components"]] == [
            ("Accept", buttons.encode(accept), 3), ("Deny", buttons.encode(deny), 4)]


async def test_a_public_answer_goes_to_the_channel_and_the_placeholder_goes(tmp_path):
    recorder = Recorder(Answer("Our code of conduct: be kind.", private=False))
    async with running(tmp_path, center=recorder) as bot:
        payload = ix.command(bot.fake, "rules summary", user=g.ALICE)
        callback, delete = await interact(bot, payload)
        assert callback.body == {"type": 5, "data": {"flags": 64}}
        [sent] = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages")
        assert sent.body["content"] == "Our code of conduct: be kind."
        assert sent.body["allowed_mentions"] == {"parse": []}
        assert (delete.method, delete.path) == (
            "DELETE", f"/webhooks/{g.APP}/{payload['token']}/messages/@original")


async def test_a_public_answer_the_bot_cannot_post_stays_private(tmp_path):
    recorder = Recorder(Answer("Rules.", private=False))
    async with running(tmp_path, center=recorder) as bot:
        bot.fake.refuse("POST", f"/channels/{g.GENERAL}/messages")
        _, edit = await interact(bot, ix.command(bot.fake, "rules summary"))
        assert (edit.method, edit.body["content"]) == ("PATCH", "Rules.")


async def test_a_refusal_is_private_and_logged(tmp_path, caplog, capsys):
    caplog.set_level(logging.INFO)

    recorder = Recorder(Answer("You cannot act on a member above you.", refused=True))
    async with running(tmp_path, center=recorder) as bot:
        _, answer = await interact(bot, ix.command(
            bot.fake, "ban", {"member": g.MOD, "reason": "x"}, user=g.ALICE))
        assert answer.body["content"] == "You cannot act on a member above you."
        assert answer.method == "PATCH"
    out = capsys.readouterr()
    assert "discord_command_refused" in out.out + out.err + caplog.text


async def test_a_core_failure_is_answered_in_the_invokers_language(tmp_path):
    def boom(invocation: Invocation) -> Answer:
        raise RuntimeError("database is locked")

    async with running(tmp_path, center=Recorder(boom)) as bot:
        _, answer = await interact(bot, ix.command(bot.fake, "case", {"case": 1},
                                                   locale="fr"))
        assert answer.body["content"].startswith("Une erreur est survenue")
        assert "database" not in answer.body["content"]


async def test_the_stored_interaction_samples_match_the_fake_and_parse(tmp_path):
    samples = {name: json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))
               for name in ("interaction_command", "interaction_button")}

    recorder = Recorder()
    async with running(tmp_path, center=recorder) as bot:
        built = ix.command(bot.fake, "warn", {"member": g.ALICE, "reason": "x"})
        assert set(built) == set(samples["interaction_command"])
        assert set(built["data"]) == set(samples["interaction_command"]["data"])
        message = bot.fake.guild.message(g.BOT, "x", channel=g.MOD_LOG)
        assert set(ix.press(bot.fake, "g1|x|", message)) == set(
            samples["interaction_button"])
        for name in ("interaction_command", "interaction_button"):
            await interact(bot, samples[name])
        warn, press = recorder.invocations
        assert (warn.command, warn.options, warn.target.id, warn.locale) == (
            "warn", {"reason": "spamming invites", "points": 1}, str(g.ALICE), "fr")
        assert (press.command, press.options, press.message_id) == (
            "appeal accept", {"appeal": 4}, samples["interaction_button"]["message"]["id"])
