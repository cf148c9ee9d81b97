"""Live rule reloads: a good change is picked up, a broken one never replaces good rules."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from bot.rulebook import Rulebook
from rules.compiler import load_ruleset
from rules.problems import RuleFileError
from rules.ruleset import Ruleset
from storage.sqlite import SQLiteStore

from .harness import COMMUNITY, RULES, running

ADDED = RULES + """\
  - id: no-spoilers
    match: {words: [spoiler]}
    actions: [delete, {warn: {points: 1, reason: spoiler}}]
"""
BROKEN = RULES + """\
  - id: Bad Id
    match: {nonsense: [1]}
    actions: [explode]
"""


def rewrite(path: Path, text: str) -> None:
    """Replace a file's content with a visibly newer modification time."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


class Counting:
    def __init__(self) -> None:
        self.calls: list[Path] = []

    def __call__(self, path: Path) -> Ruleset:
        self.calls.append(path)
        return load_ruleset(path)


async def test_a_good_change_is_picked_up(tmp_path):
    async with running(tmp_path) as bot:
        verdict = await bot.send("big spoiler here")
        assert verdict is not None and not verdict.triggered
        rewrite(bot.rules_path, ADDED)
        assert await bot.rulebook.reload() == {bot.rules_path: "reloaded"}
        verdict = await bot.send("big spoiler here")
        assert verdict is not None and verdict.rules == ("no-spoilers",)
        assert [c.rule for c in await bot.cases()] == ["no-spoilers"]


async def test_a_broken_change_is_rejected_logged_and_the_old_rules_stay(tmp_path):
    async with running(tmp_path) as bot:
        good = bot.rulebook.for_community(COMMUNITY)
        rewrite(bot.rules_path, BROKEN)
        with capture_logs() as logs:
            assert await bot.rulebook.reload() == {bot.rules_path: "rejected"}
        assert bot.rulebook.for_community(COMMUNITY) is good
        [entry] = [e for e in logs if e["event"] == "rules_rejected"]
        assert entry["log_level"] == "error"
        assert entry["file"] == str(bot.rules_path)
        assert entry["kept"] == good.digest[:12]
        assert any("Bad Id" in p or "nonsense" in p for p in entry["problems"])
        verdict = await bot.send("you moron")           # the good rules still judge
        assert verdict is not None and verdict.rules == ("no-insults",)
        # not re-logged until the file changes again
        with capture_logs() as again:
            assert await bot.rulebook.reload() == {}
        assert again == []
        # fixing the file brings the new rules in
        rewrite(bot.rules_path, ADDED)
        assert await bot.rulebook.reload() == {bot.rules_path: "reloaded"}
        assert "no-spoilers" in {r.id for r in bot.rulebook.for_community(COMMUNITY).rules}


async def test_a_broken_file_at_start_is_refused_with_every_problem(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(BROKEN, encoding="utf-8")

    rulebook = Rulebook(path, {})
    with pytest.raises(RuleFileError) as raised:
        await rulebook.load()
    assert len(raised.value.problems) >= 2


async def test_an_unchanged_file_is_not_recompiled(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    compile_ = Counting()

    rulebook = Rulebook(path, {}, compile_file=compile_)
    await rulebook.load()
    assert len(compile_.calls) == 1
    first = rulebook.for_community(COMMUNITY)
    assert await rulebook.reload() == {}
    assert await rulebook.reload() == {}
    assert len(compile_.calls) == 1
    # touched but identical: compiled once to compare, the ruleset is kept
    os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)
    assert await rulebook.reload() == {path: "unchanged"}
    assert len(compile_.calls) == 2
    assert rulebook.for_community(COMMUNITY) is first
    # force recompiles everything
    assert await rulebook.reload(force=True) == {path: "unchanged"}
    assert len(compile_.calls) == 3


async def test_each_accepted_revision_is_recorded_once(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")

    async with SQLiteStore(tmp_path / "gardien.db") as store:
        rulebook = Rulebook(path, {}, store)
        await rulebook.load()
        first = rulebook.for_community(COMMUNITY).digest
        await rulebook.reload(force=True)                  # same content
        rewrite(path, BROKEN)
        await rulebook.reload()                            # rejected: not recorded
        rewrite(path, ADDED)
        await rulebook.reload()
        second = rulebook.for_community(COMMUNITY).digest
        rewrite(path, ADDED)
        await rulebook.reload()                            # touched only
        revisions = await store.revisions(str(path))
        assert [r.digest for r in revisions] == [first, second]
        assert revisions[1].size == len(ADDED.encode())
        # a restart loads the same file again: still one revision per content
        again = Rulebook(path, {}, store)
        await again.load()
        assert len(await store.revisions(str(path))) == 2


async def test_per_community_files_reload_independently(tmp_path):
    default = tmp_path / "rules.yaml"
    default.write_text(RULES, encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(RULES, encoding="utf-8")

    rulebook = Rulebook(default, {"fake:other": other})
    await rulebook.load()
    rewrite(other, ADDED)
    assert await rulebook.reload() == {other: "reloaded"}
    ids = {r.id for r in rulebook.for_community("fake:other").rules}
    assert "no-spoilers" in ids
    assert "no-spoilers" not in {r.id for r in rulebook.for_community(COMMUNITY).rules}


async def test_watch_notices_a_change_quickly(tmp_path):
    async with running(tmp_path) as bot:
        stop = asyncio.Event()
        watcher = asyncio.create_task(bot.rulebook.watch(stop, interval=0.05))
        await asyncio.sleep(0.1)
        rewrite(bot.rules_path, ADDED)
        started = time.monotonic()
        while time.monotonic() - started < 2.0:
            ids = {r.id for r in bot.rulebook.for_community(COMMUNITY).rules}
            if "no-spoilers" in ids:
                break
            await asyncio.sleep(0.02)
        else:
            pytest.fail("watch() did not pick up the change within 2 s")
        stop.set()
        await asyncio.wait_for(watcher, timeout=2)
        verdict = await bot.send("spoiler")
        assert verdict is not None and verdict.rules == ("no-spoilers",)


async def test_watch_survives_a_broken_file_and_stops_promptly(tmp_path):
    async with running(tmp_path) as bot:
        good = bot.rulebook.for_community(COMMUNITY)
        stop = asyncio.Event()
        with capture_logs() as logs:
            watcher = asyncio.create_task(bot.rulebook.watch(stop, interval=0.05))
            rewrite(bot.rules_path, BROKEN)
            for _ in range(100):
                if any(e["event"] == "rules_rejected" for e in logs):
                    break
                await asyncio.sleep(0.02)
            stop.set()
            await asyncio.wait_for(watcher, timeout=2)
        assert any(e["event"] == "rules_rejected" for e in logs)
        assert bot.rulebook.for_community(COMMUNITY) is good


async def test_a_deleted_file_keeps_the_last_good_rules(tmp_path):
    async with running(tmp_path) as bot:
        good = bot.rulebook.for_community(COMMUNITY)
        bot.rules_path.unlink()
        with capture_logs() as logs:
            assert await bot.rulebook.reload() == {bot.rules_path: "rejected"}
        assert any(e["event"] == "rules_rejected" for e in logs)
        assert bot.rulebook.for_community(COMMUNITY) is good
        bot.rules_path.write_text(ADDED, encoding="utf-8")
        assert await bot.rulebook.reload() == {bot.rules_path: "reloaded"}
