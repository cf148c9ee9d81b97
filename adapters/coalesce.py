"""Calls of one kind that pile up while one is under way go out together in the next.

A raid or a spam wave asks for hundreds of bans or deletions at once, and both
platforms take many in one request (Discord: bulk ban, 200 members; bulk delete,
100 messages; Telegram: `deleteMessages`, 100 ids). The core still asks for one
action per case and awaits its own outcome; an adapter routes those calls
through a `Coalescer`, which sends the first at once (a lone ban is never
delayed), gathers what arrives meanwhile under the same key (a guild and a
reason, a chat), and sends it as one batch as soon as the previous one is back.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Generic, TypeVar

import structlog

log = structlog.get_logger("gardien.coalesce")

K = TypeVar("K", bound=Hashable)
I = TypeVar("I")  # noqa: E741

# One batch for one key -> one outcome per item, in order: None for done, or the error.
Send = Callable[[K, list[I]], Awaitable[Sequence[BaseException | None]]]


class Coalescer(Generic[K, I]):
    """Per key, one batch in flight at a time; what waits meanwhile forms the next one."""

    def __init__(self, send: Send[K, I], most: int, name: str) -> None:
        if most < 1:
            raise ValueError("a batch holds at least one item")
        self._send = send
        self.most = most
        self.name = name
        self._waiting: dict[K, deque[tuple[I, asyncio.Future[None]]]] = {}
        self._senders: dict[K, asyncio.Task[None]] = {}
        self.batches = 0          # requests sent, for benchmarks and tests
        self.largest = 0

    async def submit(self, key: K, item: I) -> None:
        """Send `item` with whatever else is waiting under `key`; raise its own error."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._waiting.setdefault(key, deque())
        entry = (item, future)
        queue.append(entry)
        if key not in self._senders:
            self._senders[key] = asyncio.get_running_loop().create_task(
                self._drain(key, queue), name=f"{self.name}:{key}")
        try:
            await asyncio.shield(future)
        except asyncio.CancelledError:
            if not future.done():   # not sent yet: a cancelled caller's item is withdrawn
                with contextlib.suppress(ValueError):   # already in a batch: it goes out
                    queue.remove(entry)
            raise

    async def _drain(self, key: K, queue: deque[tuple[I, asyncio.Future[None]]]) -> None:
        try:
            while queue:
                batch = [queue.popleft() for _ in range(min(self.most, len(queue)))]
                self.batches += 1
                self.largest = max(self.largest, len(batch))
                try:
                    outcomes: Sequence[BaseException | None] = await self._send(
                        key, [item for item, _ in batch])
                    if len(outcomes) != len(batch):
                        raise RuntimeError(f"{self.name}: {len(outcomes)} outcomes for "
                                           f"{len(batch)} items")
                except asyncio.CancelledError:
                    for _, future in batch:
                        if not future.done():
                            future.cancel()
                    raise
                except Exception as error:   # the whole request failed: every item with it
                    outcomes = [error] * len(batch)
                for (_, future), outcome in zip(batch, outcomes, strict=True):
                    if future.done():
                        continue
                    if outcome is None:
                        future.set_result(None)
                    else:
                        future.set_exception(outcome)
        finally:
            # No await between the loop's end and here: a submit cannot slip in between.
            del self._senders[key]
            for _, future in queue:   # only when cancelled: nobody will send these
                if not future.done():
                    future.cancel()
            queue.clear()
            self._waiting.pop(key, None)

    async def close(self) -> None:
        """Stop sending: batches under way are cancelled, waiting callers see it."""
        senders = list(self._senders.values())
        for task in senders:
            task.cancel()
        await asyncio.gather(*senders, return_exceptions=True)
