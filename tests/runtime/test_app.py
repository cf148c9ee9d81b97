"""`run_bot`, the composition root, in process: the console on a StringIO, a real config."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from bot.config import load_config
from gardien.app import run_bot
from storage.models import NewCase, NewTimer
from storage.sqlite import SQLiteStore

from .procs import write_config

COMMUNITY = "console:local"


async def _seed_overdue_unban(path) -> None:
    """A temporary ban that ended while the bot was down."""
    past = datetime.now(UTC) - timedelta(days=2)
    async with SQLiteStore(path) as store:
        case = await store.open_case(NewCase(
            community=COMMUNITY, user="bob", action="ban", rule="no-scam-links",
            reason="scam", created_at=past, expires_at=past + timedelta(days=1)))
        await store.finish_case(COMMUNITY, case.number, "done")
        await store.schedule(NewTimer(community=COMMUNITY, user="bob", kind="unban",
                                      due_at=past + timedelta(days=1),
                                      case_number=case.number))


async def _cases(path):
    async with SQLiteStore(path) as store:
        return await store.cases(), await store.due_timers(datetime.now(UTC) + timedelta(1))


async def test_an_overdue_timer_fires_at_start_even_in_a_short_session(tmp_path):
    config = load_config(write_config(tmp_path))
    await _seed_overdue_unban(config.storage)
    out = io.StringIO()
    assert await run_bot(config, io.StringIO(""), out) == 0
    cases, open_timers = await _cases(config.storage)
    assert [(c.action, c.status) for c in cases] == [("ban", "done"), ("unban", "done")]
    assert open_timers == []
    assert "unban: bob (rule no-scam-links)" in out.getvalue()


async def test_a_session_in_process_prints_and_records(tmp_path):
    config = load_config(write_config(tmp_path))
    out = io.StringIO()
    stdin = io.StringIO("alice: hi\nbob: you idiot\n/join eve\n")
    assert await run_bot(config, stdin, out) == 0
    assert out.getvalue().splitlines()[:2] == [
        "delete: bob's message msg-2 (rule no-insults)",
        "warn: bob, 1 point(s) (rule no-insults): @bob, you have been warned: insult or "
        "profanity. You now have 1 point(s).",
    ]
    cases, _ = await _cases(config.storage)
    assert [(c.user, c.action, c.status) for c in cases] == [("bob", "warn", "done")]
