"""A running core on real parts: a SQLiteStore file, a Rulebook over a rule file in
tmp_path, the real engine, a FakeAdapter and an injected clock."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.commands.center import CommandCenter
from bot.core import Core, build_core
from bot.pipeline import Pipeline
from bot.rulebook import Rulebook
from bot.startup import reconcile, warm_state
from bot.timers import TimerService
from rules.events import Join, Member, Message
from rules.verdict import Verdict
from storage.models import Case, Timer
from storage.sqlite import SQLiteStore

from .fakes import FakeAdapter, FakeClock

COMMUNITY = "fake:g1"

RULES = """\
version: 1
name: Runtime tests
escalation:
  expire_after: 30d
  steps:
    - {points: 3, action: timeout, duration: 1h}
rules:
  - id: no-insults
    match: {words: [moron, idiot]}
    actions: [delete, {warn: {points: 1, reason: insult}}]
  - id: no-scams
    match: {regex: ['scam\\.example']}
    actions: [delete, {ban: {reason: scam link}}]
  - id: tempban
    match: {words: [tempban]}
    actions: [{ban: {duration: 1d, reason: cool off}}]
  - id: mute
    match: {words: [mutelong]}
    actions: [{timeout: 3h}]
  - id: kicker
    match: {words: [kickme]}
    actions: [delete, kick]
  - id: trial
    mode: shadow
    match: {words: [shadowword]}
    actions: [delete, ban]
  - id: shouting
    cooldown: 10m
    match: {words: [loud]}
    actions: [{reply: "{mention}, quieter please"}]
"""

_ids = itertools.count(1)


def message(text: str, user: str = "u1", *, at: datetime, community: str = COMMUNITY,
            channel: str = "general") -> Message:
    return Message(id=f"m{next(_ids)}", community=community, at=at,
                   user=Member(id=user, name=f"name-{user}"), text=text, channel=channel)


def join(user: str, *, at: datetime, community: str = COMMUNITY) -> Join:
    return Join(id=f"j{next(_ids)}", community=community, at=at, user=Member(id=user, name=user))


class CoreParts:
    """The parts of the core tests reach for, named as before `build_core` held them."""

    core: Core

    @property
    def pipeline(self) -> Pipeline:
        return self.core.pipeline

    @property
    def timers(self) -> TimerService:
        return self.core.timers

    @property
    def center(self) -> CommandCenter:
        return self.core.commands


@dataclass
class Bot(CoreParts):
    core: Core
    store: SQLiteStore
    rulebook: Rulebook
    adapter: FakeAdapter
    clock: FakeClock
    rules_path: Path

    async def drain(self, timeout: float = 10) -> bool:
        return await self.core.drain(timeout)

    async def warm(self) -> tuple[int, int]:
        """Start-up's first step: points, cooldowns and lockdowns back into memory."""
        core = self.core
        return await warm_state(core.points, core.newcomers, core.clock)

    async def reconcile(self) -> int:
        """Start-up's second step: the cases a previous run left pending."""
        core = self.core
        return await reconcile(core.store, core.rulebook, core.cases, core.scheduler, core.clock)

    async def send(self, text: str, user: str = "u1", *, community: str = COMMUNITY,
                   drain: bool = True) -> Verdict | None:
        """Push a message at the clock's time and wait for its sanctions."""
        verdict = await self.adapter.push(message(text, user, at=self.clock(),
                                                  community=community))
        if drain:
            assert await self.core.drain(timeout=10)
        return verdict  # type: ignore[return-value]

    async def cases(self, community: str | None = None, user: str | None = None) -> list[Case]:
        return await self.store.cases(community=community, user=user)

    async def open_timers(self) -> list[Timer]:
        """Every timer not yet completed, however far in the future."""
        return await self.store.due_timers(self.clock() + timedelta(days=3650))


def write_rules(directory: Path, text: str = RULES, name: str = "rules.yaml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@asynccontextmanager
async def running(
    tmp_path: Path,
    rules: str | None = RULES,
    *,
    adapter: FakeAdapter | None = None,
    clock: FakeClock | None = None,
    db: str = "gardien.db",
    digest_window: float = 0.3,
) -> AsyncIterator[Bot]:
    """Open the store (the same file across calls with the same `db`), load the rules and
    build the core (as `gardien run` does) around the fake adapter; close the store on exit.
    `digest_window`: seconds the watch groups hits into one post (short here)."""
    rules_path = tmp_path / "rules.yaml"
    if rules is not None:
        write_rules(tmp_path, rules)
    clock = clock or FakeClock()
    adapter = adapter or FakeAdapter()
    store = SQLiteStore(tmp_path / db, clock=clock)
    await store.open()
    try:
        rulebook = Rulebook(rules_path, {}, store)
        await rulebook.load()
        core = build_core(store, rulebook, [adapter], clock=clock,
                          digest_window=digest_window)
        adapter.sink = core.handle
        yield Bot(core, store, rulebook, adapter, clock, rules_path)
        await core.drain(timeout=10)
    finally:
        await store.close()
