"""The resolved configuration `gardien run` works from (what `bot.config` produces).

Frozen, with absolute paths; tokens are `SecretStr`, so no repr ever shows one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Literal
from urllib.parse import urlsplit

from pydantic import SecretStr

from storage.target import StorageTarget

DEFAULT_STORAGE = "gardien.db"
DEFAULT_PACK = "pack:netiquette.en"


@dataclass(frozen=True, slots=True)
class Shards:
    """`platforms.discord.shards`: the Discord shards this process runs, of `count`."""

    count: int
    ids: tuple[int, ...]

    def of(self, guild_id: int) -> int:
        """The shard that carries a guild's events (Discord's formula)."""
        return (guild_id >> 22) % self.count


@dataclass(frozen=True, slots=True)
class DiscordConfig:
    token: SecretStr
    api_base: str  # without a trailing slash, includes /api/v10
    gateway: str
    shards: Shards | None = None  # None: every shard, in this process


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    url: str
    listen: str
    port: int
    secret: SecretStr  # Telegram's secret_token, checked on every update received


@dataclass(frozen=True, slots=True)
class TelegramConfig:
    token: SecretStr
    base_url: str
    webhook: WebhookConfig | None  # None: long polling


@dataclass(frozen=True, slots=True)
class RulesConfig:
    default: Path
    communities: Mapping[str, Path] = field(default_factory=lambda: MappingProxyType({}))

    def for_community(self, community: str) -> Path:
        """The rule file of `community` ("<platform>:<id>"), or the default one."""
        return self.communities.get(community, self.default)


@dataclass(frozen=True, slots=True)
class LogConfig:
    format: Literal["json", "console"] | None = None  # None: console on a terminal, else json
    level: Literal["debug", "info", "warning", "error"] = "info"


@dataclass(frozen=True, slots=True)
class Retention:
    """`privacy.retention`: how long each kind of data is kept (FORMATS.md, "Privacy")."""

    evidence: timedelta = timedelta(days=90)
    activity: timedelta = timedelta(days=400)
    notes: timedelta = timedelta(days=365)
    cases: timedelta = timedelta(days=730)
    removed_community: timedelta = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class MetricsConfig:
    """`metrics.listen`: where /metrics, /healthz and /readyz are served (port 0: any free)."""

    host: str = "127.0.0.1"
    port: int = 9464


@dataclass(frozen=True, slots=True)
class Config:
    """Everything `gardien run` needs; a platform that is None is off."""

    storage: StorageTarget   # a SQLite file, or a PostgreSQL URL (storage/target.py)
    rules: RulesConfig
    discord: DiscordConfig | None = None
    telegram: TelegramConfig | None = None
    log: LogConfig = field(default_factory=LogConfig)
    retention: Retention = field(default_factory=Retention)
    file: Path | None = None  # the config file read, None for the embedded defaults
    metrics: MetricsConfig | None = None   # None: no operations endpoints

    @property
    def console(self) -> bool:
        """With no platform on, the bot moderates a local console chat."""
        return self.discord is None and self.telegram is None

    def secrets(self) -> list[str]:
        """Every credential held, for the log redactor."""
        found: list[str] = []
        urls: list[str] = []
        if self.discord:
            found.append(self.discord.token.get_secret_value())
            urls += [self.discord.api_base, self.discord.gateway]
        if self.telegram:
            found.append(self.telegram.token.get_secret_value())
            urls.append(self.telegram.base_url)
            if self.telegram.webhook:
                found.append(self.telegram.webhook.secret.get_secret_value())
                urls.append(self.telegram.webhook.url)
        found += [password for url in urls if (password := _url_password(url))]
        return list(dict.fromkeys(secret for secret in found if secret))


def bundled_packs() -> dict[str, Path]:
    """`netiquette.en` -> its file, for every code of conduct shipped in `rules/packs/`."""
    folder = Path(str(files("rules").joinpath("packs")))
    return {path.name.removesuffix(".yaml"): path for path in sorted(folder.glob("*.yaml"))}


def default_config(base_dir: Path) -> Config:
    """The embedded defaults: storage in `base_dir`, the English pack, the console."""
    return Config(
        storage=(Path(base_dir) / DEFAULT_STORAGE).resolve(),
        rules=RulesConfig(default=bundled_packs()[DEFAULT_PACK.removeprefix("pack:")]),
    )


# --- the file's shape ---------------------------------------------------------------------


def _url_password(url: str) -> str | None:
    """A password written into a URL (`https://user:pass@proxy/`) is a secret too."""
    try:
        return urlsplit(url).password
    except ValueError:
        return None
