"""Benchmark of the whole pipeline with the SQLite ledger; prints its figures.

    python bench/pipeline.py [--events 60000] [--members 1000000] [--rounds 3]

0. The live pipeline: events/s with one loop turn per event (as adapters deliver them),
   so the background sanctions and their ledger writes share the loop with the events;
   at 10% of messages sanctioned (target >= 15,000) and at 50% (target >= 5,000). Twice
   each: a bot that met the chat's words before (its rules' word memo warm, as after a
   while live; members' state and ledger still fresh) and one that meets every word for
   the first time (a bot just started).
1. Events/s through `Pipeline.handle` (engine, state book, ledger-first cases
   in a real SQLite file, an adapter that answers at once), on a realistic mix:
   ordinary SMS chat with a few percent of offensive tweets (Almeida & Hidalgo
   SMS Spam Collection; Davidson et al. 2017). Target >= 20,000 events/s.
   The same run measures it with the community counting on (as `gardien run`:
   counted in memory, flushed every few seconds and at the end) and off, in
   alternating rounds after a warm-up (best of `--rounds` each), and the hook
   alone. Target: on within 5% of off.
2. Memory with 1,000,000 distinct members: the state book's size per live
   member (tracemalloc), and the process's peak RSS after a million members
   have passed through the pipeline with idle-state eviction on.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.shared_data import data_dir, require  # noqa: E402
from bot.adapter import Capability, Commands, Target  # noqa: E402
from bot.clock import utc_now  # noqa: E402
from bot.core import build_core  # noqa: E402
from bot.heap import settle_after_startup  # noqa: E402
from bot.insight.live import LiveInsight  # noqa: E402
from bot.logs import configure_logging  # noqa: E402
from bot.posts import Post  # noqa: E402
from bot.rulebook import Rulebook  # noqa: E402
from rules import buildcheck  # noqa: E402
from rules.actions import Action  # noqa: E402
from rules.engine import evaluate  # noqa: E402
from rules.events import Event, Member, Message  # noqa: E402
from rules.state import StateBook  # noqa: E402
from rules.verdict import Verdict  # noqa: E402
from storage.sqlite import SQLiteStore  # noqa: E402

DATA = data_dir()
DATA_FILES = ("sms_collection.csv", "en_offensive_dev.csv")
PACK = ROOT / "rules" / "packs" / "netiquette.en.yaml"
START = datetime(2026, 11, 1, tzinfo=UTC)


class InstantAdapter:
    """A platform that accepts every call at once: measures Gardien, not a network."""

    platform = "bench"
    capabilities: frozenset[Capability] = frozenset()   # actions only
    max_timeout = timedelta(days=28)

    def __init__(self) -> None:
        self.calls = 0

    def owns(self, community: str) -> bool:
        return True

    async def start(self, sink) -> None:
        return None

    async def stop(self) -> None:
        return None

    def attach_commands(self, commands: Commands) -> None:
        return None

    async def post(self, community: str, post: Post) -> None:
        return None

    def message_link(self, community: str, channel: str, message_id: str) -> str | None:
        return None

    async def execute(self, action: Action, target: Target) -> int | None:
        self.calls += 1
        return None


def texts(offensive_share: float) -> list[str]:
    with open(DATA / "sms_collection.csv", newline="", encoding="utf-8") as f:
        ham = [row["text"] for row in csv.DictReader(f) if row["label"] == "ham"]
    with open(DATA / "en_offensive_dev.csv", newline="", encoding="utf-8") as f:
        bad = [row["text"] for row in csv.DictReader(f) if row["label"] != "neither"]
    # one offensive message after every `every` ordinary ones: `offensive_share` of all
    every = max(1, round(1 / offensive_share - 1))
    mixed, b = [], 0
    for n, text in enumerate(ham):
        mixed.append(text)
        if n % every == 0:
            mixed.append(bad[b % len(bad)])
            b += 1
    return mixed


def members(count: int) -> list[Member]:
    joined = START - timedelta(days=400)
    return [Member(id=str(10**17 + i), name=f"member{i}", roles=("member",), joined_at=joined)
            for i in range(count)]


class Uncounted(LiveInsight):
    """Counting off: what the pipeline costs without the insight hook's work."""

    def observe(self, event: Event, verdict: Verdict | None) -> None:
        return None


async def one_round(batch: list[Message], counting: bool, live: bool = False,
                    seen: bool = False) -> tuple[float, float, int, int, int]:
    """(seconds, CPU seconds of the process, events sanctioned, cases, platform calls) on a
    fresh store and core. `seen`: the rules have met these texts before (a bot running for
    a while: its word memo knows the chat's words), their members' state still fresh."""
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        await store.open()
        rulebook = Rulebook(PACK, {}, store)
        await rulebook.load()
        adapter = InstantAdapter()
        core = build_core(store, rulebook, [adapter])
        if seen:   # the engine alone, on a state book thrown away: the core's stays empty
            ruleset, elsewhere = rulebook.for_community(batch[0].community), StateBook()
            for message in batch:
                evaluate(ruleset, message, elsewhere.get(message.community, message.user.id),
                         elsewhere)
        settle_after_startup()                                 # as gardien run does
        if not counting:
            core.pipeline.insight = Uncounted(store, rulebook, core.clock)
        stop = asyncio.Event()
        flusher = asyncio.create_task(core.insight.run(stop))   # as gardien run does
        sanctioned = 0
        started, cpu = time.perf_counter(), time.process_time()
        for message in batch:
            verdict = await core.handle(message)
            if verdict is not None and verdict.actions:
                sanctioned += 1
            if live:   # one loop turn per event, as adapters deliver: sanctions run between
                await asyncio.sleep(0)
        await core.drain()
        stop.set()
        await flusher                                          # its last flush included
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        cases = len(await store.cases())
        await store.close()
    return elapsed, cpu, sanctioned, cases, adapter.calls


async def throughput(events: int, share: float, rounds: int) -> None:
    corpus = texts(share)
    people = members(5000)
    batch = [
        Message(id=f"m{n}", community="discord:1", at=START + timedelta(milliseconds=10 * n),
                user=people[n % len(people)], text=corpus[n % len(corpus)], channel="general")
        for n in range(events)
    ]
    best = {True: float("inf"), False: float("inf")}
    cpu = {True: float("inf"), False: float("inf")}
    await one_round(batch, False)   # warm-up: caches, allocator, page cache
    for n in range(rounds):   # alternating (on-off, off-on...): a busy moment slows both alike
        for counting in ((True, False) if n % 2 == 0 else (False, True)):
            elapsed, seconds, sanctioned, cases, calls = await one_round(batch, counting)
            best[counting] = min(best[counting], elapsed)
            cpu[counting] = min(cpu[counting], seconds)
    print(f"Pipeline: {events / best[True]:,.0f} events/s over {events} events "
          f"({100 * sanctioned / events:.1f}% sanctioned, {cases} cases written to SQLite, "
          f"{calls} platform calls)   (target >= 20,000)")
    cost = 100 * (best[True] - best[False]) / best[False]
    cpu_cost = 100 * (cpu[True] - cpu[False]) / cpu[False]
    hook = await observe_cost(batch)
    share = 100 * hook / (best[False] / events * 1e6)
    print(f"Counting for reports: on {events / best[True]:,.0f} events/s, off "
          f"{events / best[False]:,.0f} events/s (best of {rounds} alternating rounds each): "
          f"{cost:+.1f}% wall-clock time, {cpu_cost:+.1f}% CPU time; the hook alone "
          f"(LiveInsight.observe) {hook:.1f} µs an event, {share:.1f}% of an event's time   "
          f"(target <= 5%)")


async def live_throughput(events: int, share: float, rounds: int) -> None:
    """The live pipeline: one loop turn per event, so the background sanctions (and their
    ledger writes) share the loop with the events, as under `gardien run` (best of
    `rounds`, each on a fresh store and core: a busy moment of the machine slows one)."""
    corpus = texts(share)
    people = members(5000)
    batch = [
        Message(id=f"m{n}", community="discord:1", at=START + timedelta(milliseconds=10 * n),
                user=people[n % len(people)], text=corpus[n % len(corpus)], channel="general")
        for n in range(events)
    ]
    best = {False: float("inf"), True: float("inf")}
    for _ in range(rounds):
        for seen in (False, True):
            seconds, _, sanctioned, cases, _ = await one_round(batch, True, live=True,
                                                               seen=seen)
            best[seen] = min(best[seen], seconds)
    print(f"Live pipeline (one loop turn per event, best of {rounds}): "
          f"{events / best[True]:,.0f} events/s with the chat's words seen before, "
          f"{events / best[False]:,.0f} on first sight of every word; "
          f"{100 * sanctioned / events:.0f}% sanctioned, {cases} cases   "
          f"(target >= {15_000 if share < 0.3 else 5_000:,})")


async def observe_cost(batch: list[Message]) -> float:
    """µs `LiveInsight.observe` takes per event of `batch` (best of 3, no verdicts)."""
    rulebook = Rulebook(PACK, {})
    await rulebook.load()
    best = float("inf")
    for _ in range(3):
        insight = LiveInsight(None, rulebook, utc_now)  # type: ignore[arg-type]  # no store
        began = time.perf_counter()
        for message in batch:
            insight.observe(message, None)
        best = min(best, time.perf_counter() - began)
    return best / len(batch) * 1e6


def live_member_bytes(count: int) -> float:
    """Bytes per member when `count` members are all active at once (no eviction)."""
    from rules.state import text_digest

    tracemalloc.start()
    book = StateBook()
    for i in range(count):
        state = book.get("discord:123456789012345678", str(10**17 + i))
        state.record_message(1.0e9 + i, "", 12, text_digest(f"hello {i % 50}"))
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return size / count


async def million_members(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        await store.open()
        rulebook = Rulebook(PACK, {}, store)
        await rulebook.load()
        core = build_core(store, rulebook, [InstantAdapter()])
        before = rss_mb()
        peak = before
        started = time.perf_counter()
        joined = START - timedelta(days=400)
        for i in range(count):
            user = Member(id=str(10**17 + i), name="", joined_at=joined)
            await core.handle(Message(id=f"m{i}", community="discord:1",
                                      at=START + timedelta(milliseconds=2 * i),
                                      user=user, text="hi there", channel="general"))
            if i % 50_000 == 0:
                peak = max(peak, rss_mb())
        await core.drain()
        elapsed = time.perf_counter() - started
        peak = max(peak, rss_mb())
        await store.close()
    print(f"  {count:,} distinct members through the pipeline (one message each, 2 ms apart in "
          f"event time) in {elapsed:.1f} s: {len(core.book):,} still in memory after idle "
          f"eviction; resident memory grew by at most {peak - before:,.0f} MB")


def rss_mb() -> float:
    """Current resident set size of this process, from /proc (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--offensive-share", type=float, default=0.03)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds with counting on and off, alternating")
    parser.add_argument("--live-events", type=int, default=20_000)
    parser.add_argument("--only-live", action="store_true",
                        help="only the live pipeline at 10% and 50% of messages sanctioned")
    args = parser.parse_args()
    print(f"Rule engine: {buildcheck.mode()} (rules/buildcheck.py; setup.py compiles it)")
    require(*DATA_FILES, directory=DATA)
    configure_logging("json", "warning", stream=io.StringIO())   # measure work, not logging
    for share in (0.10, 0.50):
        asyncio.run(live_throughput(args.live_events, share, args.rounds))
    if args.only_live:
        return
    asyncio.run(throughput(args.events, args.offensive_share, args.rounds))
    per_member = live_member_bytes(200_000)
    print(f"Memory: {per_member:,.0f} bytes per active member in the state book "
          f"(all active at once: {per_member * args.members / 2**20:,.0f} MB for "
          f"{args.members:,}; target well under 200 MB)")
    asyncio.run(million_members(args.members))


if __name__ == "__main__":
    main()
