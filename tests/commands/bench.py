"""A running command center on real parts: a SQLite file, a Rulebook over a rule file in
tmp_path, the pipeline and timers, and a FakeAdapter that can also post and purge."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.adapter import Capability, Target
from bot.command_model import (
    BAN,
    KICK,
    MANAGE_MESSAGES,
    MANAGE_SERVER,
    MODERATE,
    Answer,
    Authority,
    Invocation,
)
from bot.core import Core, build_core
from bot.posts import DirectMessage, LogChannel, Post
from bot.rulebook import Rulebook
from rules.actions import Action, Purge
from storage.sqlite import SQLiteStore
from tests.runtime.fakes import FakeAdapter, FakeClock
from tests.runtime.harness import CoreParts

COMMUNITY = "fake:g1"
RULES = """\
version: 1
name: Command tests
locale: {locale}
log_channel: mod-log
escalation:
  expire_after: 30d
  steps:
    - {{points: 3, action: timeout, duration: 1h}}
    - {{points: 5, action: ban}}
rules:
  - id: no-insults
    description: Be courteous.
    match: {{words: [moron]}}
    actions: [delete, {{warn: {{points: 1, reason: insult}}}}]
  - id: tempban
    description: No spam.
    match: {{words: [tempban]}}
    actions: [{{ban: {{duration: 1d, reason: cool off}}}}]
"""

EVERY_RIGHT = frozenset({MODERATE, KICK, BAN, MANAGE_MESSAGES, MANAGE_SERVER})
OWNER = Authority("1", "owner", rank=100, owner=True)
MOD = Authority("2", "mod", rank=5, rights=EVERY_RIGHT)
HELPER = Authority("3", "helper", rank=5, rights=frozenset({MODERATE}))
MEMBER = Authority("10", "bob", rank=1)
OTHER = Authority("11", "eve", rank=1)
BOT = Authority("99", "gardien", rank=50, rights=EVERY_RIGHT, bot=True)


@dataclass
class CommandAdapter(FakeAdapter):
    """FakeAdapter with posts, purges (7 messages at most), message links and standings
    (everyone above, by id; anyone else a plain member)."""

    capabilities: frozenset[Capability] = frozenset(
        {Capability.POSTS, Capability.PURGE, Capability.MESSAGE_LINKS, Capability.STANDING})
    posts: list[tuple[str, Post]] = field(default_factory=list)
    purged: list[tuple[str, str, int, str | None]] = field(default_factory=list)
    standings: dict[str, Authority] = field(default_factory=lambda: {
        who.id: who for who in (OWNER, MOD, HELPER, MEMBER, OTHER, BOT)})

    async def standing(self, community: str, user: str) -> Authority | None:
        return self.standings.get(user, Authority(user))

    async def post(self, community: str, post: Post) -> None:
        self.posts.append((community, post))

    async def execute(self, action: Action, target: Target) -> int | None:
        done = await super().execute(action, target)
        if isinstance(action, Purge):
            self.purged.append((target.community, action.channel, action.count, action.user))
            return min(action.count, 7)
        return done

    def message_link(self, community: str, channel: str, message_id: str) -> str:
        return f"https://chat.example/{community}/{channel}/{message_id}"

    def log_posts(self) -> list[Post]:
        return [post for _, post in self.posts if isinstance(post.to, LogChannel)]

    def dms(self, user: str) -> list[Post]:
        return [post for _, post in self.posts if post.to == DirectMessage(user)]


@dataclass
class Bench(CoreParts):
    core: Core
    store: SQLiteStore
    rulebook: Rulebook
    adapter: CommandAdapter
    clock: FakeClock
    rules_path: Path

    async def run(self, command: str, invoker: Authority = MOD,
                  target: Authority | None = None, *, message_id: str = "",
                  message_text: str = "", locale: str | None = None, **options: object) -> Answer:
        """Invoke a command and wait for its background posts."""
        answer = await self.center.invoke(Invocation(
            community=COMMUNITY, command=command, invoker=invoker, bot=BOT, target=target,
            options=dict(options), channel="general", message_id=message_id,
            message_text=message_text, locale=locale))
        assert await self.core.drain(timeout=10)
        return answer

    async def cases(self, user: str | None = None):
        return await self.store.cases(COMMUNITY, user)


@asynccontextmanager
async def bench(tmp_path: Path, *, locale: str = "en",
                rules: str | None = None) -> AsyncIterator[Bench]:
    rules_path = tmp_path / "rules.yaml"
    rules_path.write_text(rules or RULES.format(locale=locale), encoding="utf-8")
    clock = FakeClock()
    adapter = CommandAdapter()
    store = SQLiteStore(tmp_path / "gardien.db", clock=clock)
    await store.open()
    try:
        rulebook = Rulebook(rules_path, {}, store)
        await rulebook.load()
        core = build_core(store, rulebook, [adapter], clock=clock)
        adapter.sink = core.handle
        yield Bench(core, store, rulebook, adapter, clock, rules_path)
        await core.drain(timeout=10)
    finally:
        await store.close()
