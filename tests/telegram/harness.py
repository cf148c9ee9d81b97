"""A real Gardien core (Pipeline + SQLiteStore + Rulebook over a rule file) wired to the
real TelegramAdapter, which talks to the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram import Update
from telegram.ext import TypeHandler

from adapters.telegram import TelegramAdapter
from bot.clock import Clock, utc_now
from bot.config import TelegramConfig, WebhookConfig
from bot.core import Core, build_core
from bot.pipeline import Pipeline
from bot.rulebook import Rulebook
from rules.events import Event
from storage.models import Case
from storage.sqlite import SQLiteStore

from .fake import FakeBotAPI
from .spec import problems

TOKEN = "7000000001:AAE-fakeTokenForGardienTests_0123456789x"
CHAT = -1001234567890
PAYLOADS = Path(__file__).parent / "payloads"
LOG_CHAT = -1001111111111

RULES = f"""\
version: 1
name: Telegram tests
locale: en
log_channel: "{LOG_CHAT}"
exempt:
  roles: [admin]
escalation:
  expire_after: 30d
  steps:
    - {{points: 2, action: timeout, duration: 1h}}
rules:
  - id: no-insults
    match: {{words: [moron, idiot]}}
    actions: [delete, {{warn: {{points: 1, reason: insult}}}}]
  - id: no-scams
    match: {{links: {{deny: [grabify.link]}}}}
    actions: [delete, {{ban: {{delete_messages: 1d, reason: scam link}}}},
              {{alert: "Banned {{user}} for a scam link."}}]
  - id: hush
    match: {{words: [hushnow]}}
    actions: [{{timeout: 10s}}]
  - id: spoilers
    match: {{words: [spoiler]}}
    actions: [{{warn: {{points: 0, reason: spoilers}}}}, {{dm: "Please tag spoilers, {{user}}."}}]
  - id: flood
    match: {{flood: {{messages: 3, within: 60s}}}}
    actions: [{{kick: {{reason: flood}}}}]
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def payload(name: str, **fields: Any) -> dict:
    """A stored sample update, its inner object updated with `fields`, dated now."""
    update = copy.deepcopy(json.loads((PAYLOADS / f"{name}.json").read_text("utf-8")))
    update.pop("update_id", None)
    (kind,) = update.keys()
    inner = update[kind]
    now = int(time.time())
    if "edit_date" in inner:
        inner["edit_date"] = now
        inner["date"] = now - 30
    else:
        inner["date"] = now
    inner.update(fields)
    return update


def text_message(text: str, message_id: int, user: int = 5551001, name: str = "Bob",
                 **fields: Any) -> dict:
    sender = {"id": user, "is_bot": False, "first_name": name}
    return payload("message_text", text=text, message_id=message_id, **{"from": sender},
                   **fields)


@dataclass
class Bot:
    fake: FakeBotAPI
    adapter: TelegramAdapter
    core: Core
    store: SQLiteStore
    events: list[Event]
    processed: set[int]
    startup_calls: int = 0

    @property
    def pipeline(self) -> Pipeline:
        return self.core.pipeline

    async def send(self, update: dict, settle: float = 0.0) -> None:
        """Queue an update, wait until the bot fetched it and its sanctions finished."""
        update_id = await self.fake.push(update)
        await self.handled(update_id)
        assert await self.core.drain(timeout=15)
        if settle:
            await asyncio.sleep(settle)

    async def handled(self, update_id: int, timeout: float = 10.0) -> None:
        """Wait until the adapter's handler has finished with this update."""
        deadline = time.monotonic() + timeout
        while update_id not in self.processed:
            if time.monotonic() > deadline:
                raise AssertionError(f"update {update_id} not handled within {timeout}s")
            await asyncio.sleep(0.01)

    async def cases(self) -> list[Case]:
        return await self.store.cases()

    def after_startup(self):
        return self.fake.calls[self.startup_calls:]


@asynccontextmanager
async def telegram_bot(tmp_path: Path, rules: str = RULES, *,
                       webhook: WebhookConfig | None = None,
                       center: Any = None, judge: bool = True,
                       digest_window: float = 0.3, clock: Clock = utc_now
                       ) -> AsyncIterator[Bot]:
    """The core as `gardien run` builds it, on the real Telegram adapter against the fake.
    `center`: the commands to attach (an object, or a callable given the core, e.g.
    `lambda core: core.commands` for the real ones). `judge=False`: events are only
    recorded, never handed to the core (tests of the adapter alone). `digest_window`:
    seconds the watch groups hits into one post (short here). `clock`: the core's and the
    store's time (a test's clock moves schedules and timers)."""
    fake = await FakeBotAPI(TOKEN).start()
    fake.admins[CHAT] = json.loads((PAYLOADS / "chat_administrators.json").read_text("utf-8"))
    rules_path = tmp_path / "rules.yaml"
    rules_path.write_text(rules, encoding="utf-8")
    store = SQLiteStore(tmp_path / "gardien.db", clock=clock)
    await store.open()
    adapter = TelegramAdapter(TelegramConfig(token=SecretStr(TOKEN), base_url=fake.base_url,
                                             webhook=webhook))
    runner: asyncio.Task | None = None
    try:
        rulebook = Rulebook(rules_path, {}, store)
        await rulebook.load()
        core = build_core(store, rulebook, [adapter], digest_window=digest_window,
                          clock=clock)
        events: list[Event] = []

        async def sink(event: Event) -> None:
            events.append(event)
            if judge:
                await core.handle(event)

        processed: set[int] = set()

        async def mark(update: Update, context: object) -> None:
            processed.add(update.update_id)   # a later group: runs after the adapter's handler

        adapter.application.add_handler(TypeHandler(Update, mark), group=99)
        if center is not None:
            adapter.attach_commands(center(core) if callable(center) else center)
        runner = asyncio.create_task(adapter.start(sink))
        await fake.wait_for("setWebhook" if webhook else "getUpdates")
        bot = Bot(fake, adapter, core, store, events, processed, len(fake.calls))
        yield bot
        assert await core.drain(timeout=15)
    finally:
        await adapter.stop()
        if runner is not None:
            await asyncio.wait_for(runner, 10)
        await fake.close()
        await store.close()
    mistakes = problems(fake.calls)
    assert not mistakes, "calls that break the Bot API spec:\n" + "\n".join(mistakes)
