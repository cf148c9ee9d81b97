"""The collector's settings after start-up (bot/heap.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.heap import YOUNG_EVERY, settle_after_startup
from rules.compiler import load_ruleset

PACKS = Path(__file__).resolve().parents[2] / "rules" / "packs"


@pytest.fixture
def restored_collector() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_start_up_s_heap_is_frozen_and_young_objects_collected_less_often(
        restored_collector: None) -> None:
    kept = [object() for _ in range(1000)]
    settle_after_startup()
    assert gc.get_freeze_count() >= len(kept)
    assert gc.get_threshold()[0] == YOUNG_EVERY


@pytest.mark.parametrize("pack", sorted(PACKS.glob("*.yaml")), ids=lambda p: p.name)
def test_a_replaced_rule_file_is_freed_without_the_collector(pack: Path) -> None:
    """Frozen objects are never collected: a reload's old rules must hold no cycle."""
    gc.collect()
    ruleset = load_ruleset(pack)
    assert ruleset.rules
    del ruleset
    assert gc.collect() == 0
