"""The config file's sections as pydantic models: the shapes bot/config.py checks a file
against before turning it into a frozen `Config` (kept apart so the loader stays short)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field

from bot.settings import Retention
from rules.spectypes import Duration, StrictModel

DISCORD_API_BASE = "https://discord.com/api/v10"
DISCORD_GATEWAY = "wss://gateway.discord.gg/"
TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _url(schemes: tuple[str, ...], *, strip_slash: bool = False) -> Callable[[str], str]:
    def check(value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme.lower() not in schemes or not parts.netloc:
            raise ValueError(f"expected a {' or '.join(schemes)} URL, got {value!r}")
        return value.rstrip("/") if strip_slash else value

    return check


def _webhook_secret(value: str) -> str:
    # The value is a secret: never echo it in the message.
    if not _WEBHOOK_SECRET.fullmatch(value):
        raise ValueError("must be 1 to 256 characters among A-Z, a-z, 0-9, _ and -")
    return value


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _token_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Token = Annotated[str | None, BeforeValidator(_token_text)]


class _Top(StrictModel):
    storage: Any = None
    rules: Any = None
    platforms: Any = None
    log: Any = None
    privacy: Any = None
    metrics: Any = None


class _Metrics(StrictModel):
    listen: Any = None


class _Privacy(StrictModel):
    retention: Any = None


_DEFAULT = Retention()
APPEAL_WINDOW = timedelta(days=180)   # appeals stay open at least this long after a decision


class _Retention(StrictModel):
    evidence: Duration = _DEFAULT.evidence
    activity: Duration = _DEFAULT.activity
    notes: Duration = _DEFAULT.notes
    cases: Duration = _DEFAULT.cases
    removed_community: Duration = _DEFAULT.removed_community


class _Platforms(StrictModel):
    discord: Any = None
    telegram: Any = None


class _Rules(StrictModel):
    default: str | None = None
    communities: dict[str, str] | None = None


class _Discord(StrictModel):
    token: Token = None
    api_base: Annotated[str, AfterValidator(_url(("http", "https"), strip_slash=True))] = (
        DISCORD_API_BASE
    )
    gateway: Annotated[str, AfterValidator(_url(("ws", "wss")))] = DISCORD_GATEWAY
    shards: Any = None


class _Shards(StrictModel):
    count: Annotated[int, Field(ge=1)]
    ids: list[Annotated[int, Field(ge=0)]]


class _Webhook(StrictModel):
    url: Annotated[str, AfterValidator(_url(("https",)))]
    listen: Annotated[str, Field(min_length=1)] = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8443
    secret: Annotated[str, AfterValidator(_webhook_secret)]


class _Telegram(StrictModel):
    token: Token = None
    base_url: Annotated[str, AfterValidator(_url(("http", "https")))] = TELEGRAM_BASE_URL
    webhook: _Webhook | None = None


class _Log(StrictModel):
    format: Annotated[Literal["json", "console"] | None, BeforeValidator(_lower)] = None
    level: Annotated[Literal["debug", "info", "warning", "error"], BeforeValidator(_lower)] = (
        "info"
    )
