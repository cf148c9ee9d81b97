"""A running Gardien on Discord: the real discord.py client and adapter, against the
fake Discord, wired to a real Pipeline, a SQLite file and a rule file in tmp_path."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from adapters.discord import DiscordAdapter
from bot.clock import Clock, utc_now
from bot.config import DiscordConfig
from bot.core import Core, build_core
from bot.pipeline import Pipeline
from bot.rulebook import Rulebook
from rules.events import Event
from storage.models import Case
from storage.sqlite import SQLiteStore

from . import guild as g
from .fake import FakeDiscord
from .spec import problems

TOKEN = "MTAfake.token.for-tests-only"
WAIT = 5.0

RULES = """\
version: 1
name: Discord tests
log_channel: mod-log
exempt:
  roles: [Moderators]
escalation:
  expire_after: 30d
  steps:
    - {points: 2, action: timeout, duration: 1h}
rules:
  - id: no-insults
    match: {words: [moron, idiot]}
    actions: [delete, {warn: {points: 1, reason: insult}}]
  - id: no-scams
    match: {regex: ['scam\\.example']}
    actions:
      - delete
      - ban: {delete_messages: 1d, reason: scam link}
      - alert: "Banned {user} for a scam link ({rule})."
  - id: newcomer-links
    match:
      newcomer: {joined_within: 10m}
      links: {allow: []}
    actions: [delete, {reply: "{mention}, no links in your first ten minutes."}]
  - id: whisper
    match: {words: [psst]}
    actions: [{warn: {points: 0, reason: whisper}}, {dm: "Please keep it public."}]
"""


@dataclass
class Running:
    fake: FakeDiscord
    adapter: DiscordAdapter
    core: Core
    store: SQLiteStore
    events: list[Event] = field(default_factory=list)
    rulebook: Rulebook | None = None

    @property
    def pipeline(self) -> Pipeline:
        return self.core.pipeline

    async def until(self, check: Callable[[], Any], what: str, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            await asyncio.sleep(0.01)

    async def post(self, author: int, content: str, **options: Any) -> dict[str, Any]:
        """A member posts; wait until the core got it and finished its sanctions."""
        data = self.fake.guild.message(author, content, **options)
        await self.push("MESSAGE_CREATE", data, data["id"])
        return data

    async def edit(self, data: dict[str, Any], content: str) -> None:
        edited = {**data, "content": content,
                  "edited_timestamp": g.iso(g.datetime.now(g.UTC))}
        await self.push("MESSAGE_UPDATE", edited, data["id"], edited=True)

    async def push(self, event: str, data: dict[str, Any], event_id: str | None = None,
                   **match: Any) -> None:
        before = len(self.events)
        await self.fake.dispatch(event, data)
        if event_id is not None:
            await self.until(lambda: any(
                e.id == event_id and all(getattr(e, k) == v for k, v in match.items())
                for e in self.events[before:]), f"{event} {event_id} to reach the core")
        assert await self.core.drain(timeout=WAIT)

    async def cases(self) -> list[Case]:
        return await self.store.cases()


@asynccontextmanager
async def running(tmp_path: Path, rules: str = RULES, *, guild: g.Guild | None = None,
                  check_spec: bool = True, center: Any = None,
                  fake: FakeDiscord | None = None, digest_window: float = 0.3,
                  clock: Clock = utc_now) -> AsyncIterator[Running]:
    """The core as `gardien run` builds it, on the real Discord adapter against the fake.
    `center`: the commands to attach (commands are synced before the body runs): an object
    (a recorder), or a callable given the running bot (`lambda bot: bot.core.commands` for
    the real ones); `fake`: an already running fake Discord to reuse (a restart), left
    running; `digest_window`: seconds the watch groups hits into one post (short here);
    `clock`: the core's and the store's time (a test's clock moves schedules and timers)."""
    own_fake = fake is None
    fake = fake or FakeDiscord(TOKEN, guild)
    if own_fake:
        await fake.start()
    store = SQLiteStore(tmp_path / "gardien.db", clock=clock)
    await store.open()
    task: asyncio.Task[None] | None = None
    adapter = DiscordAdapter(DiscordConfig(token=SecretStr(TOKEN), api_base=fake.api_base,
                                           gateway=fake.gateway), audit_delays=(0.0,),
                             guild_ready_timeout=0.05)
    try:
        path = tmp_path / "rules.yaml"
        path.write_text(rules, encoding="utf-8")
        rulebook = Rulebook(path, {}, store)
        await rulebook.load()
        adapter.attach_rules(rulebook.for_community)   # as gardien run does (automod.sync)
        core = build_core(store, rulebook, [adapter], digest_window=digest_window,
                          clock=clock)
        bot = Running(fake, adapter, core, store, rulebook=rulebook)
        if center is not None:
            adapter.attach_commands(center if not callable(center) else center(bot))

        async def sink(event: Event) -> None:
            try:
                await core.handle(event)
            finally:   # recorded once the core is done with it: "seen" means "handled"
                bot.events.append(event)

        task = asyncio.create_task(adapter.start(sink))
        await adapter.wait_ready(WAIT)
        if center is not None:
            await asyncio.wait_for(adapter.synced.wait(), WAIT)
        yield bot
        assert await core.drain(timeout=WAIT)
        if check_spec:
            found = [p for r in fake.requests for p in problems(r.method, r.path, r.query,
                                                                r.body, r.parts)]
            assert found == [], "requests that disagree with Discord's spec:\n" + "\n".join(
                found)
    finally:
        await adapter.stop()
        if task is not None:
            await asyncio.wait_for(task, WAIT)
        await store.close()
        if own_fake:
            await fake.close()
