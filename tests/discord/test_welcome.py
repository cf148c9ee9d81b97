"""Welcome posts and the verify button through the real discord.py and the fake Discord:
where a welcome goes, whom it may ping, and presses reaching the command center."""

from __future__ import annotations

import logging

import pytest

from bot.command_model import Answer
from bot.commands import buttons
from bot.errors import NotFound
from bot.posts import Button, Channel, DirectMessage, LogChannel, Post, Welcome

from . import guild as g
from . import interactions as ix
from .arrivals import COMMUNITY, custom_ids, dm_press, gated, join, leave, sent
from .commanding import Recorder, interact
from .harness import running

VERIFY = Button("I accept the rules", "verify", {}, only_user=str(g.NEWBIE), style="success")
TEXT = f"Welcome <@{g.NEWBIE}> to Test server! Read the rules, then press the button."
ONLY_NEWBIE = {"parse": [], "users": [g.NEWBIE]}
NEWBIE = str(g.NEWBIE)


def messages_to(bot, channel: int):
    return bot.fake.calls("POST", f"/channels/{channel}/messages")


async def test_a_welcome_without_a_channel_goes_to_the_system_channel_and_pings_the_newcomer(
        tmp_path):
    async with running(tmp_path, guild=gated(), center=Recorder()) as bot:
        await join(bot, g.NEWBIE)
        await bot.adapter.post(COMMUNITY, Post(Welcome(), TEXT, (VERIFY,), greets=NEWBIE))
        [posted] = messages_to(bot, g.GENERAL)
        assert posted.body["content"] == TEXT
        assert posted.body["allowed_mentions"] == ONLY_NEWBIE
        assert custom_ids(sent(bot, posted, g.GENERAL)) == [buttons.encode(VERIFY)]
        [row] = posted.body["components"]
        assert row["components"][0]["label"] == "I accept the rules"
        assert row["components"][0]["style"] == 3      # success (green)


async def test_a_welcome_to_a_named_channel_or_by_id(tmp_path):
    async with running(tmp_path, guild=gated(system_channel=None)) as bot:
        await join(bot, g.NEWBIE)
        await bot.adapter.post(COMMUNITY, Post(Welcome("welcome"), TEXT, greets=NEWBIE))
        await bot.adapter.post(COMMUNITY, Post(Welcome(str(g.WELCOME)), TEXT, greets=NEWBIE))
        await bot.adapter.post(COMMUNITY, Post(Welcome("#welcome"), TEXT, greets=NEWBIE))
        posted = messages_to(bot, g.WELCOME)
        assert len(posted) == 3
        assert all(p.body["allowed_mentions"] == ONLY_NEWBIE for p in posted)
        assert "components" not in posted[0].body
        with pytest.raises(NotFound, match="no channel 'lobby'"):
            await bot.adapter.post(COMMUNITY, Post(Welcome("lobby"), TEXT))


async def test_a_server_without_a_system_channel_is_told_to_set_the_welcome_channel(
        tmp_path, caplog, capsys):
    caplog.set_level(logging.WARNING)

    async with running(tmp_path, guild=gated(system_channel=None)) as bot:
        await join(bot, g.NEWBIE)
        with pytest.raises(NotFound) as error:
            await bot.adapter.post(COMMUNITY, Post(Welcome(), TEXT))
        assert error.value.reason == (
            "this server has no system channel: set welcome.channel")
        assert bot.fake.calls("POST") == []
    out = capsys.readouterr()
    assert "discord_no_system_channel" in out.out + out.err + caplog.text


async def test_a_welcome_pings_the_newcomer_only(tmp_path):
    """Member-supplied text may carry other mentions (a display name, the template): a
    welcome pings only the member the core says it greets, other posts no one."""
    async with running(tmp_path, guild=gated()) as bot:
        await join(bot, g.NEWBIE)
        sneaky = (f"Welcome <@{g.NEWBIE}> (display name: <@{g.ALICE}> <@&{g.ROLE_MODS}> "
                  "@everyone @here)")
        await bot.adapter.post(COMMUNITY, Post(Welcome(), sneaky, greets=NEWBIE))
        later = g.snowflake()
        await join(bot, later)
        await bot.adapter.post(COMMUNITY, Post(Welcome(), f"Hi <@{g.NEWBIE}> <@{later}>",
                                               greets=str(later)))
        # a welcome that greets no one in particular pings no one
        await bot.adapter.post(COMMUNITY, Post(Welcome(), f"Hi <@{g.ALICE}>"))
        # posts other than welcomes never ping, whatever they say
        await bot.adapter.post(COMMUNITY, Post(Channel("general"), f"Hi <@{g.NEWBIE}>",
                                               greets=NEWBIE))
        await bot.adapter.post(COMMUNITY, Post(LogChannel("mod-log"), f"Joined: <@{g.NEWBIE}>"))
        mentions = [c.body["allowed_mentions"] for c in bot.fake.calls("POST")]
        assert mentions == [ONLY_NEWBIE, {"parse": [], "users": [later]},
                            {"parse": []}, {"parse": []}, {"parse": []}]


async def test_a_welcome_by_dm_carries_the_server_in_its_button(tmp_path):
    recorder = Recorder(Answer("Welcome aboard!"))
    async with running(tmp_path, guild=gated(), center=recorder) as bot:
        await join(bot, g.NEWBIE)
        await bot.adapter.post(COMMUNITY, Post(DirectMessage(str(g.NEWBIE)), TEXT, (VERIFY,)))
        [opened] = bot.fake.calls("POST", "/users/@me/channels")
        assert opened.body == {"recipient_id": g.NEWBIE}
        [dm] = [c for c in bot.fake.calls("POST", "/channels/")
                if c.path.endswith("/messages")]
        assert dm.body["content"] == TEXT
        assert dm.body["allowed_mentions"] == {"parse": []}   # a DM pings anyway
        message = sent(bot, dm, int(dm.path.split("/")[2]))
        [custom_id] = custom_ids(message)
        assert buttons.decode(custom_id) == ("verify", {"c": g.GUILD}, str(g.NEWBIE))
        # pressed in the DM: the press finds its server
        _, answer = await interact(bot, dm_press(bot.fake, custom_id, message,
                                                 user=g.NEWBIE))
        [press] = recorder.invocations
        assert press.community == COMMUNITY and press.command == "verify"
        assert press.options == {"_only_user": str(g.NEWBIE)}
        assert press.invoker.id == str(g.NEWBIE)
        assert answer.body["content"] == "Welcome aboard!"


async def test_verify_presses_by_the_newcomer_and_by_someone_else_both_reach_the_core(tmp_path):
    def answer(invocation):
        if invocation.invoker.id != invocation.options["_only_user"]:
            return Answer("This button is not for you.", refused=True)
        return Answer("Welcome aboard!")

    recorder = Recorder(answer)
    async with running(tmp_path, guild=gated(), center=recorder) as bot:
        await join(bot, g.NEWBIE)
        await bot.adapter.post(COMMUNITY, Post(Welcome(), TEXT, (VERIFY,), greets=NEWBIE))
        [posted] = messages_to(bot, g.GENERAL)
        message = sent(bot, posted, g.GENERAL)
        [custom_id] = custom_ids(message)
        replies = []
        for presser in (g.ALICE, g.NEWBIE):
            callback, reply = await interact(bot, ix.press(bot.fake, custom_id, message,
                                                           user=presser))
            assert callback.body == {"type": 5, "data": {"flags": 64}}   # ephemeral
            replies.append(reply.body["content"])
        assert [(i.command, i.options, i.invoker.id) for i in recorder.invocations] == [
            ("verify", {"_only_user": str(g.NEWBIE)}, str(g.ALICE)),
            ("verify", {"_only_user": str(g.NEWBIE)}, str(g.NEWBIE))]
        first = recorder.invocations[0]
        assert first.community == COMMUNITY and first.channel == str(g.GENERAL)
        assert first.message_id == message["id"] and first.target is None
        assert first.bot.id == str(g.BOT) and first.bot.bot
        assert replies == ["This button is not for you.", "Welcome aboard!"]


async def test_joins_carry_the_newcomer_and_a_rejoin_is_a_leave_then_a_join(tmp_path):
    async with running(tmp_path, guild=gated()) as bot:
        first = await join(bot, g.NEWBIE, global_name="New Bie")
        user = first.user
        assert (user.id, user.name, user.bot, user.mention_text) == (
            str(g.NEWBIE), "New Bie", False, f"<@{g.NEWBIE}>")   # the display name
        assert user.joined_at == first.at and first.at.tzinfo is not None
        assert abs((user.created_at - g.datetime.fromtimestamp(
            ((g.NEWBIE >> 22) + g.DISCORD_EPOCH_MS) / 1000, g.UTC)).total_seconds()) < 1
        await leave(bot, g.NEWBIE)
        again = await join(bot, g.NEWBIE)
        assert again.user.name == "newbie"         # no display name: the username
        kinds = [(type(e).__name__, e.user.id) for e in bot.events]
        assert kinds == [("Join", str(g.NEWBIE)), ("Leave", str(g.NEWBIE)),
                         ("Join", str(g.NEWBIE))]
        assert len({e.id for e in bot.events}) == 3     # a rejoin is a new event
        robot = await join(bot, g.snowflake(), is_bot=True)
        assert robot.user.bot                          # bots join too: the core skips them
