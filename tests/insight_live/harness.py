"""A live core for insight tests: the real core (`build_core`) on a SQLite file, the rule
file of tests/insight/stream.py plus a kick rule, a command-capable fake adapter, and a
clock that follows the events (so the ledger's cases carry the events' times, as they do
when the bot runs in real time)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.command_model import Answer, Authority, Invocation
from bot.core import build_core
from bot.eventstream import parse_event
from bot.rulebook import Rulebook
from bot.watch.digest import DIGEST_WINDOW
from storage.sqlite import SQLiteStore
from tests.commands.bench import BOT, MOD, CommandAdapter
from tests.insight.stream import EVENTS, RULES, member, message
from tests.runtime.fakes import FakeClock
from tests.runtime.procs import gardien

KICK_RULE = """\
  - id: no-kickme
    match: {words: [kickme]}
    actions: [delete, kick]
"""
LIVE_RULES = RULES.format(locale="en") + KICK_RULE

# The month of tests/insight/stream.py, and: kim joins, is kicked by a rule (the platform
# then says she left), and rejoins; lou posts just before and just after midnight in Paris.
EXTRA = [
    member("k1", "join", "2026-10-07T08:00:00Z", "kim"),
    message("k2", "2026-10-07T08:10:00Z", "kim", "general", "kickme now"),
    member("k3", "leave", "2026-10-07T08:10:01Z", "kim"),
    member("k4", "join", "2026-10-09T08:00:00Z", "kim"),
    message("k5", "2026-10-09T08:05:00Z", "kim", "help"),
    message("p1", "2026-10-08T21:59:59Z", "lou", "random"),   # Oct 8, 23:59:59 in Paris
    message("p2", "2026-10-08T22:00:00Z", "lou", "random"),   # Oct 9, 00:00:00 in Paris
]


def stream_events() -> list[dict[str, Any]]:
    return sorted([*EVENTS, *EXTRA], key=lambda event: str(event["at"]))


def write_files(directory: Path, events: Iterable[dict[str, Any]]) -> tuple[Path, Path, Path]:
    """The stream, the rule file and a config whose database the live core writes."""
    stream = directory / "events.jsonl"
    stream.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    rules = directory / "rules.yaml"
    rules.write_text(LIVE_RULES, encoding="utf-8")
    config = directory / "gardien.yaml"
    config.write_text(f"storage: {directory / 'gardien.db'}\nrules:\n  default: {rules}\n"
                      "log:\n  format: json\n", encoding="utf-8")
    return stream, rules, config


def report_json(*args: str) -> list[dict[str, Any]]:
    done = gardien("report", *args, "--json")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@dataclass
class Live:
    core: Any
    store: SQLiteStore
    adapter: CommandAdapter
    clock: FakeClock

    async def feed(self, event: dict[str, Any]) -> None:
        """One event of the stream at its own time, its sanctions carried out."""
        parsed = parse_event(json.dumps(event))
        self.clock.now = parsed.at
        await self.core.handle(parsed)
        assert await self.core.drain(timeout=10)

    async def command(self, at: datetime, community: str, command: str, invoker: Authority,
                      target: Authority | None = None, **options: object) -> Answer:
        self.clock.now = at
        answer = await self.core.commands.invoke(Invocation(
            community=community, command=command, invoker=invoker, bot=BOT, target=target,
            options=dict(options), channel="general"))
        assert await self.core.drain(timeout=10)
        return answer


@asynccontextmanager
async def live(directory: Path, rules: Path, *, store: SQLiteStore | None = None,
               digest_window: float = DIGEST_WINDOW) -> AsyncIterator[Live]:
    """`digest_window`: seconds the watch groups hits into one post (short for a test
    that watches, or each `feed` would wait that long for its drain)."""
    clock = FakeClock()
    store = store or SQLiteStore(directory / "gardien.db", clock=clock)
    await store.open()
    try:
        rulebook = Rulebook(rules, {}, store)
        await rulebook.load()
        adapter = CommandAdapter()
        core = build_core(store, rulebook, [adapter], clock=clock, digest_window=digest_window)
        yield Live(core, store, adapter, clock)
        await core.drain(timeout=10)
    finally:
        await store.close()


__all__ = ["MOD", "Live", "live", "report_json", "stream_events", "write_files"]
