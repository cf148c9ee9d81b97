"""Reports' engagement part, live: the scheduled posts sent in the period, and the messages
the community wrote in the hour after each (counted by the running bot, written when the
hour is over, or at shutdown as a lower bound)."""

from __future__ import annotations

from datetime import timedelta

from bot.insight.text import summary_text
from rules.events import Member, Message
from tests.newcomers.bench import COMMUNITY, PostingAdapter
from tests.runtime.fakes import FakeClock

from .test_schedules import TEN, bot, texts


def said(clock: FakeClock, n: int) -> Message:
    return Message(id=f"m{n}", community=COMMUNITY, at=clock(),
                   user=Member(id=f"u{n % 3}", name=f"u{n % 3}"), text=f"hello {n}",
                   channel="general")


async def test_the_messages_in_the_hour_after_a_post_are_in_the_report(tmp_path):
    clock, adapter = FakeClock(TEN - timedelta(minutes=1)), PostingAdapter()
    async with bot(tmp_path, clock, adapter) as core:
        clock.now = TEN
        await core.timers.fire_due()
        assert texts(adapter) == [("general", "What are you building, Makers?")]
        for n in range(7):                       # 7 messages within the hour...
            clock.now = TEN + timedelta(minutes=5 + 5 * n)
            await core.handle(said(clock, n))
        clock.now = TEN + timedelta(minutes=70)  # ...and one after it, which closes it
        await core.handle(said(clock, 99))
        await core.insight.flush()
        day = TEN.date()
        report = await core.insight.report(COMMUNITY, day, day + timedelta(days=1))
    engagement = report["engagement"]
    assert (engagement["posts"], engagement["polls"], engagement["announcements"]) == (1, 0, 0)
    (item,) = engagement["items"]
    assert item["id"] == "question" and item["kind"] == "post"
    assert item["messages_next_hour"] == 7 and item["hour_complete"] is True
    assert engagement["messages_after_post_mean"] == 7.0
    assert "1 scheduled posts" in summary_text(report, "en")
    assert "7.0 on average" in summary_text(report, "en")


async def test_an_hour_cut_by_a_shutdown_is_kept_as_a_lower_bound(tmp_path):
    clock, adapter = FakeClock(TEN - timedelta(minutes=1)), PostingAdapter()
    async with bot(tmp_path, clock, adapter) as core:
        clock.now = TEN
        await core.timers.fire_due()
        for n in range(3):
            clock.now = TEN + timedelta(minutes=1 + n)
            await core.handle(said(clock, n))
        await core.insight.flush(final=True)     # what gardien run does at shutdown
    async with bot(tmp_path, clock, adapter) as core:
        day = TEN.date()
        report = await core.insight.report(COMMUNITY, day, day + timedelta(days=1))
    (item,) = report["engagement"]["items"]
    assert item["messages_next_hour"] == 3 and item["hour_complete"] is False


async def test_a_period_without_posts_has_no_engagement_part(tmp_path):
    clock, adapter = FakeClock(TEN - timedelta(minutes=1)), PostingAdapter()
    async with bot(tmp_path, clock, adapter) as core:
        day = TEN.date() - timedelta(days=3)
        report = await core.insight.report(COMMUNITY, day, day + timedelta(days=1))
    assert "engagement" not in report
