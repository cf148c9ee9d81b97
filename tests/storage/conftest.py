"""Storage fixtures: a real SQLite file in tmp_path, async bodies run with asyncio.run
(no pytest plugin), and case builders at a fixed instant."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest

from storage import NewCase

T = TypeVar("T")
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
BIG_ID = "1234567890123456789"  # a Discord snowflake: more than 32, fewer than 64 bits


@pytest.fixture
def run() -> Callable[[Awaitable[T]], T]:
    """Run one coroutine to completion in a fresh event loop."""

    def run_(awaitable: Awaitable[T]) -> T:
        async def body() -> T:
            return await awaitable

        return asyncio.run(body())

    return run_


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
