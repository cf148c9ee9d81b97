"""`gardien run` against the fake Discord with `metrics.listen` on: /readyz is 503 naming
Discord, and gardien_platform_up{platform="discord"} is 0, while the gateway is down and
refuses reconnections; both come back once Discord takes the bot again. SIGTERM still ends
the run within FORMATS.md's 10 s with the HTTP server up."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from aiohttp import ClientSession, web

from tests.discord.fake import FakeDiscord
from tests.discord.harness import TOKEN

from .scrape import LISTENING, samples

WAIT = 30.0


class RefusingDiscord(FakeDiscord):
    """The fake Discord whose gateway can refuse connections (an outage on Discord's side)."""

    refusing = False

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        if self.refusing:
            raise web.HTTPServiceUnavailable()
        return await super()._gateway(request)


async def _until(check, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def _port(stderr: asyncio.StreamReader) -> int:
    async with asyncio.timeout(WAIT):
        while line := (await stderr.readline()).decode():
            if (found := LISTENING.search(line)) is not None:
                return int(found.group(1) or found.group(2))
    raise AssertionError("gardien exited before serving the metrics")


async def test_readiness_and_platform_up_follow_the_discord_connection(tmp_path: Path) -> None:
    fake = RefusingDiscord(TOKEN)
    await fake.start()
    config = tmp_path / "gardien.yaml"
    config.write_text(
        "storage: gardien.db\n"
        "rules: {default: pack:netiquette.en}\n"
        "platforms:\n"
        f"  discord: {{token: '${{DISCORD_TOKEN}}', api_base: '{fake.api_base}', "
        f"gateway: '{fake.gateway}'}}\n"
        "metrics: {listen: '127.0.0.1:0'}\n"
        "log: {format: json, level: info}\n", encoding="utf-8")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gardien", "run", "--config", str(config),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "DISCORD_TOKEN": TOKEN})
    try:
        assert process.stderr is not None
        port = await _port(process.stderr)
        drained = asyncio.ensure_future(process.stderr.read())   # keep the pipe flowing
        base = f"http://127.0.0.1:{port}"
        async with ClientSession() as http:

            async def readyz() -> tuple[int, dict]:
                async with http.get(base + "/readyz") as answer:
                    return answer.status, json.loads(await answer.text())

            async def discord_up() -> float:
                async with http.get(base + "/metrics") as answer:
                    found = samples(await answer.text())
                return found[("gardien_platform_up", (("platform", "discord"),))]

            async def is_ready() -> bool:
                return await readyz() == (200, {"status": "ok"})

            await _until(is_ready, "ready once connected")
            assert await discord_up() == 1

            fake.refusing = True
            await fake.drop(code=1011)   # the socket closes; reconnections are refused

            async def is_unready() -> bool:
                return (await readyz())[0] == 503

            await _until(is_unready, "unready while Discord is down")
            status, answer = await readyz()
            assert status == 503
            assert answer == {"status": "unready", "reasons": ["discord is not connected"]}
            assert await discord_up() == 0
            async with http.get(base + "/healthz") as alive:
                assert alive.status == 200

            fake.refusing = False
            await _until(is_ready, "ready again once Discord takes the bot back")
            assert await discord_up() == 1
        process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        assert await asyncio.wait_for(process.wait(), timeout=WAIT) == 0, \
            (await drained).decode()[-2000:]
        assert time.monotonic() - started < 10
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.close()
