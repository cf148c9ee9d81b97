"""When the ledger cannot be written, nothing is carried out unrecorded (issue 11, item 8).

The store is the real SQLite file; its write connections (aiosqlite's, and the event loop's
one that light writes take) are switched to `query_only`, so every write is refused by SQLite
itself, as with a full disk or damaged pages, and back.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import structlog

from bot.ledger import LedgerUnavailable
from bot.posts import LogChannel
from tests.runtime.harness import message

from .bench import COMMUNITY, MEMBER, bench


async def refuse_writes(b, refused: bool) -> None:
    pragma = f"PRAGMA query_only = {'ON' if refused else 'OFF'}"
    await b.store._write_conn.execute(pragma)   # the real connections: SQLite refuses,
    b.store._inline._db.execute(pragma)         # nothing is faked


async def until(check, timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_decisions_are_held_while_the_store_refuses_and_carried_out_after(tmp_path):
    async with bench(tmp_path) as b:
        stop = asyncio.Event()
        retrying = asyncio.create_task(b.core.ledger.run(stop))
        await refuse_writes(b, True)
        with structlog.testing.capture_logs() as logs:
            for n in range(5):
                await b.adapter.push(message("you moron", f"u{n}", at=b.clock()))
            assert await b.core.drain(timeout=10)
            assert b.core.ledger.down and b.core.ledger.held() == 5
            assert b.adapter.kinds() == []          # nothing carried out unrecorded
            assert await b.cases() == []
            # one error for the incident, not one per message; moderators told once
            assert [e["event"] for e in logs if e["log_level"] == "error"] == [
                "ledger_unavailable"]
            notices = [p.text for p in b.adapter.log_posts()]
            assert len(notices) == 1 and "cannot write its ledger" in notices[0]
            # the command path answers plainly, without a case
            answer = await b.run("warn", target=MEMBER, reason="rude")
            assert answer.text.startswith("Nothing was done: the ledger cannot be written")
            await refuse_writes(b, False)
            await until(lambda: b.core.ledger.held() == 0)
            assert await b.core.drain(timeout=10)
        cases = await b.cases()
        assert sorted(c.user for c in cases) == [f"u{n}" for n in range(5)]
        assert {c.status for c in cases} == {"done"}
        assert b.adapter.kinds().count("delete") == 5 and b.adapter.kinds().count("warn") == 5
        assert not b.core.ledger.down
        assert [e["event"] for e in logs if e["event"].startswith("ledger_")] == [
            "ledger_unavailable", "ledger_recovered"]
        [resumed] = [p for p in b.adapter.log_posts() if "ledger takes writes again" in p.text]
        assert resumed.to == LogChannel("mod-log")
        stop.set()
        await retrying


async def test_an_outage_that_lasts_stops_the_bot_loudly(tmp_path):
    async with bench(tmp_path) as b:
        stop = asyncio.Event()
        await refuse_writes(b, True)
        await b.adapter.push(message("you moron", "u1", at=b.clock()))
        assert await b.core.drain(timeout=10)
        assert b.core.ledger.held() == 1
        b.clock.advance(minutes=11)     # past the ten minutes the bot waits for the store
        await asyncio.wait_for(b.core.ledger.run(stop), timeout=10)
        assert b.core.ledger.broken.is_set()
        assert b.core.ledger.lost() == 1 and b.adapter.kinds() == []
        await refuse_writes(b, False)
        assert await b.store.cases(COMMUNITY) == []
        assert timedelta(minutes=11) > b.core.ledger.give_up_after


async def test_a_lifting_that_falls_due_during_an_outage_is_not_lost(tmp_path):
    async with bench(tmp_path) as b:
        await b.adapter.push(message("tempban", "u1", at=b.clock()))   # a 1-day ban
        assert await b.core.drain(timeout=10)
        b.clock.advance(days=1, minutes=1)
        await refuse_writes(b, True)
        with pytest.raises(LedgerUnavailable):
            await b.core.timers.fire_due()
        assert b.adapter.kinds() == ["ban"]               # not unbanned unrecorded
        assert len(await b.store.due_timers(b.clock())) == 1   # still due, not completed
        await refuse_writes(b, False)
        assert await b.core.timers.fire_due() == 1
        assert b.adapter.kinds() == ["ban", "unban"]
        assert [c.action for c in await b.cases()] == ["ban", "unban"]
