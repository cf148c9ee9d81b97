"""A platform token never reaches the output, whatever the log level or format.

`gardien run` really starts Telegram here: against the fake Bot API (so httpx and
python-telegram-bot log request URLs, which contain the token) and against a closed
port (so connection errors are logged), at debug level, then stopped with SIGTERM.
"""

from __future__ import annotations

import asyncio
import signal
import sys

import pytest

from tests.telegram.fake import FakeBotAPI
from tests.telegram.harness import text_message

from .procs import GARDIEN, environment, gardien, write_config

SECRET = "7355608:AAF-S3cr3tT0k3n-do-not-print-xyzzy"
WEBHOOK = "wh-Secret-Token_0123456789abcdef"
PIECES = (SECRET, SECRET.split(":")[1], "S3cr3tT0k3n", WEBHOOK)

PLATFORMS = """\
platforms:
  telegram:
    token: ${GARDIEN_TEST_TG_TOKEN}
    base_url: BASE_URL
"""
WEBHOOK_PART = """\
    webhook:
      url: https://bot.example.org/telegram
      secret: ${GARDIEN_TEST_TG_HOOK}
"""


def configure(tmp_path, fmt: str, base_url: str, webhook: bool = False):
    body = PLATFORMS.replace("BASE_URL", base_url) + (WEBHOOK_PART if webhook else "")
    config = write_config(tmp_path, body)
    text = config.read_text().replace("format: json", f"format: {fmt}\n  level: debug")
    config.write_text(text, encoding="utf-8")
    return config


async def run_gardien(config, until, timeout: float = 20.0,
                      wait_for_log: tuple[str, int] | None = None) -> tuple[int, str, str]:
    """Start `gardien run`, await `until()` (and, if asked, until standard error holds
    a text so many times), send SIGTERM, and collect its output."""
    env = environment(GARDIEN_TEST_TG_TOKEN=SECRET, GARDIEN_TEST_TG_HOOK=WEBHOOK)
    process = await asyncio.create_subprocess_exec(
        *GARDIEN, "run", "--config", str(config), cwd=config.parent, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    stdout_read = asyncio.ensure_future(process.stdout.read())
    lines: list[bytes] = []
    seen = asyncio.Event()

    async def read_errors() -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            lines.append(line)
            if wait_for_log and b"".join(lines).decode().count(wait_for_log[0]) >= wait_for_log[1]:
                seen.set()

    errors_read = asyncio.ensure_future(read_errors())
    try:
        await asyncio.wait_for(until(), timeout)
        if wait_for_log:
            await asyncio.wait_for(seen.wait(), timeout)
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(asyncio.gather(errors_read, process.wait()), 15)
        stdout = await stdout_read
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    return process.returncode, stdout.decode(), b"".join(lines).decode()


def assert_clean(*texts: str) -> None:
    for piece in PIECES:
        for text in texts:
            assert piece not in text


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
@pytest.mark.parametrize("fmt", ["json", "console"])
async def test_the_telegram_token_is_never_printed(tmp_path, fmt):
    fake = await FakeBotAPI(SECRET).start()
    try:
        config = configure(tmp_path, fmt, fake.base_url)

        async def work():
            await fake.wait_for("getUpdates", timeout=15)
            await fake.push(text_message(f"my token is {SECRET}", 1))
            await fake.push(text_message("you idiot", 2))
            await fake.wait_for("sendMessage", timeout=15)

        code, stdout, stderr = await run_gardien(config, work)
    finally:
        await fake.close()
    assert code == 0, stderr
    # the bot really ran Telegram, and httpx logged its request URLs (redacted)
    assert [c.method for c in fake.actions()] == ["deleteMessage", "sendMessage"]
    assert "getUpdates" in stderr and "[REDACTED]" in stderr
    assert "telegram_polling" in stderr
    assert_clean(stdout, stderr)
    listing = gardien("cases", "--config", str(config), "--json", cwd=tmp_path)
    assert '"rule": "no-insults"' in listing.stdout
    assert_clean(listing.stdout, listing.stderr)


async def test_connection_errors_do_not_print_the_token(tmp_path):
    config = configure(tmp_path, "json", "http://127.0.0.1:9/bot", webhook=True)

    async def work() -> None:   # nothing listens there: the adapter retries, logging why
        return None

    code, stdout, stderr = await run_gardien(
        config, work, wait_for_log=("telegram_unreachable", 2))
    assert code == 0, stderr
    assert stderr.count("telegram_unreachable") >= 2   # retried, not given up
    assert '"signal": "SIGTERM"' in stderr
    assert_clean(stdout, stderr)


def test_a_config_error_does_not_echo_the_token(tmp_path):
    config = configure(tmp_path, "json", "ftp://127.0.0.1:9/bot", webhook=True)
    env = environment(GARDIEN_TEST_TG_TOKEN=SECRET, GARDIEN_TEST_TG_HOOK=WEBHOOK)
    done = gardien("run", "--config", str(config), cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert "base_url" in done.stderr
    assert_clean(done.stdout, done.stderr)
