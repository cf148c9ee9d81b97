"""A fake in-memory platform adapter for core tests, and an injectable clock.

`FakeAdapter` records every action it carried out (`executed`) and every attempt
(`attempts`, failed ones included); `fail(kind, error, times)` makes it raise a
`bot.errors` exception for an action kind, `times` times (or always).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.adapter import Capability, Commands, EventSink, Target
from bot.errors import ActionError
from bot.posts import Channel, Destination, DirectMessage, LogChannel, Post, Welcome
from rules.actions import Action
from rules.events import Join, Message

T0 = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

Hook = Callable[[Action, Target], Awaitable[None]]


def address(to: Destination) -> str:
    """A destination as a short string, to filter recorded posts: `log:<ref>`, `dm:<user>`,
    `welcome:<ref>` (`welcome:` for the platform's default place) or the channel."""
    match to:
        case LogChannel(ref=ref):
            return f"log:{ref}"
        case DirectMessage(user=user):
            return f"dm:{user}"
        case Welcome(ref=ref):
            return f"welcome:{ref}"
        case Channel(ref=ref):
            return ref


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class _Failure:
    error: ActionError | Exception
    times: int | None   # None: always


@dataclass
class FakeAdapter:
    """Actions only: no commands, posts, purges or links (capabilities() says so)."""

    platform: str = "fake"
    capabilities: frozenset[Capability] = frozenset()
    max_timeout: timedelta | None = timedelta(days=28)
    prefix: str | None = None   # owns communities starting with it; None: every community
    executed: list[tuple[Action, Target]] = field(default_factory=list)
    attempts: list[tuple[Action, Target]] = field(default_factory=list)
    before_execute: Hook | None = None
    sink: EventSink | None = None
    started: bool = False
    stopped: bool = False
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)

    def owns(self, community: str) -> bool:
        return self.prefix is None or community.startswith(self.prefix)

    def fail(self, kind: str, error: ActionError | Exception, times: int | None = None) -> None:
        """Raise `error` for actions of `kind`: `times` times, then succeed (None: always)."""
        self._failures.setdefault(kind, []).append(_Failure(error, times))

    async def start(self, sink: EventSink) -> None:
        self.sink = sink
        self.started = True
        while not self.stopped:
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        self.stopped = True

    async def push(self, event: Message | Join) -> object:
        """Deliver one event as the platform would."""
        assert self.sink is not None, "connect a sink first (start() or adapter.sink = ...)"
        return await self.sink(event)

    def attach_commands(self, commands: Commands) -> None:
        raise AssertionError("the core attached commands to an adapter without COMMANDS")

    async def post(self, community: str, post: Post) -> None:
        raise AssertionError("the core posted through an adapter without POSTS")

    def message_link(self, community: str, channel: str, message_id: str) -> str | None:
        raise AssertionError("the core asked a link of an adapter without MESSAGE_LINKS")

    async def execute(self, action: Action, target: Target) -> int | None:
        self.attempts.append((action, target))
        if self.before_execute is not None:
            await self.before_execute(action, target)
        queue = self._failures.get(action.kind, [])
        if queue:
            failure = queue[0]
            if failure.times is not None:
                failure.times -= 1
                if failure.times <= 0:
                    queue.pop(0)
            raise failure.error
        self.executed.append((action, target))
        return None

    # --- helpers for assertions ---------------------------------------------------
    def kinds(self) -> list[str]:
        return [action.kind for action, _ in self.executed]

    def of_kind(self, kind: str) -> list[tuple[Action, Target]]:
        return [(a, t) for a, t in self.executed if a.kind == kind]
