"""Benchmark of community reports: a 30-day report of a large community, from a Tally.

    python bench/report.py [--members 100000] [--per-day 50000] [--days 30]
                           [--database | --database-only]

A community of `--members` members in Europe/Paris posts `--per-day` messages a day in 12
channels (a few members post most: the activity is skewed as in real chats), with 300 joins
and 100 leaves a day. It measures:
- counting: messages fed to `Tally.feed` per second (what the live part adds per message);
- the tally's memory: resident memory added while counting;
- building the report (`build_report`, the target is under 2 s), best of 3;
- the live path: the tally's rows merged into a fresh tally (as from the database), then
  the same report built from it;
- the database path (`--database`, or `--database-only`): the same community's 30 days
  written straight into a SQLite store as the rows a live bot flushes (in batches, each day
  folded once over, as the bot does), with 500 cases and 20 member reports a day in the
  ledger: `LiveInsight.report` for the whole period (target < 2 s), `gardien report
  --config` end to end, and the database's growth per day.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.insight.compute import build_report
from bot.insight.tally import Tally
from rules.events import Join, Leave, Member, Message
from storage.insight import InsightCommunity, InsightRows

ZONE = "Europe/Paris"
START = date(2026, 10, 5)          # the period holds the change of 2026-10-25
COMMUNITY = "discord:1"


def resident_mb() -> float:
    """Resident memory now (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 1e6


def fill(tally: Tally, members: int, per_day: int, days: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    people = [Member(str(10**17 + i), f"member{i}") for i in range(members)]
    channels = [f"channel-{i}" for i in range(12)]
    begin = datetime(START.year, START.month, START.day, tzinfo=UTC).timestamp() - 7200
    fed = 0
    for day in range(days):
        base = begin + day * 86400
        for n in range(per_day):
            who = people[int(rng.random() ** 3 * members)]   # skewed: a few post most
            at = datetime.fromtimestamp(base + n * 86400 / per_day, UTC)
            tally.feed(Message("m", COMMUNITY, at, who, channel=channels[n % 12]))
            fed += 1
        for n in range(300):
            at = datetime.fromtimestamp(base + n * 288, UTC)
            tally.feed(Join("j", COMMUNITY, at, people[rng.randrange(members)]))
            if n % 3 == 0:
                tally.feed(Leave("l", COMMUNITY, at, people[rng.randrange(members)]))
    return fed


def feed_cost(members: int, events: int = 200_000) -> float:
    """µs a message costs `Tally.feed` alone (the events built beforehand)."""
    rng = random.Random(3)
    people = [Member(str(10**17 + i)) for i in range(members)]
    begin = datetime(START.year, START.month, START.day, tzinfo=UTC).timestamp()
    built = [Message("m", COMMUNITY, datetime.fromtimestamp(begin + n * 1.7, UTC),
                     people[int(rng.random() ** 3 * members)], channel=f"channel-{n % 12}")
             for n in range(events)]
    tally = Tally(lambda community: ZONE)
    began = time.perf_counter()
    for event in built:
        tally.feed(event)
    return (time.perf_counter() - began) / events * 1e6


def timed_report(tally: Tally, days: int) -> tuple[float, int]:
    best = float("inf")
    messages = 0
    for _ in range(3):
        began = time.perf_counter()
        report = build_report(tally, COMMUNITY, START, START + timedelta(days=days),
                              moderation=True)
        best = min(best, time.perf_counter() - began)
        messages = report["messages"]
    return best, messages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--per-day", type=int, default=50_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--database", action="store_true",
                        help="also the database path (about a minute more)")
    parser.add_argument("--database-only", action="store_true",
                        help="only the database path")
    args = parser.parse_args()
    if args.database_only:
        asyncio.run(database(args.members, args.per_day, args.days))
        return

    tally = Tally(lambda community: ZONE)
    before = resident_mb()
    began = time.perf_counter()
    fed = fill(tally, args.members, args.per_day, args.days)
    counting = time.perf_counter() - began
    grown = resident_mb() - before
    counts = tally.of(COMMUNITY)
    cells = sum(len(day) for day in counts.members.values())
    print(f"community: {args.members:,} members, {args.per_day:,} messages a day, "
          f"{args.days} days in {ZONE}")
    print(f"counting: {fed:,} messages in {counting:.1f} s including building the events "
          f"({fed / counting:,.0f} messages/s); Tally.feed alone: "
          f"{feed_cost(args.members):.1f} µs a message")
    print(f"tally: {cells:,} (day, member) cells, +{grown:.0f} MB resident "
          f"({grown * 1e6 / max(cells, 1):.0f} bytes a cell, whatever the number of messages)")

    seconds, messages = timed_report(tally, args.days)
    print(f"build_report, {args.days} days: {seconds:.3f} s (best of 3; target < 2 s), "
          f"{messages:,} messages")

    began = time.perf_counter()
    rows = list(tally.rows())
    rebuilt = Tally(lambda community: ZONE)
    rebuilt.merge(rows)
    merging = time.perf_counter() - began
    seconds_live, again = timed_report(rebuilt, args.days)
    assert again == messages
    print(f"live path: {len(rows):,} rows out and merged back in {merging:.2f} s, "
          f"then build_report {seconds_live:.3f} s")
    if args.database:
        asyncio.run(database(args.members, args.per_day, args.days))


# --- the database path -------------------------------------------------------------------
RULES = f"""\
version: 1
name: Report bench
timezone: {ZONE}
rules:
  - id: no-insults
    match: {{words: [moron]}}
    actions: [delete]
"""
CASES_A_DAY = 500
REPORTS_A_DAY = 20


def day_rows(members: int, per_day: int, day: int, rng: random.Random) -> InsightRows:
    """One local day as a live bot flushes it: the same skewed activity as `fill`."""
    local = (START + timedelta(days=day)).isoformat()
    midnight = datetime(START.year, START.month, START.day, tzinfo=UTC).timestamp() \
        + day * 86400 - 7200
    counts: dict[str, int] = {}
    last: dict[str, float] = {}
    hours = [0] * 24
    channels = [0] * 12
    for n in range(per_day):
        who = str(10**17 + int(rng.random() ** 3 * members))
        counts[who] = counts.get(who, 0) + 1
        last[who] = midnight + n * 86400 / per_day
        hours[n * 24 // per_day] += 1
        channels[n % 12] += 1
    rows = InsightRows()
    rows.members = [(COMMUNITY, local, who, n, last[who]) for who, n in counts.items()]
    rows.hours = [(COMMUNITY, local, h, n) for h, n in enumerate(hours)]
    rows.channels = [(COMMUNITY, local, f"channel-{c}", n) for c, n in enumerate(channels)]
    for n in range(300):
        at = midnight + n * 288
        rows.membership.append((COMMUNITY, local, str(10**17 + rng.randrange(members)), at,
                                "join"))
        if n % 3 == 0:
            rows.membership.append((COMMUNITY, local, str(10**17 + rng.randrange(members)),
                                    at, "leave"))
    rows.moderated = [(COMMUNITY, local, CASES_A_DAY)]
    return rows


def ledger(path: Path, members: int, days: int, rng: random.Random) -> None:
    """Cases and reports straight into the ledger's tables (what the case path records)."""
    begin = int(datetime(START.year, START.month, START.day, tzinfo=UTC).timestamp()) - 7200
    with sqlite3.connect(path) as side:
        cases, reports, number = [], [], 0
        for day in range(days):
            for n in range(CASES_A_DAY):
                number += 1
                at = (begin + day * 86400 + n * 170) * 10**6
                action, rule = (("warn", "no-insults"), ("timeout", "escalation"),
                                ("ban", "no-scam"))[n % 10 // 8 + n % 10 // 9]
                user = str(10**17 + rng.randrange(members))
                cases.append((COMMUNITY, number, user, action, rule, None, at, at))
            for n in range(REPORTS_A_DAY):
                number += 1
                at = (begin + day * 86400 + n * 4000) * 10**6
                user = str(10**17 + rng.randrange(members))
                reports.append((COMMUNITY, "reporter", user, at))
                answer = at + rng.randrange(60, 3600) * 10**6   # a moderator's timeout
                cases.append((COMMUNITY, number, user, "timeout", "manual", "mod", answer,
                               answer))
        side.executemany(
            "INSERT INTO cases (community, number, user, action, rule, moderator, created_at, "
            "updated_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'done')", cases)
        side.executemany("INSERT INTO reports (community, reporter, user, at) "
                         "VALUES (?, ?, ?, ?)", reports)


def used_bytes(path: Path) -> int:
    """Bytes of the database's pages in use (free pages left out), committed data only."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as side:
        pages = side.execute("PRAGMA page_count").fetchone()[0]
        free = side.execute("PRAGMA freelist_count").fetchone()[0]
        size = side.execute("PRAGMA page_size").fetchone()[0]
    return int((pages - free) * size)


async def database(members: int, per_day: int, days: int) -> None:
    from bot.insight.live import LiveInsight, read_period
    from bot.rulebook import Rulebook
    from storage.sqlite import SQLiteStore

    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gardien.db"
        (Path(tmp) / "rules.yaml").write_text(RULES, encoding="utf-8")
        store = SQLiteStore(path)
        await store.open()
        empty = used_bytes(path)
        began = time.perf_counter()
        raw_day = 0
        for day in range(days):
            rows = day_rows(members, per_day, day, rng)
            rows.communities = [InsightCommunity(COMMUNITY, ZONE, "en")]
            for first in range(0, len(rows.members), 10_000):   # flushes, 10,000 rows each
                batch = InsightRows(members=rows.members[first:first + 10_000])
                await store.write_insight_rows(batch)
            rows.members = []
            await store.write_insight_rows(rows)
            if day == 0:
                raw_day = used_bytes(path) - empty
            await store.fold_insight_days(START + timedelta(days=day + 1))   # the nightly fold
        written = time.perf_counter() - began
        counted = used_bytes(path) - empty
        ledger(path, members, days, rng)
        with_ledger = used_bytes(path) - empty
        rulebook = Rulebook(Path(tmp) / "rules.yaml", {}, store)
        await rulebook.load()
        insight = LiveInsight(store, rulebook, lambda: datetime.now(UTC))
        best, report = float("inf"), None
        for _ in range(3):
            started = time.perf_counter()
            report = await insight.report(COMMUNITY, START, START + timedelta(days=days))
            best = min(best, time.perf_counter() - started)
        started = time.perf_counter()
        period = await read_period(store, COMMUNITY, ZONE, START, START + timedelta(days=days))
        reading = time.perf_counter() - started
        started = time.perf_counter()
        period.report()
        computing = time.perf_counter() - started
        await store.close()
        assert report is not None
        config = Path(tmp) / "gardien.yaml"
        config.write_text(f"storage: {path}\nrules:\n  default: {Path(tmp) / 'rules.yaml'}\n",
                          encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "gardien", "report", "--config", str(config), "--json",
             "--from", START.isoformat(), "--to", (START + timedelta(days=days)).isoformat()],
            capture_output=True, text=True, check=True)
        cli = time.perf_counter() - started
        assert json.loads(done.stdout)["messages"] == report["messages"]
    moderation = report.get("moderation", {})
    print(f"database: {days} days written as flushed rows in {written:.0f} s; "
          f"{report['messages']:,} messages, {report['active_members']:,} active members, "
          f"{moderation.get('cases', 0):,} cases, {moderation.get('reports', 0):,} reports")
    print(f"LiveInsight.report, {days} days from the database: {best:.2f} s (best of 3; "
          f"target < 2 s; reading {reading:.2f} s, computing {computing:.2f} s); "
          f"gardien report --config --json end to end: {cli:.2f} s")
    print(f"database growth: {counted / days / 1e6:.2f} MB a day of counts once folded "
          f"({counted / 1e6:.0f} MB for {days} days; a day's member rows before the fold: "
          f"{raw_day / 1e6:.1f} MB), {(with_ledger - counted) / days / 1e6:.2f} MB a day "
          f"for {CASES_A_DAY + REPORTS_A_DAY} cases and {REPORTS_A_DAY} reports in the "
          "ledger")


if __name__ == "__main__":
    main()
