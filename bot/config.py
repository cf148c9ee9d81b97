"""The host's config file (`gardien run --config FILE`), read once at start-up.

This is the only place that reads the environment: `${VAR}` values are
substituted here, so tokens live in the environment and never in the file.
The file is checked whole and refused with every problem at once, each with
file:line:column, like a rule file; what comes out is a frozen `Config` with
absolute paths, whose repr never shows a token. Rule files are only checked
to exist: compiling them is the runtime's job (and `gardien check`'s).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import SecretStr

from bot.config_models import (
    APPEAL_WINDOW,
    _Discord,
    _Log,
    _Metrics,
    _Platforms,
    _Privacy,
    _Retention,
    _Rules,
    _Shards,
    _Telegram,
    _Top,
)
from bot.listen import listen_address
from bot.ownership import shard_problems
from bot.settings import (
    DEFAULT_PACK,
    DEFAULT_STORAGE,
    Config,
    DiscordConfig,
    LogConfig,
    MetricsConfig,
    Retention,
    RulesConfig,
    Shards,
    TelegramConfig,
    WebhookConfig,
    bundled_packs,
    default_config,
)
from rules.problems import Problem
from rules.spectypes import StrictModel
from rules.validation import suggest, validate
from rules.yamlsource import Path as YamlPath
from rules.yamlsource import Source, load_yaml, not_regular, read_limited
from storage.target import PostgresURL, StorageTarget, is_postgres_url

PLATFORMS = ("discord", "telegram")

COMMUNITY_KEY = re.compile(r"(discord|telegram|console):\S+")
# `$${` is a literal `${`; `${VAR}`, `${VAR:-fallback}` (unset or empty), `${VAR-fallback}`
# (unset only); any other `${` is malformed.
_VARIABLE = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$\{")


__all__ = [
    "Config", "ConfigError", "DiscordConfig", "LogConfig", "RulesConfig", "TelegramConfig",
    "WebhookConfig", "bundled_packs", "default_config", "load_config",
]

def _why(error: Exception) -> str:
    """What is wrong with a path, without repeating the (possibly huge) path itself."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error)


class ConfigError(Exception):
    """The config file was refused; `problems` lists every reason, sorted by position."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))


# --- loading ------------------------------------------------------------------------------


def load_config(path: str | Path, environ: Mapping[str, str] | None = None) -> Config:
    """Read, check and resolve a config file; raise ConfigError listing every problem."""
    path = Path(path)
    name = str(path)
    raw, problem = read_limited(path, "config file")
    if raw is None:
        raise ConfigError([problem] if problem else [])
    source, problems = load_yaml(raw, name)
    if source is None:
        raise ConfigError(problems)
    loader = _Loader(source, path.resolve().parent, os.environ if environ is None else environ)
    loader.problems.extend(problems)
    config = loader.load(path.resolve())
    if loader.problems or config is None:
        raise ConfigError(loader.problems)
    return config


class _Loader:
    """One pass over a parsed config file, collecting problems instead of stopping."""

    def __init__(self, source: Source, base_dir: Path, environ: Mapping[str, str]) -> None:
        self.source = source
        self.base_dir = base_dir
        self.environ = environ
        self.problems: list[Problem] = []
        self.unresolved: dict[YamlPath, list[str]] = {}  # value path -> unset variables

    def problem(self, path: YamlPath, message: str, *, key: bool = False) -> None:
        line, column = self.source.position(path, key=key)
        self.problems.append(Problem(self.source.file, line, column, message))

    def load(self, file: Path) -> Config | None:
        data = self.source.data
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.problem((), "a config file is a mapping of `storage`, `rules`, `platforms`, "
                             "`log`, `privacy`, `metrics`")
            return None
        data = self.interpolate(data, ())
        off = {name for name in PLATFORMS if not self.token_of(data, name)}
        for path, names in self.unresolved.items():
            if len(path) >= 2 and path[0] == "platforms" and path[1] in off:
                continue  # an off platform's section is not used: its variables may be unset
            for name in names:
                self.problem(
                    path,
                    f"environment variable {name} is not set "
                    f"(write ${{{name}:-fallback}} for a default)",
                )
        self.section(_Top, (), data)  # unknown top-level keys; the sections go on regardless
        storage = self.storage(data.get("storage"))
        rules = self.rules(data.get("rules"))
        log = self.section(_Log, ("log",), data.get("log"))
        retention = self.retention(data.get("privacy"))
        metrics = self.metrics(data.get("metrics"))
        platforms = data.get("platforms")
        discord = telegram = None
        self.section(_Platforms, ("platforms",), platforms)
        if platforms is None or isinstance(platforms, dict):
            platforms = platforms or {}
            discord = self.discord(platforms, "discord" in off)
            telegram = self.telegram(platforms, "telegram" in off)
        if storage is None or rules is None or log is None or retention is None:
            return None
        return Config(
            storage=storage,
            rules=rules,
            discord=discord,
            telegram=telegram,
            log=LogConfig(format=log.format, level=log.level),
            retention=retention,
            file=file,
            metrics=metrics,
        )

    # -- environment

    def interpolate(self, value: Any, path: YamlPath) -> Any:
        """Substitute `${VAR}` in every string value; unset names go to `unresolved`."""
        if isinstance(value, dict):
            return {k: self.interpolate(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.interpolate(v, (*path, i)) for i, v in enumerate(value)]
        if not isinstance(value, str) or "${" not in value:
            return value

        def substitute(match: re.Match[str]) -> str:
            text, name, operator, fallback = match.group(0), *match.groups()
            if text == "$${":
                return "${"
            if name is None:
                self.problem(path, "malformed ${...}: write ${VAR} or ${VAR:-fallback}")
                return ""
            found = self.environ.get(name)
            if operator == ":-" and not found:
                return fallback
            if operator == "-" and found is None:
                return fallback
            if found is None:
                self.unresolved.setdefault(path, []).append(name)
                return ""
            return found

        return _VARIABLE.sub(substitute, value)

    def token_of(self, data: dict[str, Any], platform: str) -> str:
        """The platform's token, or "" when it is missing, empty or an unset variable."""
        section = (data.get("platforms") or {}) if isinstance(data.get("platforms"), dict) else {}
        options = section.get(platform)
        if not isinstance(options, dict):
            return ""
        token = options.get("token")
        if ("platforms", platform, "token") in self.unresolved or token is None:
            return ""
        return str(token).strip()

    # -- sections

    def section(self, model: type[StrictModel], at: YamlPath, value: Any) -> Any:
        """Validate one mapping section; report problems at their positions."""
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.problem(at, f"`{'.'.join(map(str, at))}` must be a mapping")
            return None
        failed = False

        def report(loc: tuple[Any, ...], message: str, at_key: bool) -> None:
            nonlocal failed
            failed = True
            full = (*at, *loc)
            if any(full[: len(p)] == p for p in self.unresolved):
                return  # already reported as an unset variable, or an off platform's
            self.problem(full, message, key=at_key)

        result = validate(model, value, report)
        return None if failed else result

    def retention(self, value: Any) -> Retention | None:
        privacy = self.section(_Privacy, ("privacy",), value)
        if privacy is None:
            return None
        spec = self.section(_Retention, ("privacy", "retention"), privacy.retention)
        if spec is None:
            return None
        periods = {name: getattr(spec, name) for name in _Retention.model_fields}
        for name, period in periods.items():
            if period < timedelta(days=1):
                self.problem(("privacy", "retention", name),
                             f"privacy.retention.{name}: at least 1d, got {period}")
                return None
        if periods["cases"] < APPEAL_WINDOW:   # a pseudonymised case can no longer be appealed
            self.problem(("privacy", "retention", "cases"),
                         f"privacy.retention.cases: at least {APPEAL_WINDOW.days}d, so that a "
                         f"sanctioned member can appeal for 180 days (DSA art. 20), got "
                         f"{periods['cases'].days}d")
            return None
        return Retention(**periods)

    def metrics(self, value: Any) -> MetricsConfig | None:
        """`metrics.listen: host:port`; absent, no endpoints (a problem is reported)."""
        spec = self.section(_Metrics, ("metrics",), value)
        if spec is None or spec.listen is None or ("metrics", "listen") in self.unresolved:
            return None
        try:
            host, port = listen_address(spec.listen)
        except ValueError as error:
            self.problem(("metrics", "listen"), f"metrics.listen: {error}")
            return None
        return MetricsConfig(host, port)

    def storage(self, value: Any) -> StorageTarget | None:
        if value is None:
            value = DEFAULT_STORAGE
        if ("storage",) in self.unresolved:
            return None  # reported as an unset variable
        if not isinstance(value, str) or not value.strip():
            self.problem(("storage",), "storage: expected the path of the SQLite file "
                         "or a postgresql:// URL")
            return None
        if is_postgres_url(value.strip()):
            try:   # the URL itself is never repeated: it may hold a password
                return PostgresURL(value.strip())
            except ValueError as error:
                self.problem(("storage",), f"storage: {error}")
                return None
        try:
            path = self.resolve(value)
            if path.is_dir():
                self.problem(("storage",), f"storage: {path} is a directory, not a database file")
            elif (reason := not_regular(path, "database file")) is not None:
                self.problem(("storage",), f"storage: {path}: {reason}")
            elif not path.parent.is_dir():
                self.problem(("storage",), f"storage: the directory {path.parent} does not exist")
        except (ValueError, OSError) as error:   # a NUL byte, a name too long for the disk
            self.problem(("storage",), f"storage: not a usable path ({_why(error)})")
            return None
        return path

    def rules(self, value: Any) -> RulesConfig | None:
        spec = self.section(_Rules, ("rules",), value)
        if spec is None:
            return None
        default = self.rule_file(spec.default or DEFAULT_PACK, ("rules", "default"))
        communities: dict[str, Path] = {}
        for key, text in (spec.communities or {}).items():
            where = ("rules", "communities", key)
            if not COMMUNITY_KEY.fullmatch(key):
                self.problem(
                    where,
                    f"community {key!r}: expected \"<platform>:<id>\" with platform "
                    "discord, telegram or console, e.g. \"discord:123456789012345678\"",
                    key=True,
                )
            found = self.rule_file(text, where)
            if found is not None:
                communities[key] = found
        if default is None:
            return None
        return RulesConfig(default=default, communities=MappingProxyType(communities))

    def rule_file(self, text: str, where: YamlPath) -> Path | None:
        """A rule file path or `pack:NAME`, resolved and checked to exist."""
        if where in self.unresolved:
            return None  # reported as an unset variable
        if text.startswith("pack:"):
            name = text.removeprefix("pack:")
            packs = bundled_packs()
            if name not in packs:
                self.problem(where, f"no bundled pack {name!r}{suggest(name, list(packs))}")
                return None
            return packs[name]
        if not text.strip():
            self.problem(where, "expected the path of a rule file or pack:NAME")
            return None
        try:
            path = self.resolve(text)
            if path.is_dir():
                self.problem(where, f"{path} is a directory, not a rule file")
            elif (reason := not_regular(path, "rule file")) is not None:
                self.problem(where, f"{path}: {reason}")
            elif not path.is_file():
                self.problem(where, f"rule file not found: {path}")
            else:
                return path
        except (ValueError, OSError) as error:   # a NUL byte, a name too long for the disk
            self.problem(where, f"not a usable path for a rule file ({_why(error)})")
        return None

    def resolve(self, text: str) -> Path:
        path = Path(text).expanduser()
        return (path if path.is_absolute() else self.base_dir / path).resolve()

    def discord(self, platforms: dict[str, Any], off: bool) -> DiscordConfig | None:
        spec = self.section(_Discord, ("platforms", "discord"), platforms.get("discord"))
        shards = self.shards(spec.shards) if spec is not None else None
        if spec is None or off or shards is False:
            return None
        return DiscordConfig(token=SecretStr(spec.token.strip()), api_base=spec.api_base,
                             gateway=spec.gateway, shards=shards)

    def shards(self, value: Any) -> Shards | Literal[False] | None:
        """`platforms.discord.shards: {count, ids}`; None when absent, False when refused."""
        at: YamlPath = ("platforms", "discord", "shards")
        spec = self.section(_Shards, at, value) if value is not None else None
        if spec is None:
            return None if value is None else False
        problems = shard_problems(spec.count, spec.ids)
        for index, message in problems:
            self.problem((*at, "ids") if index is None else (*at, "ids", index), message)
        return False if problems else Shards(spec.count, tuple(spec.ids))

    def telegram(self, platforms: dict[str, Any], off: bool) -> TelegramConfig | None:
        spec = self.section(_Telegram, ("platforms", "telegram"), platforms.get("telegram"))
        if spec is None or off:
            return None
        hook = spec.webhook
        webhook = hook and WebhookConfig(
            url=hook.url, listen=hook.listen, port=hook.port, secret=SecretStr(hook.secret)
        )
        return TelegramConfig(
            token=SecretStr(spec.token.strip()), base_url=spec.base_url, webhook=webhook
        )
