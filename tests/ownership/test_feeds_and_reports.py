"""Feeds and weekly reports split by ownership: a core polls the feeds, and keeps the
weekly report timer, of the communities it owns only (the other half is another
process's, on the same database)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from bot.core import Core, build_core
from bot.ownership import Ownership
from bot.rulebook import Rulebook
from bot.settings import Shards
from storage.sqlite import SQLiteStore
from tests.runtime.fakes import FakeAdapter, FakeClock
from tests.runtime.harness import message
from tests.watch.feedserver import Item, feed_server, fetcher, rss
from tests.watch.rulefiles import watch_rules

EVEN = "discord:81384788765712384"    # shard 0 of 2
ODD = "discord:267624335836053506"    # shard 1 of 2
SHARD0 = Ownership(frozenset({"discord"}), Shards(2, (0,)))
SHARD1 = Ownership(frozenset({"discord"}), Shards(2, (1,)))


@asynccontextmanager
async def _core(tmp_path: Path, rules: str, owner: Ownership,
                clock: FakeClock) -> AsyncIterator[tuple[Core, SQLiteStore]]:
    path = tmp_path / "rules.yaml"
    path.write_text(rules, encoding="utf-8")
    store = SQLiteStore(tmp_path / "gardien.db", clock=clock)
    await store.open()
    try:
        rulebook = Rulebook(path, {EVEN: path, ODD: path}, store)
        await rulebook.load()
        core = build_core(store, rulebook, [FakeAdapter()], clock=clock, owner=owner)
        yield core, store
        assert await core.drain(timeout=10)
    finally:
        await store.close()


async def test_each_core_polls_the_feeds_of_its_own_communities(tmp_path):
    clock = FakeClock()
    async with feed_server() as server, fetcher() as client:
        server.publish("/rss", rss([Item("Acme raises prices", guid="1")]))
        rules = watch_rules([(server.url("/rss"), "1m")])
        async with _core(tmp_path, rules, SHARD0, clock) as (core, store):
            await core.feeds.poll(client, force=True)
            assert [s.community for s in await store.feed_states()] == [EVEN]
        async with _core(tmp_path, rules, SHARD1, clock) as (core, store):
            await core.feeds.poll(client, force=True)
            assert sorted(s.community for s in await store.feed_states()) == sorted(
                [EVEN, ODD])
        assert len(server.hits("/rss")) == 2   # once per community, by its owner


REPORTS = """\
version: 1
name: Reports
reports: {every: "mon 09:00"}
rules:
  - id: hush
    match: {words: [hushnow]}
    actions: [delete]
"""


async def test_only_the_owner_keeps_a_community_s_weekly_report_timer(tmp_path):
    clock = FakeClock()
    async with _core(tmp_path, REPORTS, SHARD0, clock) as (core, store):
        for community in (EVEN, ODD):   # e.g. a stray event, or a replay of both halves
            await core.handle(message("hello", at=clock(), community=community))
        assert await core.drain(timeout=10)
        timers = await store.due_timers(clock() + timedelta(days=30))
        assert [(t.community, t.kind) for t in timers] == [(EVEN, "weekly_report")]
