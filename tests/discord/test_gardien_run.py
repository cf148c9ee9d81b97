"""`gardien run` itself, as a host runs it, against the fake Discord: the composition root
wires config, store, rules, the Discord adapter and its commands; SIGTERM ends it cleanly."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import guild as g
from .fake import FakeDiscord
from .harness import TOKEN

WAIT = 20.0


async def _until(check, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def test_gardien_run_moderates_discord_and_stops_on_sigterm(tmp_path: Path) -> None:
    fake = FakeDiscord(TOKEN)
    await fake.start()
    config = tmp_path / "gardien.yaml"
    config.write_text(
        "storage: gardien.db\n"
        "rules: {default: pack:netiquette.en}\n"
        "platforms:\n"
        "  discord:\n"
        "    token: ${DISCORD_TOKEN}\n"
        f"    api_base: {fake.api_base}\n"
        f"    gateway: {fake.gateway}\n"
        "log: {format: json, level: info}\n", encoding="utf-8")
    env = {**os.environ, "DISCORD_TOKEN": TOKEN}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gardien", "run", "--config", str(config),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        await fake.connected(timeout=WAIT)
        await _until(lambda: fake.calls("PUT", f"/applications/{g.APP}/commands"),
                     "the slash commands synced")
        message = fake.guild.message(g.ALICE, "you f*cking idiot")
        await fake.dispatch("MESSAGE_CREATE", message)
        deleted = f"/channels/{g.GENERAL}/messages/{message['id']}"
        await _until(lambda: fake.calls("DELETE", deleted), "the insult deleted")
        await _until(lambda: len(fake.calls("POST", f"/channels/{g.GENERAL}/messages")) >= 1,
                     "the warning posted")
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        out, err = await asyncio.wait_for(process.communicate(), timeout=WAIT)
        assert process.returncode == 0, err.decode()[-2000:]
        assert time.monotonic() - started < 10          # FORMATS.md: within 10 s
        assert TOKEN not in out.decode() + err.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.close()
    cases = subprocess.run(
        [sys.executable, "-m", "gardien", "cases", "--config", str(config), "--json"],
        capture_output=True, text=True, timeout=60, env=env)
    [case] = [json.loads(line) for line in cases.stdout.splitlines()]
    assert (case["community"], case["user"], case["action"], case["rule"],
            case["status"]) == (f"discord:{g.GUILD}", str(g.ALICE), "warn", "no-insults",
                                "done")


async def test_a_rejected_token_stops_gardien_run_with_an_error(tmp_path: Path) -> None:
    fake = FakeDiscord(TOKEN)
    await fake.start()
    config = tmp_path / "gardien.yaml"
    config.write_text(
        "rules: {default: pack:netiquette.en}\n"
        "platforms:\n"
        "  discord: {token: '${DISCORD_TOKEN}', "
        f"api_base: '{fake.api_base}', gateway: '{fake.gateway}'}}\n", encoding="utf-8")
    wrong = "MTAwrong.token.value-not-accepted"
    try:
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "gardien", "run", "--config", str(config)],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
            env={**os.environ, "DISCORD_TOKEN": wrong})
    finally:
        await fake.close()
    assert done.returncode == 1, done.stderr[-2000:]
    assert "adapter_failed" in done.stderr
    assert wrong not in done.stdout + done.stderr
