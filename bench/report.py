"""Benchmark of community reports: a 30-day report of a large community, from a Tally.

    python bench/report.py [--members 100000] [--per-day 50000] [--days 30]

A community of `--members` members in Europe/Paris posts `--per-day` messages a day in 12
channels (a few members post most: the activity is skewed as in real chats), with 300 joins
and 100 leaves a day. It measures:
- counting: messages fed to `Tally.feed` per second (what the live part adds per message);
- the tally's memory: resident memory added while counting;
- building the report (`build_report`, the target is under 2 s), best of 3;
- the live path: the tally's rows merged into a fresh tally (as from the database), then
  the same report built from it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.insight.compute import build_report
from bot.insight.tally import Tally
from rules.events import Join, Leave, Member, Message

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
    args = parser.parse_args()

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


if __name__ == "__main__":
    main()
