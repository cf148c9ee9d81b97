"""`platforms.discord.shards` on the real discord.py against the fake Discord: the
adapter identifies with exactly the shards it was given, and the guild's events reach
the core only in the process that runs the guild's shard."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from pydantic import SecretStr

from adapters.discord import DiscordAdapter
from bot.config import DiscordConfig
from bot.core import Core, build_core
from bot.ownership import Ownership
from bot.rulebook import Rulebook
from bot.settings import Shards
from rules.events import Event
from storage.sqlite import SQLiteStore
from tests.discord import guild as g
from tests.discord.fake import FakeDiscord
from tests.discord.harness import RULES, TOKEN, WAIT

COUNT = 2
GUILD_SHARD = (g.GUILD >> 22) % COUNT
OTHER_SHARD = 1 - GUILD_SHARD


@asynccontextmanager
async def _running(tmp_path: Path, shards: Shards
                   ) -> AsyncIterator[tuple[FakeDiscord, DiscordAdapter, Core, list[Event]]]:
    fake = FakeDiscord(TOKEN)
    await fake.start()
    store = SQLiteStore(tmp_path / "gardien.db")
    await store.open()
    config = DiscordConfig(token=SecretStr(TOKEN), api_base=fake.api_base,
                           gateway=fake.gateway, shards=shards)
    adapter = DiscordAdapter(config, audit_delays=(0.0,), guild_ready_timeout=0.05)
    task: asyncio.Task[None] | None = None
    try:
        rules = tmp_path / "rules.yaml"
        rules.write_text(RULES, encoding="utf-8")
        rulebook = Rulebook(rules, {}, store)
        await rulebook.load()
        core = build_core(store, rulebook, [adapter],
                          owner=Ownership(frozenset({"discord"}), shards))
        events: list[Event] = []

        async def sink(event: Event) -> None:
            await core.handle(event)
            events.append(event)

        task = asyncio.create_task(adapter.start(sink))
        await adapter.wait_ready(WAIT + 6 * len(shards.ids))   # discord.py waits 5 s a shard
        yield fake, adapter, core, events
        assert await core.drain(timeout=WAIT)
    finally:
        await adapter.stop()
        if task is not None:
            await asyncio.wait_for(task, WAIT)
        await store.close()
        await fake.close()


def _identified(fake: FakeDiscord) -> list[list[int]]:
    return [op["d"]["shard"] for op in fake.gateway_ops if op["op"] == 2]


async def _until(check, what: str) -> None:
    for _ in range(int(WAIT / 0.01)):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def test_the_process_running_the_guild_s_shard_identifies_with_it_and_moderates(
        tmp_path):
    async with _running(tmp_path, Shards(COUNT, (GUILD_SHARD,))) as (fake, adapter, core,
                                                                      events):
        assert _identified(fake) == [[GUILD_SHARD, COUNT]]
        assert adapter.client is not None and adapter.client.shard_count == COUNT
        assert [guild.id for guild in adapter.client.guilds] == [g.GUILD]
        assert not any(r.path == "/gateway/bot" for r in fake.requests)   # count is given
        data = fake.guild.message(g.ALICE, "you moron")
        await fake.dispatch("MESSAGE_CREATE", data)
        await _until(lambda: any(e.id == data["id"] for e in events), "the message")
        assert await core.drain(timeout=WAIT)
        cases = await core.store.cases()
        assert [(c.community, c.action) for c in cases] == [(f"discord:{g.GUILD}", "warn")]


async def test_a_process_running_another_shard_never_gets_the_guild(tmp_path):
    async with _running(tmp_path, Shards(COUNT, (OTHER_SHARD,))) as (fake, adapter, core,
                                                                      _events):
        assert _identified(fake) == [[OTHER_SHARD, COUNT]]
        assert adapter.client is not None and list(adapter.client.guilds) == []
        assert not core.owner.owns(f"discord:{g.GUILD}")


async def test_a_process_running_both_shards_opens_one_connection_per_shard(tmp_path):
    async with _running(tmp_path, Shards(COUNT, (0, 1))) as (fake, adapter, _core, _events):
        await _until(lambda: len(_identified(fake)) == 2, "both shards to identify")
        assert sorted(_identified(fake)) == [[0, COUNT], [1, COUNT]]
        await _until(lambda: adapter.client is not None and adapter.client.guilds != [],
                     "the guild")
        assert [guild.id for guild in adapter.client.guilds] == [g.GUILD]
