"""Work the core starts and does not await (sanctions, paced queues, mod-log posts).

One owner for all of it, so that shutdown (and a test) can wait for everything
still under way with one `drain`, and a crash in the background is logged
instead of vanishing with its task.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from bot.logs import logger

log = logger("gardien.background")


class Background:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, work: Awaitable[None], name: str,
              on_error: Callable[[], None] | None = None) -> asyncio.Task[None]:
        """Run `work` in the background; an exception is logged as `<name>_failed`."""

        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception(f"{name}_failed")
                if on_error is not None:
                    on_error()

        task = asyncio.get_running_loop().create_task(guarded(), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def tasks(self) -> list[asyncio.Task[None]]:
        """What is running now (a crash test cancels them as a dying process would)."""
        return list(self._tasks)

    def track(self, task: asyncio.Task[None]) -> None:
        """Count a task started elsewhere (a paced queue's worker) until it ends."""
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def cancel(self) -> int:
        """Cancel what is still running (shutdown past its grace); how many tasks."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        return len(tasks)

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait until no background work is left (work may start more work); True when
        everything finished within `timeout`."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while self._tasks:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return False
            _, pending = await asyncio.wait(set(self._tasks), timeout=left)
            if pending and deadline is not None and loop.time() >= deadline:
                return False
        return True
