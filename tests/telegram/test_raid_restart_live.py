"""A raid held up by Telegram's flood control, through `gardien run` as a host runs it and
the fake Bot API: SIGTERM with every raider's restriction still waiting behind a
`retry_after` of 30 s exits within 10 s, the cases left pending; the next start restricts
every raider, each with exactly one case and one successful call."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.runtime.procs import cases_json, environment

from .fake import FakeBotAPI
from .harness import CHAT, LOG_CHAT, PAYLOADS, TOKEN

WAIT = 30.0
RAIDERS = 40
RULES = f"""\
version: 1
name: Raid
log_channel: "{LOG_CHAT}"
raid: {{joins: 10, within: 1m, lockdown: 15m, action: timeout}}
rules:
  - id: spam
    match: {{words: [buyfollowersnow]}}
    actions: [delete]
"""


def write_config(tmp_path: Path, fake: FakeBotAPI) -> Path:
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    config = tmp_path / "gardien.yaml"
    config.write_text(
        "storage: gardien.db\nrules: {default: rules.yaml}\nplatforms:\n"
        f"  telegram:\n    token: ${{TELEGRAM_TOKEN}}\n    base_url: {fake.base_url}\n"
        "log: {format: json, level: info}\n", "utf-8")
    return config


async def until(check, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def launch(config: Path, fake: FakeBotAPI) -> asyncio.subprocess.Process:
    polled = len(fake.made("getUpdates"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gardien", "run", "--config", str(config),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "TELEGRAM_TOKEN": TOKEN})
    await until(lambda: len(fake.made("getUpdates")) > polled, "the bot polling")
    return process


def cases(config: Path) -> list[dict[str, object]]:
    return cases_json(config, env=environment(TELEGRAM_TOKEN=TOKEN))


async def join_all(fake: FakeBotAPI, users: list[int]) -> None:
    for user in users:
        person = {"id": user, "is_bot": False, "first_name": f"raider{user}"}
        await fake.push({"chat_member": {
            "chat": {"id": CHAT, "title": "Raided group", "type": "supergroup"},
            "from": person, "date": int(time.time()),
            "old_chat_member": {"user": person, "status": "left"},
            "new_chat_member": {"user": person, "status": "member"}}})


async def stop(process: asyncio.subprocess.Process) -> float:
    process.send_signal(signal.SIGTERM)
    began = time.monotonic()
    _, err = await asyncio.wait_for(process.communicate(), timeout=WAIT)
    assert process.returncode == 0, err.decode()[-3000:]
    return time.monotonic() - began


async def test_sigterm_behind_flood_control_exits_in_time_and_the_restart_finishes_it(tmp_path):
    fake = await FakeBotAPI(TOKEN).start()
    fake.admins[CHAT] = json.loads((PAYLOADS / "chat_administrators.json").read_text("utf-8"))
    config = write_config(tmp_path, fake)
    users = [8_200_000 + n for n in range(RAIDERS)]
    process = await launch(config, fake)
    try:
        fake.fail("restrictChatMember", 429, "Too Many Requests: retry after 30",
                  times=None, retry_after=30)
        await join_all(fake, users)
        await until(lambda: len(cases(config)) >= RAIDERS, "every raider's case recorded")
        took = await stop(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert took < 10, took   # FORMATS.md: within 10 s of SIGTERM, whatever is queued
    assert {c["status"] for c in cases(config)} == {"pending"}

    fake._answers.pop("restrictChatMember", None)   # flood control over
    answered = time.monotonic()
    process = await launch(config, fake)
    try:
        def restricted() -> Counter[int]:
            return Counter(int(c.params["user_id"]) for c in fake.made("restrictChatMember")
                           if c.at >= answered)

        await until(lambda: set(restricted()) >= set(users), "every raider restricted")
        await until(lambda: {c["status"] for c in cases(config)} == {"done"}, "cases done")
        await stop(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.close()
    assert restricted() == Counter({u: 1 for u in users})                   # none twice
    assert sorted(int(str(c["user"])) for c in cases(config)) == users      # one case each
