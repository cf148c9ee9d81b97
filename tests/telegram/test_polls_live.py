"""Scheduled polls and `/announce` on Telegram end to end: real python-telegram-bot against
the fake Bot API, the core as `gardien run` builds it on a SQLite file, time moved by the
core's clock and due timers fired as the timer loop fires them.

A poll goes out with sendPoll (anonymous, no open_period: the bot closes it), stopPoll
ends it at `lasts`, and its results (each option, votes, share, voters) are posted in the
group in the community's language; the engagement row keeps the figures. A poll Telegram
refuses is recorded failed, logged and told in the mod log. `/announce` posts now, or at
a later time by its timer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from structlog.testing import capture_logs

from bot.scheduler import TimerKind
from tests.runtime.fakes import FakeClock

from .commanding import BOB, OWNER, command
from .harness import CHAT, LOG_CHAT, telegram_bot

COMMUNITY = f"telegram:{CHAT}"
BEFORE = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)    # Friday 16:00 in Paris (UTC+1)
DUE = BEFORE + timedelta(hours=1)                      # "fri 17:00" in Paris
NO_RIGHTS = "Bad Request: not enough rights to send polls to the chat"

RULES = f"""\
version: 1
name: Makers
locale: {{locale}}
timezone: Europe/Paris
log_channel: "{LOG_CHAT}"
schedule:
  - id: friday-poll
    at: "fri 17:00"
    poll: {{{{question: "Next event?", options: ["AMA", "Game night", "Workshop"],
            lasts: 45m}}}}
rules:
  - id: no-insults
    match: {{{{words: [moron]}}}}
    actions: [delete]
"""


def texts_to(bot, chat: int) -> list[str]:
    return [str(c.params["text"]) for c in bot.fake.made("sendMessage")
            if c.params["chat_id"] == chat]


async def planned(bot) -> None:
    bot.core.schedules.seen(COMMUNITY)
    assert await bot.core.schedules.replan() == 1
    [timer] = await bot.store.open_timers(COMMUNITY, TimerKind.SCHEDULE.value)
    assert timer.due_at == DUE


async def test_a_scheduled_poll_is_sent_stopped_at_lasts_and_its_results_posted(tmp_path):
    clock = FakeClock(BEFORE)
    async with telegram_bot(tmp_path, RULES.format(locale="fr"), clock=clock) as bot:
        await planned(bot)
        clock.now = DUE
        assert await bot.core.timers.fire_due() == 1
        [sent] = bot.fake.made("sendPoll")
        params = sent.params
        assert params["chat_id"] == CHAT and params["question"] == "Next event?"
        assert [o["text"] for o in params["options"]] == ["AMA", "Game night", "Workshop"]
        assert params["is_anonymous"] is True and "open_period" not in params
        (chat, message_id), poll = bot.fake.only_poll()
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert (row.kind, row.status, row.channel, row.message_id, row.poll_id) == (
            "poll", "posted", str(CHAT), str(message_id), poll["id"])

        bot.fake.vote((chat, message_id), 1, 2, 1)
        clock.now = DUE + timedelta(minutes=44)
        assert await bot.core.timers.fire_due() == 0
        assert bot.fake.made("stopPoll") == []
        clock.now = DUE + timedelta(minutes=45)
        assert await bot.core.timers.fire_due() == 1
        [stop] = bot.fake.made("stopPoll")
        assert (stop.params["chat_id"], stop.params["message_id"]) == (CHAT, message_id)
        assert poll["is_closed"]
        assert texts_to(bot, CHAT) == [
            "Sondage terminé : Next event?\n• AMA : 1 (25 %)\n• Game night : 2 (50 %)\n"
            "• Workshop : 1 (25 %)\n4 votant(s)."]
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert (row.voters, row.counts, row.closed_at) == (4, (1, 2, 1), clock.now)
        assert texts_to(bot, LOG_CHAT) == []


async def test_a_poll_nobody_voted_in_says_so(tmp_path):
    clock = FakeClock(BEFORE)
    async with telegram_bot(tmp_path, RULES.format(locale="en"), clock=clock) as bot:
        await planned(bot)
        clock.now = DUE
        await bot.core.timers.fire_due()
        clock.now = DUE + timedelta(minutes=45)
        assert await bot.core.timers.fire_due() == 1
        assert texts_to(bot, CHAT) == [
            "Poll closed: Next event?\n• AMA: 0 (0%)\n• Game night: 0 (0%)\n"
            "• Workshop: 0 (0%)\nNobody voted."]
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert (row.voters, row.counts) == (0, (0, 0, 0))


async def test_a_poll_telegram_refuses_is_recorded_failed_and_the_mod_log_says_why(tmp_path):
    clock = FakeClock(BEFORE)
    async with telegram_bot(tmp_path, RULES.format(locale="en"), clock=clock) as bot:
        await planned(bot)
        bot.fake.fail("sendPoll", 400, NO_RIGHTS)
        clock.now = DUE
        with capture_logs() as logs:
            assert await bot.core.timers.fire_due() == 1
        assert len(bot.fake.made("sendPoll")) == 1                # tried once
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert row.status == "failed" and "not enough rights to send polls" in row.error
        [told] = texts_to(bot, LOG_CHAT)
        assert told.startswith(f"The scheduled poll friday-poll could not be posted in "
                               f"the default place: {row.error}")
        [failed] = [e for e in logs if e["event"] == "schedule_poll_failed"]
        assert failed["reason"] == row.error
        assert await bot.store.open_timers(COMMUNITY, TimerKind.POLL_CLOSE.value) == []
        assert texts_to(bot, CHAT) == []


async def test_announce_posts_now_and_at_a_later_time_by_its_timer(tmp_path):
    clock = FakeClock(BEFORE)
    async with telegram_bot(tmp_path, RULES.format(locale="en"), clock=clock,
                            center=lambda core: core.commands) as bot:
        await bot.send(command("/announce here Meetup in {community}!", 501, OWNER))
        assert "Meetup in Makers!" in texts_to(bot, CHAT)
        assert "Announcement posted in" in "\n".join(texts_to(bot, OWNER["id"]))

        await bot.send(command("/announce here Doors open! at:18:00", 502, OWNER))
        assert "Doors open!" not in texts_to(bot, CHAT)
        assert any("2026-12-04 18:00 (Europe/Paris), 2026-12-04 17:00 UTC" in text
                   for text in texts_to(bot, OWNER["id"]))
        [timer] = await bot.store.open_timers(COMMUNITY, TimerKind.ANNOUNCE.value)
        assert timer.due_at == datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
        clock.now = timer.due_at
        assert await bot.core.timers.fire_due() == 1
        assert [t for t in texts_to(bot, CHAT) if t in ("Meetup in Makers!", "Doors open!")] == [
            "Meetup in Makers!", "Doors open!"]
        rows = await bot.store.engagement_posts(COMMUNITY)
        assert [(r.kind, r.status) for r in rows] == [("announce", "posted")] * 2

        # a member may not announce
        await bot.send(command("/announce here Spam!", 503, BOB))
        assert "Spam!" not in texts_to(bot, CHAT)
