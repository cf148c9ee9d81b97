"""Schedules and announcements through the core as `gardien run` builds it, on a real SQLite
file, across restarts: what was missed by less than an hour is posted at start, older is
skipped and logged, an edited schedule takes effect without re-posting, and an
announcement planned for later is posted once after a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from structlog.testing import capture_logs

from bot.command_model import Invocation
from bot.core import Core, build_core
from bot.engagement.publish import Occurrence
from bot.posts import Channel
from bot.rulebook import Rulebook
from bot.scheduler import TimerKind
from storage.sqlite import SQLiteStore
from tests.newcomers.bench import BOT, COMMUNITY, MOD, PostingAdapter
from tests.runtime.fakes import FakeClock

RULES = """\
version: 1
name: Makers
timezone: Europe/Paris
schedule:
  - id: question
    at: "{at}"
    channel: general
    post: ["What are you building, {{community}}?", "Share a win!"]
rules:
  - id: no-insults
    match: {{words: [moron]}}
    actions: [delete]
"""
NINE = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)     # 09:00 in Paris (UTC+1)
TEN = NINE + timedelta(hours=1)                     # the daily "10:00"


@asynccontextmanager
async def bot(tmp_path: Path, clock: FakeClock, adapter: PostingAdapter,
              at: str = "10:00") -> AsyncIterator[Core]:
    """One run of the bot: opened, started and resumed (overdue timers fired), stopped."""
    path = tmp_path / "rules.yaml"
    if not path.exists():
        path.write_text(RULES.format(at=at), encoding="utf-8")
    store = SQLiteStore(tmp_path / "gardien.db", clock=clock)
    await store.open()
    try:
        rulebook = Rulebook(path, {COMMUNITY: path}, store)
        await rulebook.load()
        core = build_core(store, rulebook, [adapter], clock=clock)
        await core.start()
        await core.resume(connect_timeout=0.1)
        await core.schedules.replan()
        yield core
        assert await core.drain(timeout=5)
    finally:
        await store.close()


def texts(adapter: PostingAdapter) -> list[tuple[str, str]]:
    return [(post.to.ref if isinstance(post.to, Channel) else "?", post.text)
            for _, post in adapter.posts]


async def test_an_occurrence_missed_by_less_than_an_hour_is_posted_at_start_once(tmp_path):
    clock, adapter = FakeClock(NINE), PostingAdapter()
    async with bot(tmp_path, clock, adapter) as core:
        [timer] = await core.store.open_timers(COMMUNITY, TimerKind.SCHEDULE.value)
        assert timer.due_at == TEN
    clock.now = TEN + timedelta(minutes=40)           # the bot was down at 10:00
    async with bot(tmp_path, clock, adapter):
        pass
    assert texts(adapter) == [("general", "What are you building, Makers?")]
    clock.now += timedelta(minutes=5)                 # restarted again: not posted twice
    async with bot(tmp_path, clock, adapter) as core:
        [timer] = await core.store.open_timers(COMMUNITY, TimerKind.SCHEDULE.value)
        assert timer.due_at == TEN + timedelta(days=1)
    assert len(adapter.posts) == 1


async def test_older_occurrences_are_skipped_and_logged_with_their_count(tmp_path):
    clock, adapter = FakeClock(NINE), PostingAdapter()
    async with bot(tmp_path, clock, adapter):
        pass
    clock.now = TEN + timedelta(days=2, hours=3)      # three 10:00s missed, all > 1 h ago
    with capture_logs() as logs:
        async with bot(tmp_path, clock, adapter) as core:
            [timer] = await core.store.open_timers(COMMUNITY, TimerKind.SCHEDULE.value)
    assert adapter.posts == []
    skipped = [entry for entry in logs if entry["event"] == "schedule_skipped"]
    assert [(e["id"], e["count"]) for e in skipped] == [("question", 3)]
    assert timer.due_at == TEN + timedelta(days=3)


async def test_an_edited_schedule_takes_effect_and_never_reposts(tmp_path):
    clock, adapter = FakeClock(NINE), PostingAdapter()
    async with bot(tmp_path, clock, adapter) as core:
        clock.now = TEN
        assert await core.timers.fire_due() == 1
        assert texts(adapter) == [("general", "What are you building, Makers?")]
        # the admin edits the file at 10:00:30: 10:00 and 11:00 every day
        clock.now = TEN + timedelta(seconds=30)
        (tmp_path / "rules.yaml").write_text(RULES.format(at="0 10,11 * * *"),
                                             encoding="utf-8")
        assert (await core.rulebook.reload())[tmp_path / "rules.yaml"] == "reloaded"
        assert await core.schedules.replan() == 1
        [timer] = await core.store.open_timers(COMMUNITY, TimerKind.SCHEDULE.value)
        assert timer.due_at == TEN + timedelta(hours=1)    # not 10:00 again
        # the same occurrence handed over once more (a duplicate timer): still posted once
        item = core.rulebook.for_community(COMMUNITY).schedule[0]
        again = await core.schedules.publisher.send(
            Occurrence(COMMUNITY, item.id, TEN, item.channel, item.posts))
        assert again == "already posted"
        clock.now = TEN + timedelta(hours=1)
        assert await core.timers.fire_due() == 1
    # the rotation goes on from the recorded count: the second text at 11:00
    assert texts(adapter) == [("general", "What are you building, Makers?"),
                              ("general", "Share a win!")]


def announce(at: str | None, text: str = "Meetup tonight in {community}!") -> Invocation:
    options = {"channel": "#news", "text": text, **({"at": at} if at else {})}
    return Invocation(community=COMMUNITY, command="announce", invoker=MOD, bot=BOT,
                      options=options, channel="c1")


async def test_announce_at_a_time_is_posted_once_after_a_restart(tmp_path):
    clock, adapter = FakeClock(NINE), PostingAdapter()
    async with bot(tmp_path, clock, adapter) as core:
        answer = await core.commands.invoke(announce("18:00"))
        assert not answer.refused, answer.text
        assert "2026-11-30 18:00 (Europe/Paris)" in answer.text
        assert "2026-11-30 17:00 UTC" in answer.text
        refused = await core.commands.invoke(announce("18:00", "Hi {mention}"))
        assert refused.refused and "{community}" in refused.text
        late = await core.commands.invoke(announce("2026-11-29 10:00"))
        assert late.refused and "already passed" in late.text
    assert adapter.posts == []
    clock.now = datetime(2026, 11, 30, 17, 20, tzinfo=UTC)   # down at 18:00 local
    async with bot(tmp_path, clock, adapter):
        pass
    async with bot(tmp_path, clock, adapter):
        pass
    assert texts(adapter) == [("news", "Meetup tonight in Makers!")]


async def test_announce_now_is_posted_at_once(tmp_path):
    clock, adapter = FakeClock(NINE), PostingAdapter()
    async with bot(tmp_path, clock, adapter) as core:
        answer = await core.commands.invoke(announce(None, "Welcome to {community}"))
        assert not answer.refused and answer.private
        rows = await core.store.engagement_posts(COMMUNITY)
    assert texts(adapter) == [("news", "Welcome to Makers")]
    assert [(r.kind, r.status) for r in rows] == [("announce", "posted")]
