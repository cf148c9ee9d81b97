"""Where the store lives: a SQLite file's path, or a PostgreSQL URL that never shows its password.

`storage:` in the config is either; `is_postgres_url` tells them apart by the scheme
(`postgresql://` or `postgres://`). A `PostgresURL` prints, logs and reprs as its URL with
the password replaced by `***`; only `dsn` holds it, and only the driver reads that.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql", "postgres")


def is_postgres_url(text: str) -> bool:
    return text.split("://", 1)[0].lower() in SCHEMES and "://" in text


class PostgresURL:
    """A PostgreSQL connection URL; `str()` and `repr()` hide its password."""

    __slots__ = ("dsn",)

    def __init__(self, dsn: str) -> None:
        if not is_postgres_url(dsn):
            raise ValueError("a PostgreSQL URL starts with postgresql:// or postgres://")
        parts = urlsplit(dsn)
        try:
            parts.port  # noqa: B018 - parsing it refuses a port that is not a number
        except ValueError as error:
            raise ValueError(f"not a usable PostgreSQL URL ({error})") from None
        if not parts.hostname and "host=" not in parts.query:
            raise ValueError("the PostgreSQL URL names no host")
        self.dsn = dsn

    @property
    def shown(self) -> str:
        parts = urlsplit(self.dsn)
        if parts.password is None:
            return self.dsn
        user = parts.username or ""
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"PostgresURL({self.shown!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PostgresURL) and other.dsn == self.dsn

    def __hash__(self) -> int:
        return hash(self.dsn)


StorageTarget = Path | PostgresURL
