"""Storage fixtures: a real SQLite file in tmp_path and case builders at a fixed instant
(async tests run on pytest-asyncio's per-test event loop)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from storage import NewCase

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
BIG_ID = "1234567890123456789"  # a Discord snowflake: more than 32, fewer than 64 bits


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
