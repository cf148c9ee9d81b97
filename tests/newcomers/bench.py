"""A running core for newcomers' tests: a real SQLite file, a Rulebook over a rule file in
tmp_path, the pipeline, timers and command center, and a FakeAdapter that also posts.

The paced queue sleeps on a fake: it records how long it would have waited (so pacing
is asserted without waiting) and only yields to the event loop.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.adapter import Capability
from bot.command_model import MANAGE_SERVER, Answer, Authority, Invocation
from bot.core import Core, Pacing, build_core
from bot.posts import Post
from bot.rulebook import Rulebook
from rules.events import Join, JoinRequest, Leave, Member
from storage.sqlite import SQLiteStore
from tests.runtime.fakes import FakeAdapter, FakeClock, address
from tests.runtime.harness import CoreParts

COMMUNITY = "fake:g1"
MOD = Authority("2", "mod", rank=5, rights=frozenset({MANAGE_SERVER}))
MEMBER = Authority("10", "bob", rank=1)
BOT = Authority("99", "gardien", rank=50, bot=True)
_ids = itertools.count(1)


@dataclass
class PostingAdapter(FakeAdapter):
    """FakeAdapter plus `post`: every post recorded; requests = actions + posts."""

    capabilities: frozenset[Capability] = frozenset({Capability.POSTS})
    posts: list[tuple[str, Post]] = field(default_factory=list)

    async def post(self, community: str, post: Post) -> None:
        self.posts.append((community, post))

    def requests(self) -> int:
        return len(self.attempts) + len(self.posts)

    def posted(self, prefix: str) -> list[Post]:
        return [post for _, post in self.posts if address(post.to).startswith(prefix)]


class FakeSleep:
    """Records the retries' waits (a 429's retry_after, an outage's backoff) instead of
    sleeping."""

    def __init__(self) -> None:
        self.total = 0.0
        self.calls = 0

    def now(self) -> float:
        """A clock only the waits move."""
        return self.total

    async def __call__(self, seconds: float) -> None:
        self.total += seconds
        self.calls += 1
        await asyncio.sleep(0)


@dataclass
class Bench(CoreParts):
    core: Core
    store: SQLiteStore
    rulebook: Rulebook
    adapter: PostingAdapter
    clock: FakeClock
    sleep: FakeSleep

    async def join(self, user: str, name: str | None = None, *, bot: bool = False,
                   at: datetime | None = None, drain: bool = True) -> object:
        member = Member(id=user, name=name or f"user{user}", bot=bot)
        result = await self.pipeline.handle(Join(id=f"j{next(_ids)}", community=COMMUNITY,
                                                 at=at or self.clock(), user=member))
        if drain:
            await self.drain()
        return result

    async def leave(self, user: str) -> None:
        await self.pipeline.handle(Leave(id=f"l{next(_ids)}", community=COMMUNITY,
                                         at=self.clock(), user=Member(id=user)))

    async def request(self, user: str) -> None:
        await self.pipeline.handle(JoinRequest(id=f"r{next(_ids)}", community=COMMUNITY,
                                               at=self.clock(),
                                               user=Member(id=user, name=f"user{user}")))
        await self.drain()

    async def drain(self) -> None:
        assert await self.core.drain(timeout=30)

    async def invoke(self, command: str, invoker: Authority, *, only_user: str | None = None,
                     **options: object) -> Answer:
        if only_user is not None:
            options["_only_user"] = only_user
        answer = await self.center.invoke(Invocation(
            community=COMMUNITY, command=command, invoker=invoker, bot=BOT,
            options=dict(options), channel="general"))
        await self.drain()
        return answer

    async def press(self, presser: str, newcomer: str | None = None) -> Answer:
        """`presser` presses the verify button posted for `newcomer` (default: their own)."""
        return await self.invoke("verify", Authority(presser, f"user{presser}"),
                                 only_user=newcomer or presser)


@asynccontextmanager
async def bench(tmp_path: Path, rules: str, *, clock: FakeClock | None = None,
                adapter: PostingAdapter | None = None, start: bool = False,
                concurrency: int | None = None) -> AsyncIterator[Bench]:
    """Open the store (the same file across calls), load `rules`, wire everything; with
    `start`, run the start-up chores as the app does (warm, reconcile, overdue timers)."""
    rules_path = tmp_path / "rules.yaml"
    rules_path.write_text(rules, encoding="utf-8")
    clock = clock or FakeClock()
    adapter = adapter or PostingAdapter()
    adapter.sink = None
    store = SQLiteStore(tmp_path / "gardien.db", clock=clock)
    await store.open()
    try:
        rulebook = Rulebook(rules_path, {}, store)
        await rulebook.load()
        sleep = FakeSleep()
        pacing = Pacing(concurrency=concurrency) if concurrency else Pacing()
        core = build_core(store, rulebook, [adapter], clock=clock, sleep=sleep, pacing=pacing)
        adapter.sink = core.handle
        b = Bench(core, store, rulebook, adapter, clock, sleep)
        if start:
            await core.start()
            await core.resume()
            await b.drain()
        yield b
        await core.drain(timeout=30)
    finally:
        await store.close()


def rules_file(head: str, rules: str = "") -> str:
    """A rule file with `head` (welcome, raid...) and a harmless rule unless given."""
    body = rules or """\
  - id: no-insults
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1, reason: insult}}]
"""
    return f"version: 1\nname: Newcomers\n{head.rstrip()}\nrules:\n{body}"
