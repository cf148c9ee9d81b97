"""`stats [period]` answered with the summary and the chart, and the weekly report posted by
the timer runner, both through the real core (pipeline, live counts, SQLite, timers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.command_model import MODERATE, Authority
from bot.posts import LogChannel
from rules.events import Member, Message
from tests.newcomers.bench import COMMUNITY, bench
from tests.runtime.fakes import FakeClock

RULES = """\
version: 1
name: Stats
timezone: Europe/Paris
log_channel: mod-log
reports: {every: "mon 09:00"}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
MODERATOR = Authority("2", "mod", rank=5, rights=frozenset({MODERATE}))
MEMBER = Authority("10", "bob", rank=1)
FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n"


async def say(b, text: str, user: str) -> None:  # type: ignore[no-untyped-def]
    await b.core.handle(Message(id=f"m{b.clock.now.timestamp()}-{user}", community=COMMUNITY,
                                at=b.clock.now, user=Member(id=user, name=f"user{user}"),
                                text=text, channel="general"))
    await b.drain()


async def test_stats_answers_a_moderator_with_the_figures_and_the_chart(tmp_path):
    async with bench(tmp_path, RULES, clock=FakeClock(FRIDAY)) as b:
        for n in range(5):
            await say(b, f"hello {n}", user=str(100 + n % 2))
        answer = await b.invoke("stats", MODERATOR, period="7d")
        assert not answer.refused and answer.private
        assert answer.image is not None and answer.image.data.startswith(PNG)
        assert "5" in answer.text and "2" in answer.text   # 5 messages, 2 active members
        refused = await b.invoke("stats", MEMBER)
        assert refused.refused and refused.image is None    # moderators only


async def test_the_weekly_report_is_posted_by_the_timers_once_per_slot(tmp_path):
    async with bench(tmp_path, RULES, clock=FakeClock(FRIDAY)) as b:
        await say(b, "hello", user="100")          # the community is seen: its timer set
        monday = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)   # 09:00 in Paris
        b.clock.now = monday - timedelta(minutes=1)
        await b.timers.fire_due()
        assert b.adapter.posted("log:") == []
        b.clock.now = monday + timedelta(seconds=1)
        await b.timers.fire_due()
        await b.timers.fire_due()                  # the same slot is never posted twice
        await b.drain()
        [post] = b.adapter.posted("log:")
        assert post.to == LogChannel("mod-log")
        assert post.image is not None and post.image.data.startswith(PNG)


async def test_a_slot_missed_while_the_bot_was_down_is_posted_once_at_the_next_start(tmp_path):
    clock = FakeClock(FRIDAY)
    async with bench(tmp_path, RULES, clock=clock, start=True) as b:
        await say(b, "hello", user="100")          # first run: the timer is written
        await b.drain()
    clock.now = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)   # two Mondays later, bot was down
    async with bench(tmp_path, RULES, clock=clock, start=True) as b:   # start: overdue fired
        await b.drain()
        [post] = b.adapter.posted("log:")
        assert post.image is not None
        await b.timers.fire_due()
        await b.drain()
        assert len(b.adapter.posted("log:")) == 1    # once, not once per missed Monday
