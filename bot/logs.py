"""Structured logs on standard error, with every credential scrubbed.

Standard output is reserved for command output (`--json` lines), so logs go to
standard error: JSON lines for machines, a readable form on a terminal. The
platform libraries log through the standard library (discord.py,
python-telegram-bot, httpx, aiosqlite), so their records go through the same
processors as ours: same renderer, same level, and the same redaction, since
httpx logs request URLs, and Telegram's contain the bot token.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

REDACTED = "[REDACTED]"
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
          "error": logging.ERROR}
# Libraries too chatty (or too revealing) at INFO: quiet unless debugging.
QUIET_LOGGERS = ("httpx",)

_SENSITIVE_KEY = re.compile(
    r"token|secret|passw(or)?d|authorization|api[_-]?key|cookie|credential", re.IGNORECASE
)
# Shapes of credentials that must be masked even when nobody registered them.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Telegram Bot API URLs: .../bot<id>:<secret>/method
    (re.compile(r"/bot\d+:[A-Za-z0-9_-]{30,}"), "/bot" + REDACTED),
    # a bare Telegram token
    (re.compile(r"(?<![A-Za-z0-9_-])\d{5,}:[A-Za-z0-9_-]{35,}"), REDACTED),
    # Authorization headers, written as a header line or in a dict's repr
    (
        re.compile(r"""(?i)(authorization['"]?\s*[:=]\s*['"]?(?:bot|bearer|basic)\s+)[^\s'",}]+"""),
        r"\1" + REDACTED,
    ),
    # a Discord bot token: base64 user id . timestamp . HMAC
    (re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{24,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}"),
     REDACTED),
)

_MARK = "_gardien_handler"


class Redactor:
    """A structlog processor replacing secrets in every string of an event."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        variants = {v for s in secrets if s for v in (s, quote(s, safe=""))}
        longest_first = sorted(variants, key=len, reverse=True)
        self._secrets = (
            re.compile("|".join(map(re.escape, longest_first))) if longest_first else None
        )

    def text(self, value: str) -> str:
        if self._secrets is not None:
            value = self._secrets.sub(REDACTED, value)
        for pattern, replacement in _PATTERNS:
            value = pattern.sub(replacement, value)
        return value

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Mapping):
            return {self.text(k) if isinstance(k, str) else k: self.masked(k, v)
                    for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self.value(item) for item in value]
        if isinstance(value, bytes):
            return self.text(value.decode("utf-8", "replace"))
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, PurePath):
            return self.text(str(value))
        if isinstance(value, BaseException):
            return self.text(f"{type(value).__name__}: {value}")
        return self.text(repr(value))  # what both renderers would print, scrubbed first

    def masked(self, key: Any, value: Any) -> Any:
        if isinstance(key, str) and _SENSITIVE_KEY.search(key) and value not in (None, ""):
            return REDACTED
        return self.value(value)

    def __call__(self, logger: WrappedLogger, name: str, event_dict: EventDict) -> EventDict:
        return {key: self.masked(key, value) for key, value in event_dict.items()}


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def configure_logging(
    fmt: str | None,
    level: str,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
) -> None:
    """Send structlog and standard-library logs to `stream` (standard error), redacted.

    `fmt` is "json", "console", or None for console on a terminal and JSON otherwise.
    Calling it again replaces the previous configuration.
    """
    stream = sys.stderr if stream is None else stream
    if fmt is None:
        fmt = "console" if _is_tty(stream) else "json"
    if fmt not in ("json", "console"):
        raise ValueError(f"log format {fmt!r}: expected json or console")
    numeric = LEVELS.get(level.lower())
    if numeric is None:
        raise ValueError(f"log level {level!r}: expected one of {', '.join(LEVELS)}")

    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=_is_tty(stream))
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # Tracebacks become text before redaction, so a secret in one is scrubbed.
            structlog.processors.format_exc_info,
            Redactor(secrets),
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    setattr(handler, _MARK, True)

    root = logging.getLogger()
    _remove_handlers(root)
    root.addHandler(handler)
    root.setLevel(numeric)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET if numeric <= logging.DEBUG
                                         else max(numeric, logging.WARNING))

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        # Methods below `level` are no-ops bound at creation: a filtered-out `log.info` on
        # the hot path costs a call, not a trip through the processors and the stdlib.
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        cache_logger_on_first_use=False,  # a reconfiguration reaches loggers already made;
    )                                     # `logger` below caches for the hot path


class Logger:
    """`structlog.get_logger(name)` for the hot path: the bound logger is assembled once per
    configuration, not at every call, so a filtered-out `log.info` costs well under a
    microsecond (structlog's lazy proxy assembles one each time: ~2 µs). Any change of
    configuration, `configure_logging` or `structlog.testing.capture_logs`, reaches it:
    each call checks that structlog's configuration is still the one it was bound under."""

    __slots__ = ("_bound", "_made_by", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._made_by: tuple[object, ...] = ()
        self._bound: Any = None

    def __getattr__(self, method: str) -> Any:
        config = structlog.get_config()
        made_by = self._made_by
        if (not made_by or made_by[0] is not config["processors"]
                or made_by[1] is not config["wrapper_class"]
                or made_by[2] is not config["logger_factory"]
                or made_by[3] is not config["context_class"]):
            self._bound = structlog.get_logger(self._name).bind()
            self._made_by = (config["processors"], config["wrapper_class"],
                             config["logger_factory"], config["context_class"])
        return getattr(self._bound, method)


def logger(name: str) -> Logger:
    return Logger(name)


def reset_logging() -> None:
    """Undo `configure_logging` (for tests): our handler removed, defaults restored."""
    root = logging.getLogger()
    _remove_handlers(root)
    root.setLevel(logging.WARNING)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET)
    structlog.reset_defaults()


def _remove_handlers(root: logging.Logger) -> None:
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
            handler.close()
