"""The contract between the core and a platform adapter.

An adapter translates only: platform objects into frozen events going in, and
`Action`s into platform calls going out, mapping failures into `bot.errors`.
The core never sees a platform type.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from rules.actions import Action
from rules.events import Event

EventSink = Callable[[Event], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Target:
    """Whom and what an action is about."""

    community: str
    user: str
    user_name: str = ""
    channel: str = ""
    message_id: str = ""
    log_channel: str = ""         # the rule file's log_channel, where alerts go ("" = none)


class Adapter(Protocol):
    """One platform (or the console). Four methods, as opsdroid's connectors."""

    platform: str
    # The longest timeout the platform lifts by itself; None: it never does (the runtime's
    # timers lift every timeout), or timedelta.max when it lifts any length.
    max_timeout: timedelta | None

    async def start(self, sink: EventSink) -> None:
        """Connect and deliver events to `sink` until stopped or the source ends."""

    async def stop(self) -> None:
        """Disconnect; pending `execute` calls may still finish."""

    async def execute(self, action: Action, target: Target) -> None:
        """Carry out one action; raise a `bot.errors.ActionError` when refused."""

    def owns(self, community: str) -> bool:
        """Whether this adapter serves `community` ("<platform>:<id>")."""

    # --- commands (optional: adapters without commands, like the console, omit them) ---
    # def attach_commands(self, center: CommandCenter) -> None:
    #     """Register the commands natively at start-up and route invocations to `center`."""
    # async def post(self, community: str, post: Post) -> None:
    #     """Post a message (with buttons) to a channel, the log channel or a member's DMs."""
