"""The retention on a real database aged by an injected clock (storage/retention.py)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.insight.live import read_period
from storage import NewCase, NewTimer, SQLiteStore, StoreError
from storage.archives import KeptMessage
from storage.insight import InsightRows
from storage.inventory import PERSONAL
from storage.retention import RULES, Periods, check_inventory
from storage.watch import WatchHit

T0 = datetime(2022, 1, 10, 12, tzinfo=UTC)      # when the old data was written
NOW = T0 + timedelta(days=800)                   # when it is pruned: past every default
C = "discord:1"


def at(days: float) -> datetime:
    """`days` days before NOW."""
    return NOW - timedelta(days=days)


def dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def test_every_personal_table_has_the_rule_of_its_declared_key() -> None:
    check_inventory()
    for entry in PERSONAL:
        assert RULES[entry.table] == entry.retention, entry.table


async def _case(store: SQLiteStore, user: str, when: datetime, **extra: object) -> int:
    case = await store.open_case(NewCase(community=C, user=user, action="warn", rule="spam",
                                         reason="said X", evidence="the bad words",
                                         created_at=when, points=2, **extra))  # type: ignore[arg-type]
    await store.finish_case(C, case.number, "done", at=when)
    return case.number


async def test_each_table_follows_its_retention_key(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    async with SQLiteStore(path) as store:
        old = await _case(store, "111", at(760), moderator="999")
        old2 = await _case(store, "111", at(750))
        young = await _case(store, "111", at(100))       # evidence past 90d, case kept
        fresh = await _case(store, "222", at(10))
        timed = await _case(store, "333", at(740))       # a timeout still running
        await store.schedule(NewTimer(community=C, user="333", kind="untimeout",
                                      due_at=NOW + timedelta(days=1), case_number=timed))
        appealed = await _case(store, "444", at(740))    # appeal decided 30 days ago
        appeal = await store.open_appeal(C, appealed, "444", "unfair", at(739))
        assert appeal is not None
        await store.decide_appeal(appeal.id, "denied", "999", at(30))
        await store.amend_reason(C, old, "new reason", by="999", at=at(759))
        await store.add_note(C, "111", "999", "watch him", at(400))
        await store.add_note(C, "111", "999", "recent", at(300))
        await store.add_report(C, "555", at(100), user="111", reason="rude", excerpt="quote")
        await store.add_report(C, "555", at(80), user="111", reason="rude2", excerpt="quote2")
        await store.add_watch_hits([
            WatchHit(C, "111", "acme", -0.5, at(500), message_id="m1", excerpt="acme sucks"),
            WatchHit(C, "111", "acme", -0.5, at(100), message_id="m2", excerpt="acme bad"),
            WatchHit(C, "111", "acme", 0.5, at(5), message_id="m3", excerpt="acme ok")])
        await store.keep_messages([
            KeptMessage(C, "general", "a1", "111", at(500), author_name="Bob", text="hi"),
            KeptMessage(C, "general", "a2", "111", at(10), author_name="Bob", text="yo")])
        await store.save_cooldown(C, "111", "spam", at(1))
        await store.save_cooldown(C, "222", "spam", NOW + timedelta(hours=1))
        done_timer = await store.schedule(
            NewTimer(community=C, user="111", kind="unban", due_at=at(3)))
        await store.complete_timer(done_timer.id, "done", at(2))
    async with SQLiteStore(path, clock=lambda: NOW) as store:
        done = await store.prune(Periods())
        cases = {c.number: c for c in await store.cases(C)}
        # cases: the two old ones pseudonymised, one pseudonym for the same member
        assert cases[old].user == cases[old2].user != "111"
        assert cases[old].user.startswith("anon-") and cases[old].moderator.startswith("anon-")
        assert (cases[old].reason, cases[old].evidence) == ("", "")
        # evidence blanked past 90 days, the case itself kept
        assert cases[young].user == "111" and cases[young].evidence == ""
        assert cases[young].reason == "said X"
        assert cases[fresh].evidence == "the bad words"
        # a running timer and a recent appeal keep their case whole
        assert cases[timed].user == "333" and cases[timed].reason == "said X"
        assert cases[appealed].user == "444"
        assert await store.points_since(C, "111", at(800)) == [
            p for p in await store.points_since(C, "111", at(800)) if p.at > at(700)]
        assert len(await store.points_since(C, "111", at(800))) == 1   # young's only
        changes = await store.case_changes(C, old)
        assert [(ch.by.startswith("anon-"), ch.old, ch.new) for ch in changes] == [
            (True, "", "")]
        assert [n.text for n in await store.notes(C, "111")] == ["recent"]
        reports = await store.reports_since(C, "555", at(800))
        assert sorted((r.excerpt, r.reason) for r in reports) == [("", ""), ("quote2", "rude2")]
        hits = await store.watch_hits(C, at(800), NOW)
        assert sorted((h.message_id, h.excerpt) for h in hits) == [("m2", ""), ("m3", "acme ok")]
        assert [c.user for c in await store.cooldowns_after(at(800))] == ["222"]
        assert await store.due_timers(NOW) == []
        assert done.tables["notes"] == {"deleted": 1}
        assert done.tables["cases"] == {"evidence_blanked": 5, "pseudonymised": 2}
        assert done.tables["archived_messages"] == {"deleted": 1}
        assert done.tables["timers"] == {"deleted": 1}
        assert done.tables["points"] == {"deleted": 2}
        again = await store.prune(Periods())
        assert again.tables == {}   # nothing left to do: a re-run changes nothing
    text = dump(path)
    for gone in ("watch him", "acme sucks", "'rude'", "new reason", "Bob','hi"):
        assert gone not in text
    assert text.count("the bad words") == 1   # the fresh case's evidence only
    conn = sqlite3.connect(path)
    kept = conn.execute("SELECT message_id FROM archived_messages").fetchall()
    assert kept == [("a2",)]
    assert conn.execute("SELECT count(*) FROM cases WHERE user = '111' OR moderator = '111'"
                        ).fetchone() == (1,)   # only the young case


async def test_custom_durations_from_the_config(tmp_path: Path) -> None:
    from bot.config import load_config
    from bot.privacy.retention import periods

    cfg = tmp_path / "gardien.yaml"
    cfg.write_text(f"storage: {tmp_path / 'g.db'}\nprivacy:\n  retention:\n    notes: 10d\n")
    config = load_config(cfg)
    async with SQLiteStore(config.storage) as store:
        await store.add_note(C, "1", "2", "eleven days", at(11))
        await store.add_note(C, "1", "2", "nine days", at(9))
    async with SQLiteStore(config.storage) as store:
        await store.prune(periods(config.retention), NOW)
        assert [n.text for n in await store.notes(C, "1")] == ["nine days"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("privacy:\n  retention:\n    notes: 0d\n    cases: soon\n")
    with pytest.raises(Exception) as refused:
        load_config(bad)
    assert "bad.yaml:4:12" in str(refused.value) and "not a duration" in str(refused.value)
    short = tmp_path / "short.yaml"   # a case must stay appealable for 180 days
    short.write_text("privacy:\n  retention:\n    cases: 90d\n")
    with pytest.raises(Exception) as refused:
        load_config(short)
    assert "short.yaml:3:12" in str(refused.value) and "at least 180d" in str(refused.value)


def _activity(days: int, start: date) -> InsightRows:
    rows = InsightRows()
    for n in range(days):
        day = (start + timedelta(days=n)).isoformat()
        moment = datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC).timestamp()
        for member in ("a", "b", str(n % 3)):
            rows.members.append((C, day, member, 2 + n % 2, moment + 60))
            rows.hours.append((C, day, 10, 2 + n % 2))
        rows.membership.append((C, day, f"new{n}", moment, "join"))
        if n % 4 == 0:
            rows.membership.append((C, day, f"new{n}", moment + 3600, "leave"))
            rows.membership.append((C, day, "a", moment + 7200, "leave"))
            rows.membership.append((C, day, "a", moment + 7300, "join"))
    return rows


async def test_reports_agree_before_and_after_pruning(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    start = (NOW - timedelta(days=420)).date()
    async with SQLiteStore(path) as store:
        await store.write_insight_rows(_activity(40, start))
        await store.fold_insight_days(start + timedelta(days=10))   # some days folded already
    first, end = start + timedelta(days=2), start + timedelta(days=38)   # straddles the cut

    async def report(store: SQLiteStore) -> dict[str, object]:
        period = await read_period(store, C, "UTC", first, end)
        result = period.report()
        return {k: result[k] for k in ("messages", "active_members", "communicators", "joins",
                                       "leaves", "daily", "newcomers")}

    async with SQLiteStore(path) as store:
        before = await report(store)
        done = await store.prune(Periods(), NOW)
        assert done.tables["insight_members"]["folded"] > 0
        assert done.tables["insight_membership"]["pseudonymised"] > 0
        after = await report(store)
    assert after == before
    assert before["active_members"] == 5 and before["leaves"] > 0
    conn = sqlite3.connect(path)
    cut = (NOW - timedelta(days=400)).date().isoformat()
    assert conn.execute("SELECT count(*) FROM insight_members WHERE day < ?", (cut,)
                        ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM insight_membership WHERE day < ? AND "
                        "member NOT LIKE 'anon-%'", (cut,)).fetchone() == (0,)
    members = conn.execute("SELECT members FROM insight_member_days WHERE day < ?",
                           (cut,)).fetchall()
    assert members and all('"a"' not in m and '"b"' not in m for (m,) in members)


async def test_removed_community_is_erased_after_its_delay(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    gone, kept = "telegram:-100", C
    async with SQLiteStore(path) as store:
        for community in (gone, kept):
            case = await store.open_case(NewCase(community=community, user="1", action="warn",
                                                 rule="r", created_at=at(5), points=1))
            await store.schedule(NewTimer(community=community, user="1", kind="untimeout",
                                          due_at=at(-1), case_number=case.number))
            await store.add_note(community, "1", "2", "note", at(5))
            rows = InsightRows(members=[(community, "2024-01-01", "1", 1, 1.0)],
                               hours=[(community, "2024-01-01", 1, 1)])
            await store.write_insight_rows(rows)
        await store.bot_removed(gone, at(31))
        await store.bot_removed(kept, at(40))
        await store.bot_added(kept)            # added back: nothing of it is erased
    async with SQLiteStore(path) as store:
        done = await store.prune(Periods(), NOW)
        assert done.communities_erased == 1
    conn = sqlite3.connect(path)
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        if "community" in columns:
            assert conn.execute(f"SELECT count(*) FROM {table} WHERE community = ?",
                                (gone,)).fetchone() == (0,), table
    assert conn.execute("SELECT count(*) FROM cases WHERE community = ?", (kept,)
                        ).fetchone() == (1,)


async def test_a_big_prune_returns_space_and_never_stalls_the_loop(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    async with SQLiteStore(path) as store:
        conn = sqlite3.connect(path)    # bulk ageing, faster than 200,000 store calls
        conn.executemany(
            "INSERT INTO notes (community, user, moderator, text, at) VALUES (?, ?, ?, ?, ?)",
            ((C, str(n), "m", "x" * 200, int(at(500).timestamp() * 1e6))
             for n in range(200_000)))
        conn.commit()
        conn.close()
    async with SQLiteStore(path) as store:
        gaps: list[float] = []
        stop = asyncio.Event()

        async def heartbeat() -> None:
            last = time.perf_counter()
            while not stop.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        async def burst() -> int:
            written = 0
            for n in range(300):
                await store.add_note(C, f"live{n}", "m", "kept", NOW)
                written += 1
                await asyncio.sleep(0.001)
            return written

        beat = asyncio.create_task(heartbeat())
        pruning = asyncio.create_task(store.prune(Periods(), NOW))
        written = await burst()
        done = await pruning
        stop.set()
        await beat
        assert done.tables["notes"] == {"deleted": 200_000}
        assert written == 300
        assert len([n for n in await store.notes(C, "live7")]) == 1
        rows = await store._read("SELECT count(*) FROM notes")
        assert rows[0][0] == 300
        assert done.bytes_returned > 40_000_000
        ((free,),) = await store._read("PRAGMA freelist_count")
        assert free == 0
        assert max(gaps) < 0.05, f"the event loop stalled {max(gaps) * 1000:.0f} ms"
    assert path.stat().st_size < 5_000_000


async def test_prune_refuses_a_table_declared_without_its_rule(monkeypatch, tmp_path) -> None:
    import storage.retention as retention

    monkeypatch.setitem(retention.RULES, "notes", "activity")
    async with SQLiteStore(tmp_path / "g.db") as store:
        with pytest.raises(StoreError, match="notes"):
            await store.prune(Periods(), NOW)
