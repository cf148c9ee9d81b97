"""Shared fixtures: rule files written to tmp_path and compiled for real, and events
built with aware UTC datetimes relative to a fixed instant (never the wall clock)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.logs import reset_logging
from rules.compiler import load_ruleset
from rules.engine import Engine
from rules.events import Attachment, Join, Member, Message
from rules.ruleset import Ruleset

# A fixed instant far from "now": a test that used the wall clock would see it.
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

When = datetime | float | int | None


def when(value: When) -> datetime | None:
    """Seconds after T0, or an aware datetime as given."""
    if value is None or isinstance(value, datetime):
        return value
    return T0 + timedelta(seconds=value)


def rule_file_text(rules: str, head: str = "") -> str:
    """A whole rule file: `head` (top-level keys) and `rules` (a YAML list at column 0)."""
    parts = ["version: 1", "name: Test rules"]
    if head:
        parts.append(textwrap.dedent(head).strip("\n"))
    parts.append("rules:")
    parts.append(textwrap.indent(textwrap.dedent(rules).strip("\n"), "  "))
    return "\n".join(parts) + "\n"


@pytest.fixture
def t0() -> datetime:
    return T0


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "rules.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_rules(write_file: Callable[..., Path]) -> Callable[..., Path]:
    """Write a rule file from its rules (and optional top-level keys); return its path."""

    def write(rules: str, head: str = "", name: str = "rules.yaml") -> Path:
        return write_file(rule_file_text(rules, head), name)

    return write


@pytest.fixture
def compile_rules(write_rules: Callable[..., Path]) -> Callable[..., Ruleset]:
    """Write a rule file into tmp_path and compile it with `load_ruleset`."""

    def compile_(rules: str, head: str = "", name: str = "rules.yaml") -> Ruleset:
        return load_ruleset(write_rules(rules, head, name))

    return compile_


@pytest.fixture
def engine_for(compile_rules: Callable[..., Ruleset]) -> Callable[..., Engine]:
    def build(rules: str, head: str = "") -> Engine:
        return Engine(compile_rules(rules, head))

    return build


def make_member(
    user: str = "u1",
    *,
    name: str | None = None,
    roles: tuple[str, ...] | list[str] = (),
    joined: When = None,
    created: When = None,
    bot: bool = False,
) -> Member:
    return Member(
        id=user,
        name=name if name is not None else f"name-{user}",
        roles=tuple(roles),
        joined_at=when(joined),
        created_at=when(created),
        bot=bot,
    )


def make_message(
    text: str = "",
    *,
    t: When = 0,
    user: str = "u1",
    name: str | None = None,
    roles: tuple[str, ...] | list[str] = (),
    joined: When = None,
    created: When = None,
    bot: bool = False,
    member: Member | None = None,
    id: str | None = None,
    community: str = "discord:g1",
    attachments: tuple[str, ...] | list[str] = (),
    mentions: tuple[str, ...] | list[str] = (),
    role_mentions: tuple[str, ...] | list[str] = (),
    **fields: object,
) -> Message:
    at = when(t)
    assert at is not None
    return Message(
        id=id or f"m-{user}-{at.timestamp()}",
        community=community,
        at=at,
        user=member or make_member(user, name=name, roles=roles, joined=joined,
                                   created=created, bot=bot),
        text=text,
        attachments=tuple(Attachment(f) for f in attachments),
        mentions=tuple(mentions),
        role_mentions=tuple(role_mentions),
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def message() -> Callable[..., Message]:
    """Build a `Message`: `t` is seconds after a fixed instant (or an aware datetime)."""
    return make_message


@pytest.fixture
def join() -> Callable[..., Join]:
    def build(user: str = "u1", *, t: When = 0, community: str = "discord:g1") -> Join:
        at = when(t)
        assert at is not None
        return Join(id=f"j-{user}", community=community, at=at, user=make_member(user))

    return build


@pytest.fixture(autouse=True)
def _logging_as_it_was() -> object:
    """A test that runs a command's `main()` in this process configures logging for the
    whole process (its level filters log calls before anything captures them): undone
    after every test, so no test depends on which ran before it."""
    yield
    reset_logging()
