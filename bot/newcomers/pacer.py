"""One paced worker per community: newcomers' platform calls, queued and drained at a
bounded rate.

A raid of 10,000 joins a minute must neither crash the bot nor get it banned by
the platform: each join only appends a small job to its community's queue, and
a single task per community (started on demand, gone when the queue is empty)
runs the jobs one after another, at most `rate` a second after an initial burst
of `burst`. The platform libraries' own rate limiters still handle 429s on top.
Jobs run in FIFO order, so a member's restriction always precedes the button
that lifts it, and a lockdown's closing alert follows every action it summarises.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

import structlog

from bot.background import Background

log = structlog.get_logger("gardien.newcomers")

Job = Callable[[], Awaitable[object]]
Sleep = Callable[[float], Awaitable[None]]

DEFAULT_RATE = 5.0     # platform calls per second per community
DEFAULT_BURST = 5      # calls allowed at once after a quiet spell (a lone join is not delayed)


class Pacer:
    """FIFO queues of jobs per community, each drained by one task at a bounded rate."""

    def __init__(self, background: Background, *, rate: float = DEFAULT_RATE,
                 burst: int = DEFAULT_BURST, sleep: Sleep = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.background = background   # drain() waits for our workers
        self.rate = rate
        self.burst = burst
        self.sleep = sleep
        self.monotonic = monotonic
        self._queues: dict[str, deque[Job]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        # (tokens, when) left by a community's last worker: a queue that empties and
        # refills must not get a fresh burst each time
        self._buckets: dict[str, tuple[float, float]] = {}
        self.ran = 0                  # jobs run, for benchmarks and tests
        self.waited = 0.0             # seconds spent pacing
        self.peak_queued = 0

    def submit(self, community: str, job: Job, *, member: str = "", after_all: bool = False,
               first: bool = False) -> None:
        """Queue `job`; start the community's worker when it is not running.

        `member`: jobs about the same member run one after another, in the order submitted
        (a restriction before the button that lifts it). `after_all`: the job starts once
        every job submitted before it has finished (a lockdown's closing alert). `first`:
        the job goes to the head of the queue (a lockdown's community-wide lock).
        """
        queue = self._queues.get(community)
        if queue is None:
            queue = self._queues[community] = deque()
        if first:
            queue.appendleft(job)
        else:
            queue.append(job)
        if len(queue) > self.peak_queued:
            self.peak_queued = len(queue)
        if community not in self._workers:
            task = asyncio.get_running_loop().create_task(self._work(community, queue),
                                                          name=f"pacer:{community}")
            self._workers[community] = task
            self.background.track(task)

    def queued(self, community: str) -> int:
        queue = self._queues.get(community)
        return len(queue) if queue else 0

    def workers(self) -> int:
        return len(self._workers)

    async def _work(self, community: str, queue: deque[Job]) -> None:
        tokens, last = self._buckets.pop(community, (float(self.burst), self.monotonic()))
        try:
            while queue:
                now = self.monotonic()
                tokens = min(float(self.burst), tokens + (now - last) * self.rate)
                last = now
                if tokens < 1.0:
                    wait = (1.0 - tokens) / self.rate
                    self.waited += wait
                    await self.sleep(wait)
                    tokens = 1.0
                    last = self.monotonic()
                tokens -= 1.0
                job = queue.popleft()
                self.ran += 1
                try:
                    await job()
                except Exception:   # one failed job must not stall the community's queue
                    log.exception("newcomer_job_failed", community=community)
        finally:
            # No await between the loop's end and here: a submit cannot slip in between.
            del self._workers[community]
            if not queue:
                self._queues.pop(community, None)
            if tokens < self.burst:   # a full bucket needs no memory
                self._buckets[community] = (tokens, last)
