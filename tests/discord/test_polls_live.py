"""Scheduled polls and `announce` on Discord end to end: real discord.py against the fake
Discord, the core as `gardien run` builds it on a SQLite file, time moved by the core's
clock and due timers fired as the timer loop fires them.

A poll is posted with its question, answers and a whole-hour duration, ended by the bot at
`lasts` (POST .../polls/{message}/expire), and its results (each answer, votes, share,
voters) posted in the same channel in the community's language; the engagement row keeps
the figures. A poll Discord refuses, or the bot may not post, is recorded failed, logged
and told in the mod log. `/announce` posts now, or at a later time by its timer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from structlog.testing import capture_logs

from bot.scheduler import TimerKind
from tests.runtime.fakes import FakeClock

from . import guild as g
from . import interactions as ix
from .arrivals import COMMUNITY
from .commanding import interact
from .harness import running

GENERAL_POSTS = f"/channels/{g.GENERAL}/messages"
LOG_POSTS = f"/channels/{g.MOD_LOG}/messages"
BEFORE = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)    # Friday 16:00 in Paris (UTC+1)
DUE = BEFORE + timedelta(hours=1)                      # "fri 17:00" in Paris

RULES = """\
version: 1
name: Makers
locale: {locale}
timezone: Europe/Paris
log_channel: mod-log
schedule:
  - id: friday-poll
    at: "fri 17:00"
    channel: general
    poll: {{question: "Next event?", options: ["AMA", "Game night", "Workshop"],
            lasts: {lasts}}}
rules:
  - id: no-insults
    match: {{words: [moron]}}
    actions: [delete]
"""


def server(rights: int = g.SEND_POLLS | g.MANAGE_GUILD) -> g.Guild:
    guild = g.Guild()
    guild.bot_perms |= rights
    return guild


def contents(bot, path: str) -> list[str]:
    return [r.body["content"] for r in bot.fake.calls("POST", path)
            if isinstance(r.body, dict) and r.body.get("content")]


async def planned(bot) -> None:
    """The schedule planned, as the run loop plans a community it knows."""
    bot.core.schedules.seen(COMMUNITY)
    assert await bot.core.schedules.replan() == 1
    [timer] = await bot.store.open_timers(COMMUNITY, TimerKind.SCHEDULE.value)
    assert timer.due_at == DUE


@pytest.mark.parametrize(("locale", "lasts", "hours", "results"), [
    ("en", "90m", 2, "Poll closed: Next event?\n• AMA: 3 (60%)\n• Game night: 2 (40%)\n"
     "• Workshop: 0 (0%)\n5 voted."),
    ("fr", "1d", 24, "Sondage terminé : Next event?\n• AMA : 3 (60 %)\n"
     "• Game night : 2 (40 %)\n• Workshop : 0 (0 %)\n5 votant(s)."),
], ids=["english-90m", "french-1d"])
async def test_a_scheduled_poll_is_posted_ended_at_lasts_and_its_results_posted(
        tmp_path, locale, lasts, hours, results):
    clock = FakeClock(BEFORE)
    rules = RULES.format(locale=locale, lasts=lasts)
    async with running(tmp_path, rules, guild=server(), clock=clock) as bot:
        await planned(bot)
        clock.now = DUE
        assert await bot.core.timers.fire_due() == 1
        [sent] = [r for r in bot.fake.calls("POST", GENERAL_POSTS) if r.body.get("poll")]
        assert sent.body["poll"]["question"] == {"text": "Next event?"}
        assert [a["poll_media"]["text"] for a in sent.body["poll"]["answers"]] == [
            "AMA", "Game night", "Workshop"]
        assert sent.body["poll"]["duration"] == hours          # whole hours, rounded up
        assert not sent.body["poll"]["allow_multiselect"]
        message_id, _ = bot.fake.polls.only()
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert (row.kind, row.status, row.channel, row.message_id) == (
            "poll", "posted", str(g.GENERAL), str(message_id))
        [close] = await bot.store.open_timers(COMMUNITY, TimerKind.POLL_CLOSE.value)
        assert close.due_at == DUE + (timedelta(minutes=90) if lasts == "90m"
                                      else timedelta(days=1))

        bot.fake.polls.vote(message_id, 3, 2, 0)
        clock.now = close.due_at - timedelta(seconds=1)
        assert await bot.core.timers.fire_due() == 0            # not before `lasts`
        assert bot.fake.polls.ended == []
        clock.now = close.due_at
        assert await bot.core.timers.fire_due() == 1
        assert bot.fake.polls.ended == [message_id]
        assert bot.fake.calls("POST", f"/channels/{g.GENERAL}/polls/{message_id}/expire")
        assert contents(bot, GENERAL_POSTS) == [results]
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert (row.voters, row.counts, row.closed_at) == (5, (3, 2, 0), close.due_at)
        # the next Friday is planned; nothing went to the mod log
        [timer] = await bot.store.open_timers(COMMUNITY, TimerKind.SCHEDULE.value)
        assert timer.due_at == DUE + timedelta(days=7)
        assert contents(bot, LOG_POSTS) == []


async def test_a_poll_discord_already_ended_is_read_back_from_its_message(tmp_path):
    clock = FakeClock(BEFORE)
    async with running(tmp_path, RULES.format(locale="en", lasts="2h"), guild=server(),
                       clock=clock) as bot:
        await planned(bot)
        clock.now = DUE
        assert await bot.core.timers.fire_due() == 1
        message_id, _ = bot.fake.polls.only()
        bot.fake.polls.vote(message_id, 0, 0, 4)
        expire = f"/channels/{g.GENERAL}/polls/{message_id}/expire"
        bot.fake.respond("POST", expire, 400, {"message": "Poll expired", "code": 520001})
        clock.now = DUE + timedelta(hours=2)
        assert await bot.core.timers.fire_due() == 1
        assert [r.status for r in bot.fake.calls("POST", expire)] == [400]
        assert bot.fake.calls("GET", f"{GENERAL_POSTS}/{message_id}")
        assert contents(bot, GENERAL_POSTS) == [
            "Poll closed: Next event?\n• AMA: 0 (0%)\n• Game night: 0 (0%)\n"
            "• Workshop: 4 (100%)\n4 voted."]
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert (row.voters, row.counts) == (4, (0, 0, 4))


async def test_without_create_polls_the_poll_is_recorded_failed_and_the_mod_log_says_why(
        tmp_path):
    clock = FakeClock(BEFORE)
    async with running(tmp_path, RULES.format(locale="en", lasts="1h"), guild=server(0),
                       clock=clock) as bot:
        await planned(bot)
        clock.now = DUE
        with capture_logs() as logs:
            assert await bot.core.timers.fire_due() == 1
        assert bot.fake.calls("POST", GENERAL_POSTS) == []       # nothing was asked
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert row.status == "failed"
        assert row.error == "the bot lacks the Create Polls permission in #general"
        assert contents(bot, LOG_POSTS) == [
            "The scheduled poll friday-poll could not be posted in general: the bot lacks "
            "the Create Polls permission in #general."]
        [failed] = [e for e in logs if e["event"] == "schedule_poll_failed"]
        assert (failed["id"], failed["reason"]) == ("friday-poll", row.error)
        assert await bot.store.open_timers(COMMUNITY, TimerKind.POLL_CLOSE.value) == []


async def test_a_poll_discord_refuses_is_recorded_failed_in_french_too(tmp_path):
    clock = FakeClock(BEFORE)
    async with running(tmp_path, RULES.format(locale="fr", lasts="1h"), guild=server(),
                       clock=clock) as bot:
        await planned(bot)
        bot.fake.refuse("POST", GENERAL_POSTS)                   # 403, Missing Permissions
        clock.now = DUE
        assert await bot.core.timers.fire_due() == 1
        assert [r.status for r in bot.fake.calls("POST", GENERAL_POSTS)] == [403]  # once
        [row] = await bot.store.engagement_posts(COMMUNITY)
        assert row.status == "failed" and "50013" in row.error
        [told] = contents(bot, LOG_POSTS)
        assert told.startswith("Le sondage programmé friday-poll n'a pas pu être publié "
                               "dans general : ")
        assert "erreur Discord 50013, HTTP 403" in told


async def test_announce_posts_now_and_at_a_later_time_by_its_timer(tmp_path):
    clock = FakeClock(BEFORE)
    async with running(tmp_path, RULES.format(locale="en", lasts="1h"), guild=server(),
                       clock=clock, center=lambda bot: bot.core.commands) as bot:
        _, answer = await interact(bot, ix.command(
            bot.fake, "announce", {"channel": "general", "text": "Meetup in {community}!"},
            user=g.OWNER))
        assert answer.body["content"] == "Announcement posted in general."
        assert contents(bot, GENERAL_POSTS) == ["Meetup in Makers!"]

        _, answer = await interact(bot, ix.command(
            bot.fake, "announce", {"channel": "general", "text": "Doors open!", "at": "18:00"},
            user=g.OWNER))
        assert answer.body["content"] == (
            "Announcement planned in general for 2026-12-04 18:00 (Europe/Paris), "
            "2026-12-04 17:00 UTC.")
        [timer] = await bot.store.open_timers(COMMUNITY, TimerKind.ANNOUNCE.value)
        assert timer.due_at == datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
        clock.now = timer.due_at - timedelta(minutes=1)
        await bot.core.timers.fire_due()
        assert contents(bot, GENERAL_POSTS) == ["Meetup in Makers!"]
        clock.now = timer.due_at
        assert await bot.core.timers.fire_due() == 1
        assert contents(bot, GENERAL_POSTS) == ["Meetup in Makers!", "Doors open!"]
        rows = await bot.store.engagement_posts(COMMUNITY)
        assert [(r.kind, r.status) for r in rows] == [("announce", "posted")] * 2

        # a member without Manage Server is refused, and nothing is posted
        _, answer = await interact(bot, ix.command(
            bot.fake, "announce", {"channel": "general", "text": "Spam!"}, user=g.ALICE))
        assert answer.body["content"] and "Spam!" not in contents(bot, GENERAL_POSTS)
