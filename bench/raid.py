"""Benchmark of a raid through `Pipeline.handle`; prints its figures.

    python bench/raid.py [--joins 10000] [--within 60] [--latency 0.05] [--concurrency 16]

A raid of `--joins` joins spread over `--within` seconds of event time, into a
real SQLite ledger, with an adapter that answers at once and counts every
request (actions and posts). The rule file detects 10 joins in 30 s, locks down
for 15 minutes with `timeout`, and welcomes newcomers. Printed:

- joins/s handled by `Pipeline.handle` (detection, ledger-first raid cases);
- requests per join once the paced queue has drained (expect ~1, plus 2 alerts
  and the few welcomes before detection), and the peak of in-flight tasks;
- how long the queue takes to drain when every platform call takes `--latency`
  seconds (a platform's round trip; the pacer keeps `--concurrency` calls in flight
  per community and has no fixed rate: the platform's limiter paces it), and the
  most calls seen in flight at once.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapter import Capability, Commands, Target  # noqa: E402
from bot.core import Pacing, build_core  # noqa: E402
from bot.logs import configure_logging  # noqa: E402
from bot.posts import LogChannel, Post  # noqa: E402
from bot.rulebook import Rulebook  # noqa: E402
from rules.actions import Action  # noqa: E402
from rules.events import Join, Member  # noqa: E402
from storage.sqlite import SQLiteStore  # noqa: E402

COMMUNITY = "bench:raid"
RULES = """\
version: 1
name: Raid bench
log_channel: mod-log
welcome:
  message: "Welcome {mention}!"
raid: {joins: 10, within: 30s, lockdown: 15m, action: timeout}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1, reason: insult}}]
"""
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


class CountingAdapter:
    """Answers after `latency` seconds; counts actions, posts and calls in flight."""

    platform = "bench"
    capabilities = frozenset({Capability.POSTS})
    max_timeout: timedelta | None = timedelta(days=28)

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.actions = 0
        self.posts = 0
        self.alerts = 0
        self.flying = 0
        self.peak_flying = 0

    async def _call(self) -> None:
        self.flying += 1
        self.peak_flying = max(self.peak_flying, self.flying)
        try:
            await asyncio.sleep(self.latency)
        finally:
            self.flying -= 1

    def owns(self, community: str) -> bool:
        return True

    async def start(self, sink: object) -> None:
        return None

    async def stop(self) -> None:
        return None

    def attach_commands(self, commands: Commands) -> None:
        return None

    def message_link(self, community: str, channel: str, message_id: str) -> str | None:
        return None

    async def execute(self, action: Action, target: Target) -> int | None:
        self.actions += 1
        await self._call()
        return None

    async def post(self, community: str, post: Post) -> None:
        self.posts += 1
        await self._call()
        self.alerts += isinstance(post.to, LogChannel)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


async def bench(joins: int, within: float, latency: float, concurrency: int) -> None:
    configure_logging("json", "warning", stream=io.StringIO())   # measure work, not logging
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.yaml"
        rules.write_text(RULES, encoding="utf-8")
        clock = Clock()
        store = SQLiteStore(Path(tmp) / "gardien.db", clock=clock)
        await store.open()
        try:
            rulebook = Rulebook(rules, {}, store)
            await rulebook.load()
            adapter = CountingAdapter(latency)
            core = build_core(store, rulebook, [adapter], clock=clock,
                              pacing=Pacing(concurrency=concurrency))
            pipeline, timers = core.pipeline, core.timers
            step = timedelta(seconds=within / joins)
            peak_flight = peak_tasks = 0
            started = time.perf_counter()
            for n in range(joins):
                await pipeline.handle(Join(id=f"j{n}", community=COMMUNITY, at=clock.now,
                                           user=Member(id=str(10**9 + n), name=f"raider{n}")))
                clock.now += step
                if n % 50 == 0:
                    peak_flight = max(peak_flight, len(core.background))
                    peak_tasks = max(peak_tasks, len(asyncio.all_tasks()))
            handled = time.perf_counter() - started
            assert await core.drain(timeout=600)
            drained = time.perf_counter() - started
            clock.now = T0 + timedelta(minutes=16)
            await timers.fire_due()
            assert await core.drain(timeout=60)
            cases = await store.cases(COMMUNITY)
        finally:
            await store.close()
    requests = adapter.actions + adapter.posts
    print(f"raid: {joins} joins within {within:.0f} s of event time, lockdown 15m, "
          f"action timeout")
    print(f"  Pipeline.handle: {joins / handled:,.0f} joins/s ({handled:.2f} s); "
          f"queue drained after {drained:.2f} s")
    print(f"  requests: {requests} ({adapter.actions} actions, {adapter.posts - adapter.alerts} "
          f"welcomes before detection, {adapter.alerts} alerts) = "
          f"{requests / joins:.3f} per join")
    print(f"  cases: {len(cases)} (rule raid: {sum(c.rule == 'raid' for c in cases)})")
    print(f"  peak in-flight tasks: {peak_flight} (all asyncio tasks: {peak_tasks}); "
          f"peak queue {core.newcomers.pacer.peak_queued}")
    print(f"  platform calls of {latency * 1000:.0f} ms, {concurrency} in flight at most per "
          f"community: peak {adapter.peak_flying} in flight; "
          f"{adapter.actions / drained:,.0f} actions/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--joins", type=int, default=10_000)
    parser.add_argument("--within", type=float, default=60.0)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(bench(args.joins, args.within, args.latency, args.concurrency))


if __name__ == "__main__":
    main()
