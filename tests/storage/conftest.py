"""Storage fixtures: a real SQLite file in tmp_path, or a fresh schema of a real PostgreSQL,
and case builders at a fixed instant (async tests run on pytest-asyncio's per-test loop).

`make_store` is parametrized over both backends: a test that takes it runs once on
SQLite and once on PostgreSQL (`GARDIEN_TEST_POSTGRES`, default
postgresql://postgres@127.0.0.1:5432/test; the OS user is tried when `postgres` is
refused). Each PostgreSQL run gets its own schema, dropped afterwards; when the server
cannot be reached the PostgreSQL runs skip and say why.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import getpass
import os
import secrets
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from storage import NewCase
from storage.factory import store_for

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
BIG_ID = "1234567890123456789"  # a Discord snowflake: more than 32, fewer than 64 bits
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def run_sync(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run `coroutine` on its own loop in a thread: fixtures set up outside the test's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _with_user(url: str, user: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, f"{user}@{host}", parts.path, parts.query, parts.fragment))


async def _first_reachable(candidates: list[str]) -> tuple[str | None, str]:
    error = ""
    for url in candidates:
        try:
            conn = await asyncpg.connect(url, timeout=3)
        except Exception as failure:
            error = f"{type(failure).__name__}: {failure}"
            continue
        await conn.close()
        return url, ""
    return None, error


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A URL that reaches the test PostgreSQL, or a skip saying why not."""
    configured = os.environ.get("GARDIEN_TEST_POSTGRES")
    base = configured or DEFAULT_POSTGRES
    candidates = [base] if configured else [base, _with_user(base, getpass.getuser())]
    url, error = run_sync(_first_reachable(candidates))
    if url is None:
        pytest.skip(f"PostgreSQL not reachable at {base}: {error}")
    return str(url)


@pytest.fixture
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """A fresh, empty schema of the test database, dropped after the test."""
    name = f"t_{secrets.token_hex(6)}"

    async def run(sql: str) -> None:
        conn = await asyncpg.connect(postgres_url)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    run_sync(run(f"CREATE SCHEMA {name}"))
    yield name
    run_sync(run(f"DROP SCHEMA {name} CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path
               ) -> Callable[..., Any]:
    """Stores on this test's one database (each call a new, unopened store on it)."""
    if backend == "sqlite":
        path = tmp_path / "gardien.db"
        return lambda **options: store_for(path, **options)
    url = request.getfixturevalue("postgres_url")
    schema = request.getfixturevalue("postgres_schema")

    def make(**options: Any) -> Any:
        options.setdefault("server_settings", {"search_path": schema})
        return store_for(url, **options)

    return make


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "gardien.db"


def make_case(**fields: Any) -> NewCase:
    values: dict[str, Any] = {"community": "discord:1", "user": BIG_ID, "action": "warn",
                              "rule": "no-insults", "created_at": AT}
    values.update(fields)
    return NewCase(**values)


@pytest.fixture
def new_case() -> Callable[..., NewCase]:
    """A NewCase with sensible defaults; keyword arguments override them."""
    return make_case
