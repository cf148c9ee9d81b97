"""Actions: what a rule asks for, and the concrete sanctions a verdict carries.

A rule file lists actions as `delete`, `{warn: {points, reason}}`,
`{timeout: 10m}`, `kick`, `ban` / `{ban: {duration, delete_messages}}`,
`{reply: text}`, `{dm: text}`, `{alert: text}`. They compile into
`ActionSpec`s, rendered per message into frozen `Action`s for the adapters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ClassVar

from pydantic import Field, field_validator

from rules.conditions.base import CompileContext
from rules.spectypes import Duration, StrictModel
from rules.templates import template_problem
from rules.validation import suggest, validate
from rules.yamlsource import Path as YamlPath

ACTION_ORDER = ("delete", "warn", "timeout", "kick", "ban", "reply", "dm", "alert")
MAX_DELETE_MESSAGES = timedelta(days=7)


# --- concrete actions (what adapters carry out) -----------------------------
@dataclass(frozen=True, slots=True)
class Action:
    kind: ClassVar[str] = ""
    rule: str


@dataclass(frozen=True, slots=True)
class Delete(Action):
    kind: ClassVar[str] = "delete"


@dataclass(frozen=True, slots=True)
class Warn(Action):
    kind: ClassVar[str] = "warn"
    points: int = 1
    reason: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Timeout(Action):
    kind: ClassVar[str] = "timeout"
    duration: timedelta = timedelta(0)
    reason: str = ""
    notice: str = ""   # the statement of reasons told to the member (bot/cases/notice.py)


@dataclass(frozen=True, slots=True)
class Kick(Action):
    kind: ClassVar[str] = "kick"
    reason: str = ""
    notice: str = ""


@dataclass(frozen=True, slots=True)
class Ban(Action):
    kind: ClassVar[str] = "ban"
    duration: timedelta | None = None  # None: permanent
    delete_messages: timedelta | None = None  # None: delete none of the past messages
    reason: str = ""
    notice: str = ""


@dataclass(frozen=True, slots=True)
class Reply(Action):
    kind: ClassVar[str] = "reply"
    text: str = ""


@dataclass(frozen=True, slots=True)
class Dm(Action):
    kind: ClassVar[str] = "dm"
    text: str = ""


@dataclass(frozen=True, slots=True)
class Alert(Action):
    kind: ClassVar[str] = "alert"
    text: str = ""


@dataclass(frozen=True, slots=True)
class Unban(Action):
    """Lift a ban (a temporary ban's end, or a moderator's command)."""

    kind: ClassVar[str] = "unban"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Untimeout(Action):
    """Lift a timeout before the platform would (or where it never does)."""

    kind: ClassVar[str] = "untimeout"
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Restrict(Action):
    """Hold a newcomer behind the verification gate until they accept the code of conduct.

    Discord: withhold `role` when the rule file names one (members without it cannot post),
    else a timeout; Telegram: restrict to read-only with no end date.
    """

    kind: ClassVar[str] = "restrict"
    role: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Unrestrict(Action):
    """Open the gate: grant `role` (Discord) or restore the chat's default permissions."""

    kind: ClassVar[str] = "unrestrict"
    role: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Purge(Action):
    """Bulk-delete the `count` most recent messages of `channel` (of `user` only, when set)."""

    kind: ClassVar[str] = "purge"
    channel: str = ""
    count: int = 0
    user: str | None = None


@dataclass(frozen=True, slots=True)
class ApproveJoin(Action):
    """Telegram join requests: let the verified requester in."""

    kind: ClassVar[str] = "approve_join"


# --- options as written in rule files ---------------------------------------
class WarnOptions(StrictModel):
    points: int = Field(1, ge=0, le=1000)
    reason: str | None = None


class TimeoutOptions(StrictModel):
    duration: Duration
    reason: str | None = None

    @field_validator("duration")
    @classmethod
    def _positive(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("a timeout must last at least 1s")
        return value


class KickOptions(StrictModel):
    reason: str | None = None


class BanOptions(StrictModel):
    duration: Duration | None = Field(None, description="omitted: permanent")
    delete_messages: Duration | None = Field(None, description="delete this much message history")
    reason: str | None = None

    @field_validator("delete_messages")
    @classmethod
    def _at_most_a_week(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value > MAX_DELETE_MESSAGES:
            raise ValueError("platforms delete at most 7d of messages")
        return value


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One compiled action of a rule, rendered per message by the engine."""

    kind: str
    points: int = 0
    reason: str | None = None
    duration: timedelta | None = None
    delete_messages: timedelta | None = None
    text: str | None = None


_BARE = {"delete", "warn", "kick", "ban"}
_TEXT_ACTIONS = {"reply", "dm", "alert"}


def parse_action(item: Any, ctx: CompileContext, path: YamlPath) -> ActionSpec | None:
    """Validate one entry of a rule's `actions`, reporting problems at its position."""
    if isinstance(item, str):
        if item in _BARE:
            return ActionSpec(kind=item, points=1 if item == "warn" else 0)
        if item in ("timeout", *_TEXT_ACTIONS):
            need = (
                "a duration, e.g. `timeout: 10m`" if item == "timeout" else f"a text: `{item}: ...`"
            )
            ctx.problem(path, f"action {item!r} needs {need}")
            return None
        ctx.problem(path, f"unknown action {item!r}{suggest(item, list(ACTION_ORDER))}")
        return None
    if not isinstance(item, dict) or len(item) != 1:
        ctx.problem(path, "an action is a name (`delete`) or a single-key mapping (`timeout: 10m`)")
        return None
    ((kind, value),) = item.items()
    where = (*path, kind)

    def report(loc: YamlPath, message: str, at_key: bool) -> None:
        ctx.problem((*where, *loc), message, key=at_key)

    if kind in _TEXT_ACTIONS:
        if not isinstance(value, str) or not value.strip():
            ctx.problem(where, f"{kind}: give the text to send")
            return None
        problem = template_problem(value)
        if problem:
            ctx.problem(where, problem)
            return None
        return ActionSpec(kind=kind, text=value)
    if kind == "delete":
        if value not in (None, True):
            ctx.problem(where, "delete takes no options: write `- delete`")
            return None
        return ActionSpec(kind="delete")
    if kind == "timeout" and isinstance(value, str | int):
        value = {"duration": value}
    models = {
        "warn": WarnOptions,
        "timeout": TimeoutOptions,
        "kick": KickOptions,
        "ban": BanOptions,
    }
    if kind not in models:
        ctx.problem(path, f"unknown action {kind!r}{suggest(kind, list(ACTION_ORDER))}", key=True)
        return None
    options = validate(models[kind], {} if value is None else value, report)
    if options is None:
        return None
    reason = getattr(options, "reason", None)
    if reason and (problem := template_problem(reason)):
        ctx.problem(where, problem)
        return None
    return ActionSpec(
        kind=kind,
        points=getattr(options, "points", 0),
        reason=reason,
        duration=getattr(options, "duration", None),
        delete_messages=getattr(options, "delete_messages", None),
    )
