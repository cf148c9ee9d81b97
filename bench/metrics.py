"""Benchmark of the metrics hooks on the hot path; prints nanoseconds per event.

    python bench/metrics.py [--events 1000000]

What `Pipeline.handle` adds per message with the counters on (bot/metrics.py): the event
counted by platform and type, the two clock reads around the engine, the decision-time
histogram observed and, for the few that match, the rule's counter. Measured alone, over
10,000 communities, so that it can be read against bench/pipeline.py's cost per event.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.metrics import Metrics
from rules.events import Message


def per_event(events: int, communities: int, match_every: int) -> float:
    metrics = Metrics()
    names = [f"discord:{n}" for n in range(communities)]
    matched, none = ("no-insults",), ()
    began = time.perf_counter()
    for n in range(events):
        metrics.event(Message, names[n % communities])
        start = time.perf_counter()
        metrics.decided(time.perf_counter() - start, matched if n % match_every == 0 else none,
                        none)
    return (time.perf_counter() - began) / events * 1e9


def loop_alone(events: int, communities: int, match_every: int) -> float:
    """The same loop without the hooks (and without the clock reads): what to subtract."""
    names = [f"discord:{n}" for n in range(communities)]
    matched, none = ("no-insults",), ()
    began = time.perf_counter()
    for n in range(events):
        _ = names[n % communities], (matched if n % match_every == 0 else none)
    return (time.perf_counter() - began) / events * 1e9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    per_event(10_000, 100, 30)   # warm-up: label children created
    hooked = min(per_event(args.events, 10_000, 30) for _ in range(3))
    alone = min(loop_alone(args.events, 10_000, 30) for _ in range(3))
    print(f"metrics hooks and clock reads: {hooked - alone:.0f} ns per event "
          f"(loop {hooked:.0f} ns with them, {alone:.0f} ns without; best of 3, "
          f"{args.events:,} events, 10,000 communities, 1 match in 30)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
