"""The collector's settings for a bot that runs for months: the start-up heap frozen, young
objects scanned every 10,000 allocations instead of every 700.

Why: start-up leaves objects that live as long as the process (modules, word lists,
compiled rule files), and every full collection walked them all again; with Python's
default thresholds the live pipeline spent about a fifth of its time in the collector
at half its messages sanctioned (bench/pipeline.py: 2,900 events/s, 3,600 with this).
An event's objects die young by reference counting; the few cycles (a task and its
exception) wait a little longer to be freed. Frozen objects are never collected: a
rule file replaced by a reload is freed by reference counting, as compiled rules hold
no cycles (tests/bot/test_heap.py checks it on the bundled packs).
"""

from __future__ import annotations

import gc

YOUNG_EVERY = 10_000   # allocations between two collections of the youngest objects


def settle_after_startup() -> None:
    """Collect what start-up threw away, then keep the rest out of every collection."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_EVERY, middle, old)
