"""The weekly report: one durable timer per community at its next slot, the week's report
posted to the log channel with its chart, once per slot, and what was missed while the bot
was down posted once (the latest week), not once per missed week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.background import Background
from bot.insight.compute import build_report
from bot.insight.model import Report
from bot.insight.tally import Tally
from bot.insight.weekly import WeeklyReports
from bot.platforms import Platforms
from bot.posts import LogChannel
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler, TimerKind
from rules.events import Member, Message
from storage.sqlite import SQLiteStore
from tests.newcomers.bench import COMMUNITY, PostingAdapter
from tests.runtime.fakes import FakeClock

RULES = """\
version: 1
name: Weekly
locale: fr
timezone: Europe/Paris
log_channel: mod-log
reports: {every: "mon 09:00"}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
FRIDAY = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
MONDAY_SLOT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)   # 09:00 in Paris (UTC+1)
PNG = b"\x89PNG\r\n\x1a\n"


class TallyReports:
    """The report from a Tally fed here (the live insight builds the same from SQLite)."""

    def __init__(self) -> None:
        self.tally = Tally(lambda community: "Europe/Paris")
        self.asked: list[tuple[date, date]] = []

    def say(self, at: datetime, text: str, user: str = "u1") -> None:
        self.tally.feed(Message(id=f"m{at.timestamp()}", community=COMMUNITY, channel="general",
                                at=at, user=Member(id=user, name=user), text=text))

    async def report(self, community: str, start: date, end: date) -> Report:
        self.asked.append((start, end))
        return build_report(self.tally, community, start, end, locale="fr")


async def parts(tmp_path, clock: FakeClock, rules: str = RULES):  # type: ignore[no-untyped-def]
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    store = SQLiteStore(tmp_path / "gardien.db", clock=clock)
    await store.open()
    rulebook = Rulebook(tmp_path / "rules.yaml", {}, store)
    await rulebook.load()
    adapter = PostingAdapter()
    reports = TallyReports()
    background = Background()
    weekly = WeeklyReports(store, rulebook, Scheduler(store), Platforms([adapter]), reports,
                           background, clock)
    return store, adapter, reports, weekly, background


async def test_a_community_gets_one_timer_at_its_next_slot_and_the_week_is_posted(tmp_path):
    clock = FakeClock(FRIDAY)
    store, adapter, reports, weekly, background = await parts(tmp_path, clock)
    try:
        reports.say(FRIDAY - timedelta(days=1), "hello")
        weekly.seen(COMMUNITY)
        weekly.seen(COMMUNITY)          # checked once per schedule, not per event
        assert await background.drain(timeout=5)
        [timer] = await store.open_timers(COMMUNITY, TimerKind.WEEKLY_REPORT)
        assert timer.due_at == MONDAY_SLOT
        clock.now = MONDAY_SLOT
        assert await weekly.fire(timer, clock.now) == "posted"
        assert reports.asked == [(date(2026, 11, 16), date(2026, 11, 23))]
        [(_community, post)] = adapter.posts
        assert post.to == LogChannel("mod-log") and post.image is not None
        assert post.image.data.startswith(PNG) and "1" in post.text   # one message, in French
        await store.complete_timer(timer.id, "posted", clock.now)
        [following] = await store.open_timers(COMMUNITY, TimerKind.WEEKLY_REPORT)
        assert following.due_at == MONDAY_SLOT + timedelta(days=7)
    finally:
        await store.close()


async def test_weeks_missed_while_down_are_posted_once_then_the_next_slot(tmp_path):
    clock = FakeClock(FRIDAY)
    store, adapter, _reports, weekly, _background = await parts(tmp_path, clock)
    try:
        timer = await weekly.ensure(COMMUNITY)
        assert timer is not None
        clock.now = MONDAY_SLOT + timedelta(days=15, hours=3)   # three slots passed while down
        assert await weekly.ensure(COMMUNITY) == timer          # the overdue one is kept
        assert await weekly.fire(timer, clock.now) == "posted"
        await store.complete_timer(timer.id, "posted", clock.now)
        assert len(adapter.posts) == 1
        [following] = await store.open_timers(COMMUNITY, TimerKind.WEEKLY_REPORT)
        assert following.due_at == MONDAY_SLOT + timedelta(days=21)   # after now, once
    finally:
        await store.close()


async def test_a_schedule_removed_or_changed_moves_or_drops_the_timer(tmp_path):
    clock = FakeClock(FRIDAY)
    store, adapter, _reports, weekly, _background = await parts(tmp_path, clock)
    try:
        await weekly.ensure(COMMUNITY)
        (tmp_path / "rules.yaml").write_text(RULES.replace("mon 09:00", "fri 18:30"), "utf-8")
        await weekly.rulebook.reload(force=True)
        timer = await weekly.ensure(COMMUNITY)
        assert timer is not None and timer.due_at == datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
        assert len(await store.open_timers(COMMUNITY, TimerKind.WEEKLY_REPORT)) == 1
        (tmp_path / "rules.yaml").write_text(RULES.replace('reports: {every: "mon 09:00"}\n',
                                                           ""), "utf-8")
        await weekly.rulebook.reload(force=True)
        assert await weekly.fire(timer, clock.now) == "schedule changed"
        assert adapter.posts == []
        assert await weekly.ensure(COMMUNITY) is None
        assert await store.open_timers(COMMUNITY, TimerKind.WEEKLY_REPORT) == []
    finally:
        await store.close()
