"""Logs: JSON lines or console text on standard error, and no credential ever in them."""

from __future__ import annotations

import io
import json
import logging
from datetime import datetime

import pytest
import structlog

from bot.logs import REDACTED, configure_logging, logger, reset_logging

SECRET = "9876543210:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"  # a Telegram-shaped token
HOOK = "hook-secret_42"
UNREGISTERED = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi0"


@pytest.fixture(autouse=True)
def clean_logging():
    """Leave logging as other test files expect it."""
    root = logging.getLogger()
    level = root.level
    yield
    reset_logging()
    root.setLevel(level)


@pytest.fixture
def stream() -> io.StringIO:
    return io.StringIO()


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_one_json_line_per_event(stream):
    configure_logging("json", "info", stream=stream)
    log = structlog.get_logger("gardien.test")
    log.info("case_recorded", case=3, community="discord:1")
    log.warning("platform_refused", status=403)
    first, second = lines(stream)
    assert first["event"] == "case_recorded" and first["case"] == 3
    assert first["level"] == "info" and second["level"] == "warning"
    assert first["logger"] == "gardien.test"
    stamp = datetime.fromisoformat(first["timestamp"].replace("Z", "+00:00"))
    assert stamp.utcoffset().total_seconds() == 0


HOT = logger("gardien.hot")   # made at import, as the hot path's modules make theirs


def test_a_hot_path_logger_follows_every_reconfiguration(stream):
    configure_logging("json", "warning", stream=stream)
    HOT.info("filtered")
    HOT.warning("kept", case=1)
    configure_logging("json", "info", stream=stream)   # a new level reaches it
    HOT.info("now kept")
    with structlog.testing.capture_logs() as captured:   # so does a test's capture
        HOT.info("captured", case=2)
    assert [line["event"] for line in lines(stream)] == ["kept", "now kept"]
    assert lines(stream)[0]["logger"] == "gardien.hot"
    assert [(e["event"], e["case"]) for e in captured] == [("captured", 2)]


def test_logs_go_to_standard_error_not_standard_output(capsys):
    configure_logging("json", "info")
    structlog.get_logger().info("started")
    logging.getLogger("discord").info("connected")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert [json.loads(line)["event"] for line in captured.err.splitlines()] == [
        "started", "connected"
    ]


def test_the_level_filters_both_structlog_and_the_standard_library(stream):
    configure_logging("json", "warning", stream=stream)
    structlog.get_logger().info("quiet")
    logging.getLogger("telegram.ext").info("quiet too")
    structlog.get_logger().error("loud")
    logging.getLogger("aiosqlite").warning("loud too")
    assert [line["event"] for line in lines(stream)] == ["loud", "loud too"]


def test_httpx_is_quiet_unless_debugging(stream):
    configure_logging("json", "info", stream=stream)
    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/...")
    logging.getLogger("httpx").warning("retrying")
    assert [line["event"] for line in lines(stream)] == ["retrying"]
    configure_logging("json", "debug", stream=stream)
    logging.getLogger("httpx").info("HTTP Request: GET")
    assert lines(stream)[-1]["event"] == "HTTP Request: GET"


def test_a_registered_secret_never_appears(stream):
    configure_logging("json", "debug", secrets=[SECRET, HOOK, ""], stream=stream)
    log = structlog.get_logger()
    log.info(f"token is {SECRET}")
    log.info("nested", detail={"headers": [("X-Hook", f"value {HOOK} here")], "n": 1})
    log.info("object", where=ValueError(f"bad {HOOK}"))
    try:
        raise RuntimeError(f"refused with {SECRET}")
    except RuntimeError:
        log.exception("call_failed")
    output = stream.getvalue()
    assert SECRET not in output and HOOK not in output
    assert "9876543210" not in output  # no part of the token either
    first, nested, obj, failed = lines(stream)
    assert first["event"] == f"token is {REDACTED}"
    assert nested["detail"]["headers"] == [["X-Hook", f"value {REDACTED} here"]]
    assert nested["detail"]["n"] == 1
    assert obj["where"] == f"ValueError: bad {REDACTED}"
    assert "RuntimeError: refused with [REDACTED]" in failed["exception"]
    assert "Traceback" in failed["exception"]


def test_standard_library_records_are_redacted_too(stream):
    configure_logging("json", "info", secrets=[SECRET], stream=stream)
    logging.getLogger("httpx").warning(f"POST https://api.telegram.org/bot{SECRET}/getUpdates")
    logging.getLogger("telegram.ext").error("polling failed for %s", SECRET)
    try:
        raise ConnectionError(f"https://api.telegram.org/bot{SECRET}/getMe unreachable")
    except ConnectionError:
        logging.getLogger("telegram.ext").exception("network error")
    output = stream.getvalue()
    assert SECRET not in output
    url, failed, network = lines(stream)
    assert url["event"] == f"POST https://api.telegram.org/bot{REDACTED}/getUpdates"
    assert url["logger"] == "httpx" and url["level"] == "warning"
    assert failed["event"] == f"polling failed for {REDACTED}"
    assert REDACTED in network["exception"] and "ConnectionError" in network["exception"]


def test_credentials_are_masked_even_when_not_registered(stream):
    configure_logging("json", "info", stream=stream)
    logging.getLogger("httpx").warning(f"POST https://x/bot{UNREGISTERED}/getUpdates")
    logging.getLogger("discord.http").warning("sent Authorization: Bot abc.def.ghi-jkl")
    structlog.get_logger().info(
        "request",
        headers={"Authorization": "Bot abc.def", "Content-Type": "application/json"},
        token="t0k3n",
        webhook_secret="s3cr3t",
        password=None,
    )
    output = stream.getvalue()
    for leaked in (UNREGISTERED, "abc.def", "t0k3n", "s3cr3t"):
        assert leaked not in output
    url, header, request = lines(stream)
    assert url["event"] == f"POST https://x/bot{REDACTED}/getUpdates"
    assert header["event"] == f"sent Authorization: Bot {REDACTED}"
    assert request["headers"] == {"Authorization": REDACTED, "Content-Type": "application/json"}
    assert request["token"] == REDACTED and request["webhook_secret"] == REDACTED
    assert request["password"] is None


def test_discord_shaped_tokens_are_masked(stream):
    configure_logging("json", "info", stream=stream)
    token = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789"
    structlog.get_logger().info(f"login with {token}")
    assert token not in stream.getvalue()


def test_console_format_is_readable(stream):
    configure_logging("console", "info", secrets=[SECRET], stream=stream)
    structlog.get_logger("gardien").info("bot started", platform="discord", token_of=SECRET)
    logging.getLogger("discord.gateway").warning("gateway reconnecting")
    output = stream.getvalue()
    assert "bot started" in output and "platform=discord" in output
    assert "gateway reconnecting" in output
    assert "\x1b[" not in output  # no colours when the stream is not a terminal
    assert not output.lstrip().startswith("{")
    assert SECRET not in output


def test_console_tracebacks_are_redacted(stream):
    configure_logging("console", "info", secrets=[SECRET], stream=stream)
    try:
        raise ValueError(SECRET)
    except ValueError:
        structlog.get_logger().exception("failed")
    output = stream.getvalue()
    assert "ValueError: [REDACTED]" in output and SECRET not in output


def test_the_default_format_follows_the_terminal(stream):
    configure_logging(None, "info", stream=stream)
    structlog.get_logger().info("piped")
    assert lines(stream)[0]["event"] == "piped"
    terminal = Terminal()
    configure_logging(None, "info", stream=terminal)
    structlog.get_logger().info("on a terminal")
    assert "on a terminal" in terminal.getvalue()
    assert not terminal.getvalue().startswith("{")


def test_configuring_twice_does_not_duplicate_lines(stream):
    configure_logging("json", "info", secrets=[SECRET], stream=stream)
    configure_logging("json", "info", secrets=[SECRET], stream=stream)
    structlog.get_logger().info("once")
    logging.getLogger("discord").info("once too")
    assert [line["event"] for line in lines(stream)] == ["once", "once too"]
    other = io.StringIO()
    configure_logging("json", "info", stream=other)
    structlog.get_logger().info("moved")
    assert [line["event"] for line in lines(stream)] == ["once", "once too"]
    assert [line["event"] for line in lines(other)] == ["moved"]


def test_a_logger_made_before_configuration_follows_it(stream):
    log = structlog.get_logger("early")
    configure_logging("json", "info", secrets=[HOOK], stream=stream)
    log.info(f"after {HOOK}")
    assert lines(stream)[0]["event"] == f"after {REDACTED}"


@pytest.mark.parametrize(("fmt", "level"), [("xml", "info"), ("json", "verbose")])
def test_bad_options_are_refused(fmt, level):
    with pytest.raises(ValueError):
        configure_logging(fmt, level, stream=io.StringIO())
