"""Benchmark of the timer runner with its claim (bot/timers.py); prints its figures.

    python bench/timers.py [--timers 2000]

`--timers` overdue unban timers, half in a guild of Discord shard 0 and half in one of
shard 1 (of 2), in a real SQLite file, lifted through the case path by an adapter that
answers at once. Printed, for one process owning every shard and for one owning shard 0
only (which leaves the other half alone): timers fired per second by `fire_due`, and
what the claim itself costs (the same number of single-timer claims, alone).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.raid import T0, Clock, CountingAdapter  # noqa: E402
from bot.core import build_core  # noqa: E402
from bot.logs import configure_logging  # noqa: E402
from bot.ownership import EVERYTHING, Ownership  # noqa: E402
from bot.rulebook import Rulebook  # noqa: E402
from bot.settings import Shards  # noqa: E402
from storage.models import NewTimer  # noqa: E402
from storage.sqlite import SQLiteStore  # noqa: E402

GUILDS = ("discord:81384788765712384", "discord:267624335836053506")   # shards 0 and 1 of 2
RULES = """\
version: 1
name: Timer bench
rules:
  - id: hush
    match: {words: [hushnow]}
    actions: [delete]
"""


async def _seed(store: SQLiteStore, count: int) -> list[int]:
    ids = []
    for n in range(count):
        timer = await store.schedule(NewTimer(community=GUILDS[n % 2], user=f"u{n}",
                                              kind="unban", due_at=T0 - timedelta(hours=1)))
        ids.append(timer.id)
    return ids


async def run(count: int, owner: Ownership, label: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules.yaml"
        rules.write_text(RULES, encoding="utf-8")
        clock = Clock()
        store = SQLiteStore(Path(tmp) / "gardien.db", clock=clock)
        await store.open()
        try:
            rulebook = Rulebook(rules, {}, store)
            await rulebook.load()
            adapter = CountingAdapter(0.0)
            core = build_core(store, rulebook, [adapter], clock=clock, owner=owner)
            await _seed(store, count)
            started = time.perf_counter()
            fired = await core.timers.fire_due()
            spent = time.perf_counter() - started
            await core.drain(10)
            print(f"{label}: {fired} of {count} timers fired in {spent:.2f} s "
                  f"({fired / spent:,.0f} timers/s, {adapter.actions} unbans)")
            ids = await _seed(store, count)
            started = time.perf_counter()
            for id in ids:
                await store.claim_timers([id], clock(), clock() + timedelta(minutes=15))
            spent = time.perf_counter() - started
            print(f"{label}: {count} single-timer claims alone in {spent:.2f} s "
                  f"({spent / count * 1e6:,.0f} us each)")
        finally:
            await store.close()


async def main(count: int) -> None:
    configure_logging("json", "warning", stream=io.StringIO())   # measure work, not logging
    await run(count, EVERYTHING, "one process, every shard")
    await run(count, Ownership(frozenset({"discord"}), Shards(2, (0,))), "shard 0 of 2")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timers", type=int, default=2000)
    asyncio.run(main(parser.parse_args().timers))
