"""Hits of watched terms told to moderators at once, then grouped while they keep coming.

The first hit after a quiet spell is posted immediately (answering a negative comment
quickly is the point); hits arriving within the next `window` seconds are held and
posted together as one digest when it ends, which opens another window. So a burst of
fifty mentions is two posts, not fifty, and a lone mention is never delayed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.background import Background
from bot.watch.alerts import Seen

DIGEST_WINDOW = 60.0   # seconds

Send = Callable[[str, list[Seen]], Awaitable[None]]   # (community, hits) -> posted


@dataclass
class _Pending:
    quiet_at: float = float("-inf")   # the event loop's time: hits before it are held
    held: list[Seen] = field(default_factory=list)
    flushing: bool = False


def _now() -> float:
    """Operational time (the event loop's), not the events': a digest waits real seconds."""
    return asyncio.get_running_loop().time()


class Digests:
    def __init__(self, send: Send, background: Background, *,
                 window: float = DIGEST_WINDOW) -> None:
        self.send = send
        self.background = background
        self.window = window
        self._pending: dict[str, _Pending] = {}
        self._hurry = asyncio.Event()

    def hurry(self) -> None:
        """Shutdown: what is held is posted now, not at the end of its window."""
        self._hurry.set()

    def add(self, community: str, seen: list[Seen]) -> None:
        """New hits of one community: posted now, or held for the window's digest."""
        if not seen:
            return
        now = _now()
        pending = self._pending.setdefault(community, _Pending())
        if now >= pending.quiet_at and not pending.flushing:
            pending.quiet_at = now + self.window
            self.background.spawn(self.send(community, list(seen)), "watch_post")
            return
        pending.held.extend(seen)
        if not pending.flushing:
            pending.flushing = True
            self.background.spawn(self._flush_later(community, pending), "watch_digest")

    async def _flush_later(self, community: str, pending: _Pending) -> None:
        try:
            while True:
                wait = max(pending.quiet_at - _now(), 0.0)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._hurry.wait(), wait)
                held, pending.held = pending.held, []
                if not held:
                    return
                pending.quiet_at = _now() + self.window
                await self.send(community, held)
        finally:
            pending.flushing = False
            if not pending.held and pending.quiet_at <= _now():
                self._pending.pop(community, None)
