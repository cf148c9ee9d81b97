"""Counting off the hot path: messages are counted in memory and written in batches; a
write that fails keeps the counts for the next one; finished days fold; no text is kept."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime, timedelta

from structlog.testing import capture_logs

from bot.insight.live import read_period
from bot.insight.model import as_json
from rules.events import Join, Member, Message
from storage.sqlite import SQLiteStore

from .harness import live, write_files

COMMUNITY = "discord:9"
DAY = date(2026, 11, 3)
T = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)     # 10:00 in Paris


class CountingStore(SQLiteStore):
    """The real store, counting every write handed to its writer."""

    writes = 0

    async def _write(self, operation):  # type: ignore[no-untyped-def]
        self.writes += 1
        return await super()._write(operation)


def chat(n: int, at: datetime, text: str = "hello there") -> Message:
    return Message(id=f"m{n}", community=COMMUNITY, at=at,
                   user=Member(id=f"u{n % 40}", name=f"user{n % 40}"), text=text,
                   channel=("general", "help")[n % 2])


async def stored(store, community=COMMUNITY, start=DAY, days=1) -> dict:
    """The report of what the database holds alone (nothing from memory)."""
    period = await read_period(store, community, "Europe/Paris", start,
                               start + timedelta(days=days))
    return as_json(period.report(locale="en"))


async def test_a_thousand_messages_are_a_handful_of_writes(tmp_path):
    _, rules, _ = write_files(tmp_path, [])
    store = CountingStore(tmp_path / "gardien.db")
    async with live(tmp_path, rules, store=store) as bot:
        insight = bot.core.insight
        insight.flush_every = 0.02
        stop = asyncio.Event()
        flusher = asyncio.create_task(insight.run(stop))
        before = store.writes
        for n in range(1000):
            await bot.core.handle(chat(n, T + timedelta(seconds=n)))
            if n % 100 == 99:
                await asyncio.sleep(0.03)   # a flush or so between bursts
        stop.set()
        await flusher
        writes = store.writes - before
        report = await stored(store)
    assert 2 <= writes <= 40, writes          # one per flush (and a fold), never one a message
    assert report["messages"] == 1000 and report["active_members"] == 40
    assert report["channels"] == [{"channel": "general", "messages": 500},
                                  {"channel": "help", "messages": 500}]
    assert report["hours"][10] == 1000 and report["daily"][0]["messages"] == 1000


async def test_a_failed_flush_keeps_the_counts_and_writes_them_once_later(tmp_path):
    _, rules, _ = write_files(tmp_path, [])
    async with live(tmp_path, rules) as bot:
        insight = bot.core.insight
        for n in range(10):
            await bot.core.handle(chat(n, T + timedelta(seconds=n)))
        await bot.core.handle(Join(id="j1", community=COMMUNITY, at=T, user=Member("new")))
        # the database refuses the batch half-way (membership rows come after the counts)
        side = sqlite3.connect(tmp_path / "gardien.db")
        side.execute("CREATE TRIGGER refuse BEFORE INSERT ON insight_membership "
                     "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        side.commit()
        with capture_logs() as logs:
            assert await insight.flush() == 0          # no exception: the pipeline goes on
            await bot.core.handle(chat(10, T + timedelta(seconds=10)))
            assert await insight.flush() == 0          # still refused: logged once
            assert (await stored(bot.store))["messages"] == 0   # all or nothing per batch
            now = as_json(await insight.report(COMMUNITY, DAY, DAY + timedelta(days=1)))
            assert now["messages"] == 11 and now["joins"] == 1     # still counted, in memory
            side.execute("DROP TRIGGER refuse")
            side.commit()
            assert await insight.flush() > 0
            assert await insight.flush() == 0           # nothing left: written once
        side.close()
        failed = [e for e in logs if e["event"] == "insight_flush_failed"]
        assert len(failed) == 1 and "disk says no" in failed[0]["error"]
        assert [e["event"] for e in logs if e["event"] == "insight_flush_recovered"] == [
            "insight_flush_recovered"]
        report = await stored(bot.store)
        assert (report["messages"], report["joins"], report["newcomers"]["joined"]) == (
            11, 1, 1)
        assert report == now


async def test_finished_days_fold_and_late_rows_still_add_up(tmp_path):
    _, rules, _ = write_files(tmp_path, [])
    store = SQLiteStore(tmp_path / "gardien.db")
    async with live(tmp_path, rules, store=store) as bot:
        insight = bot.core.insight
        for n in range(30):   # 10 a day over three days
            await bot.core.handle(chat(n, T + timedelta(days=n // 10, minutes=n)))
        await insight.flush()
        unfolded = await stored(store, days=3)
        bot.clock.now = T + timedelta(days=3)
        assert await insight.fold() == 2           # Nov 3 and 4: over everywhere by Nov 6
        assert await insight.fold() == 0
        assert await stored(store, days=3) == unfolded
        # a late message for a folded day (a flush that failed then, a delayed event)
        await bot.core.handle(chat(99, T + timedelta(hours=1)))
        await insight.flush()
        late = await stored(store, days=3)
        assert late["daily"][0]["messages"] == 11 and late["active_members"] == 30
        assert await insight.fold() == 1           # folded into the day's row
        assert await stored(store, days=3) == late
    assert unfolded["messages"] == 30 and [d["messages"] for d in unfolded["daily"]] == [
        10, 10, 10]


async def test_message_texts_never_reach_the_database(tmp_path):
    _, rules, _ = write_files(tmp_path, [])
    async with live(tmp_path, rules) as bot:
        for n in range(5):
            await bot.core.handle(chat(n, T + timedelta(seconds=n), "a-private-phrase"))
        await bot.core.insight.flush()
        assert (await stored(bot.store))["messages"] == 5
    files = [tmp_path / name for name in ("gardien.db", "gardien.db-wal")]
    assert all(b"a-private-phrase" not in f.read_bytes() for f in files if f.exists())
