"""Button presses (also after a restart), posts to the log channel and DMs, purges."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.adapter import Target
from bot.command_model import Answer
from bot.commands import buttons
from bot.errors import NotFound
from bot.posts import Button, Channel, DirectMessage, LogChannel, Post
from rules.actions import Purge

from . import guild as g
from . import interactions as ix
from .commanding import Recorder, by_token, interact
from .fake import FakeDiscord
from .harness import TOKEN, running

ACCEPT = Button("Accept", "appeal accept", {"appeal": 4}, style="success")
DENY = Button("Deny", "appeal deny", {"appeal": 4}, only_user=str(g.MOD), style="danger")
COMMUNITY = f"discord:{g.GUILD}"
LOG_MESSAGES = f"/channels/{g.MOD_LOG}/messages"


def sent_message(bot, request) -> dict:
    """The message payload a recorded POST became, with its components (as Discord keeps)."""
    message = bot.fake.guild.message(g.BOT, request.body["content"], channel=g.MOD_LOG)
    message["author"] = g.user(g.BOT, bot=True)
    message["components"] = request.body.get("components", [])
    return message


def custom_ids(message: dict) -> list[str]:
    return [b["custom_id"] for row in message["components"] for b in row["components"]]


async def test_a_post_to_the_log_channel_carries_encoded_buttons_and_pings_no_one(tmp_path):
    async with running(tmp_path, center=Recorder()) as bot:
        text = f"Appeal 4 by <@{g.ALICE}> on case 7: it was a joke @everyone"
        await bot.adapter.post(COMMUNITY, Post(LogChannel("mod-log"), text, (ACCEPT, DENY)))
        await bot.adapter.post(COMMUNITY, Post(LogChannel(str(g.MOD_LOG)), "by id"))
        await bot.adapter.post(COMMUNITY, Post(Channel("general"), "by name"))
        first, second = bot.fake.calls("POST", LOG_MESSAGES)
        assert first.body["content"] == text
        assert first.body["allowed_mentions"] == {"parse": []}
        assert custom_ids(sent_message(bot, first)) == [
            buttons.encode(ACCEPT), buttons.encode(DENY)]
        assert second.body["content"] == "by id" and "components" not in second.body
        [general] = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages")
        assert general.body["content"] == "by name"
        with pytest.raises(NotFound, match="no channel 'nowhere'"):
            await bot.adapter.post(COMMUNITY, Post(LogChannel("nowhere"), "lost"))
        before = len(bot.fake.requests)
        await bot.adapter.post(COMMUNITY, Post(LogChannel(""), "no log channel configured"))
        assert len(bot.fake.requests) == before


async def test_a_post_to_a_member_goes_to_their_dms_and_closed_dms_are_only_logged(
        tmp_path, caplog, capsys):
    caplog.set_level(logging.INFO)

    async with running(tmp_path, center=Recorder()) as bot:
        await bot.adapter.post(COMMUNITY, Post(
            DirectMessage(str(g.BOB)), "Your appeal was accepted."))
        [opened] = bot.fake.calls("POST", "/users/@me/channels")
        assert opened.body == {"recipient_id": g.BOB}
        [dm] = [c for c in bot.fake.calls("POST", "/channels/") if c.path.endswith(
            "/messages")]
        assert dm.body["content"] == "Your appeal was accepted."
        assert dm.body["allowed_mentions"] == {"parse": []}
        await bot.adapter.post(COMMUNITY, Post(
            DirectMessage(str(g.CLOSED)), "Denied."))   # no raise
    out = capsys.readouterr()
    assert "discord_dm_closed" in out.out + out.err + caplog.text


async def test_a_button_press_is_an_invocation_of_its_command(tmp_path):
    recorder = Recorder(Answer("Appeal 4 accepted."))
    async with running(tmp_path, center=recorder) as bot:
        await bot.adapter.post(COMMUNITY, Post(
            LogChannel("mod-log"), "Appeal 4", (ACCEPT, DENY)))
        [posted] = bot.fake.calls("POST", LOG_MESSAGES)
        message = sent_message(bot, posted)
        for custom_id, options in ((buttons.encode(ACCEPT), {"appeal": 4}),
                                   (buttons.encode(DENY),
                                    {"appeal": 4, "_only_user": str(g.MOD)})):
            payload = ix.press(bot.fake, custom_id, message, locale="fr")
            callback, answer = await interact(bot, payload)
            got = recorder.invocations[-1]
            assert got.command == custom_id.split("|")[1].replace("_", " ")
            assert got.options == options
            assert got.message_id == message["id"] and got.channel == str(g.MOD_LOG)
            assert got.invoker.id == str(g.MOD) and got.locale == "fr"
            assert got.community == COMMUNITY and got.target is None
            assert callback.body == {"type": 5, "data": {"flags": 64}}
            assert (answer.method, answer.body["content"]) == ("PATCH",
                                                               "Appeal 4 accepted.")
        assert [i.command for i in recorder.invocations] == ["appeal accept", "appeal deny"]


async def test_a_press_on_a_button_that_is_not_gardiens_is_left_alone(tmp_path):
    recorder = Recorder()
    async with running(tmp_path, center=recorder) as bot:
        message = bot.fake.guild.message(g.BOT, "x", channel=g.MOD_LOG)
        payload = ix.press(bot.fake, "someone-elses-button", message)
        await bot.fake.dispatch("INTERACTION_CREATE", payload)
        # a command sent after it is answered: the press was handled (and ignored) first
        await interact(bot, ix.command(bot.fake, "rules show"))
        assert [i.command for i in recorder.invocations] == ["rules show"]
        assert by_token(bot, payload["token"]) == []


async def test_buttons_keep_working_after_a_restart(tmp_path):
    fake = FakeDiscord(TOKEN)
    await fake.start()
    try:
        first = Recorder(Answer("Appeal 4", buttons=(ACCEPT,)))
        async with running(tmp_path, center=first, fake=fake) as bot:
            payload = ix.command(fake, "case", {"case": 4})
            _, answer = await interact(bot, payload)
            message = sent_message(bot, answer)
        assert custom_ids(message) == [buttons.encode(ACCEPT)]
        second = Recorder(Answer("Accepted."))
        async with running(tmp_path, center=second, fake=fake) as bot:
            assert bot.adapter.client is not None
            assert bot.adapter.client._connection._view_store.persistent_views == []
            _, answer = await interact(bot, ix.press(fake, custom_ids(message)[0],
                                                     message))
            [press] = second.invocations
            assert (press.command, press.options) == ("appeal accept", {"appeal": 4})
            assert answer.body["content"] == "Accepted."
        assert len(fake.calls("PUT")) == 2       # one sync per start
    finally:
        await fake.close()


def history(bot, *specs: tuple[int, float, bool]) -> list[dict]:
    """Messages in #general, newest first: (author, age in days, pinned)."""
    messages = []
    for author, days, pinned in specs:
        message = bot.fake.guild.message(author, "x", message_id=g.snowflake(ix.ago(days)))
        message["pinned"] = pinned
        messages.append(message)
    bot.fake.history[g.GENERAL] = messages
    return messages


async def test_purge_bulk_deletes_the_last_messages_skipping_pinned_and_old_ones(tmp_path):
    async with running(tmp_path, center=Recorder()) as bot:
        messages = history(bot, (g.ALICE, 0.01, False), (g.BOB, 0.02, False),
                           (g.ALICE, 0.03, True), (g.ALICE, 0.04, False),
                           (g.BOB, 1, False), (g.ALICE, 15, False))
        ids = [int(m["id"]) for m in messages]
        assert await purge(bot, str(g.GENERAL), 3) == 3
        [read] = bot.fake.calls("GET", f"/channels/{g.GENERAL}/messages")
        assert int(read.query["limit"]) <= 100
        [bulk] = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages/bulk-delete")
        assert bulk.body == {"messages": [ids[0], ids[1], ids[3]]}
        assert await purge(bot, str(g.GENERAL), 50) == 4   # not 15d old
        assert bot.fake.calls("POST")[-1].body == {"messages": [ids[0], ids[1], ids[3],
                                                                ids[4]]}


async def test_purge_of_one_members_messages(tmp_path):
    async with running(tmp_path, center=Recorder()) as bot:
        messages = history(bot, (g.ALICE, 0.01, False), (g.BOB, 0.02, False),
                           (g.ALICE, 0.03, False), (g.BOB, 0.04, False))
        ids = [int(m["id"]) for m in messages]
        assert await purge(bot, "general", 10, str(g.BOB)) == 2
        [bulk] = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages/bulk-delete")
        assert bulk.body == {"messages": [ids[1], ids[3]]}
        assert await purge(bot, "general", 1, str(g.ALICE)) == 1
        [single] = bot.fake.calls("DELETE")      # one message: no bulk request
        assert single.path == f"/channels/{g.GENERAL}/messages/{ids[0]}"
        assert await purge(bot, "general", 5, str(g.NEWBIE)) == 0


async def test_purge_pages_through_long_histories(tmp_path):
    async with running(tmp_path, center=Recorder()) as bot:
        specs = [(g.ALICE if i % 3 == 0 else g.BOB, 0.001 * (i + 1), False)
                 for i in range(250)]
        messages = history(bot, *specs)
        deleted = await asyncio.wait_for(
            purge(bot, str(g.GENERAL), 80, str(g.ALICE)), 10)
        assert deleted == 80
        reads = bot.fake.calls("GET", f"/channels/{g.GENERAL}/messages")
        assert len(reads) == 3 and "before" in reads[1].query
        [bulk] = bot.fake.calls("POST", f"/channels/{g.GENERAL}/messages/bulk-delete")
        assert bulk.body["messages"] == [int(m["id"]) for m in messages[::3]][:80]


async def purge(bot, channel: str, count: int, user: str | None = None) -> int | None:
    """A purge as the core asks for it: the Purge action, carried out by the adapter."""
    return await bot.adapter.execute(Purge("manual", channel=channel, count=count, user=user),
                                     Target(COMMUNITY, user or ""))
