"""A raid under Discord's rate limits, through `gardien run` as a host runs it and the fake
Discord: a 429 with `retry_after` in the middle of a raid is waited out, and SIGTERM with
every raider's timeout still queued exits within 10 s, leaving the cases pending, which the
next start carries out: every raider timed out, each with exactly one case."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.runtime.procs import cases_json, environment

from . import guild as g
from .fake import FakeDiscord
from .harness import TOKEN

WAIT = 30.0
RAIDERS = 40
RULES = """\
version: 1
name: Raid
log_channel: "{log}"
raid: {{joins: 10, within: 1m, lockdown: 15m, action: timeout}}
rules:
  - id: spam
    match: {{words: [buyfollowersnow]}}
    actions: [delete]
"""
RATE_LIMITED = {"message": "You are being rate limited.", "retry_after": 30.0,
                "global": False, "code": 0}


def limited_headers(seconds: float) -> dict[str, str]:
    return {"Retry-After": str(int(seconds)), "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": f"{time.time() + seconds:.3f}",
            "X-RateLimit-Reset-After": f"{seconds:.3f}", "X-RateLimit-Bucket": "members",
            "X-RateLimit-Scope": "user", "Via": "1.1 google"}


def write_config(tmp_path: Path, fake: FakeDiscord) -> Path:
    (tmp_path / "rules.yaml").write_text(RULES.format(log=g.MOD_LOG), encoding="utf-8")
    config = tmp_path / "gardien.yaml"
    config.write_text(
        "storage: gardien.db\nrules: {default: rules.yaml}\nplatforms:\n"
        f"  discord:\n    token: ${{DISCORD_TOKEN}}\n    api_base: {fake.api_base}\n"
        f"    gateway: {fake.gateway}\nlog: {{format: json, level: info}}\n", "utf-8")
    return config


async def launch(config: Path, fake: FakeDiscord) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gardien", "run", "--config", str(config),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "DISCORD_TOKEN": TOKEN})
    await fake.connected(timeout=WAIT)
    await until(lambda: fake.calls("PUT", f"/applications/{g.APP}/commands"), "commands synced")
    return process


async def until(check, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def cases(config: Path) -> list[dict[str, object]]:
    return cases_json(config, env=environment(DISCORD_TOKEN=TOKEN))


async def join_all(fake: FakeDiscord, users: list[int]) -> None:
    for user in users:
        at = datetime.now(UTC)
        fake.guild.members[user] = ([], at)
        await fake.dispatch("GUILD_MEMBER_ADD", {**g.member(user, [], at),
                                                 "guild_id": str(g.GUILD)})


def timed_out(fake: FakeDiscord, user: int) -> int:
    """Timeouts of `user` the fake answered with success."""
    return sum(1 for c in fake.calls("PATCH", f"/guilds/{g.GUILD}/members/{user}")
               if isinstance(c.body, dict) and c.body.get("communication_disabled_until")
               and c.status < 300)


async def stop(process: asyncio.subprocess.Process) -> float:
    process.send_signal(signal.SIGTERM)
    began = time.monotonic()
    _, err = await asyncio.wait_for(process.communicate(), timeout=WAIT)
    assert process.returncode == 0, err.decode()[-3000:]
    return time.monotonic() - began


async def test_sigterm_with_a_full_queue_exits_in_time_and_the_restart_finishes_it(tmp_path):
    fake = FakeDiscord(TOKEN)
    await fake.start()
    config = write_config(tmp_path, fake)
    users = [g.snowflake() for _ in range(RAIDERS)]
    process = await launch(config, fake)
    try:
        for user in users:   # every timeout answered 429 for 30 s: the queue stays full
            fake.respond("PATCH", f"/guilds/{g.GUILD}/members/{user}", 429, RATE_LIMITED,
                         headers=limited_headers(30), times=None)
        await join_all(fake, users)
        await until(lambda: len(cases(config)) >= RAIDERS, "every raider's case recorded")
        took = await stop(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert took < 10, took   # FORMATS.md: within 10 s of SIGTERM, whatever is queued
    assert {c["status"] for c in cases(config)} == {"pending"}
    assert not any(timed_out(fake, u) for u in users)

    for user in users:
        fake.forget("PATCH", f"/guilds/{g.GUILD}/members/{user}")
    process = await launch(config, fake)
    try:
        await until(lambda: all(timed_out(fake, u) for u in users), "every raider timed out")
        await until(lambda: {c["status"] for c in cases(config)} == {"done"}, "cases done")
        await stop(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.close()
    recorded = cases(config)
    assert sorted(str(c["user"]) for c in recorded) == sorted(map(str, users))  # one each
    assert all(timed_out(fake, u) == 1 for u in users)                          # none twice


async def test_a_429_in_the_middle_of_a_raid_is_waited_out(tmp_path):
    fake = FakeDiscord(TOKEN)
    await fake.start()
    config = write_config(tmp_path, fake)
    users = [g.snowflake() for _ in range(RAIDERS)]
    process = await launch(config, fake)
    try:
        middle = users[RAIDERS // 2]
        fake.respond("PATCH", f"/guilds/{g.GUILD}/members/{middle}", 429,
                     {**RATE_LIMITED, "retry_after": 1.0}, headers=limited_headers(1), times=1)
        await join_all(fake, users)
        await until(lambda: all(timed_out(fake, u) for u in users), "every raider timed out")
        await until(lambda: {c["status"] for c in cases(config)} == {"done"}, "cases done")
        assert await stop(process) < 10
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.close()
    tries = fake.calls("PATCH", f"/guilds/{g.GUILD}/members/{middle}")
    assert [c.status for c in tries] == [429, 200]      # refused once, retried, done
    assert len(cases(config)) == RAIDERS and all(timed_out(fake, u) == 1 for u in users)
