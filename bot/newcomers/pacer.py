"""Per-community queues of newcomers' platform calls, run with bounded concurrency.

A raid of 10,000 joins a minute must neither crash the bot nor flood the
platform: each join only appends a small job to its community's queue, and one
dispatcher per community (started on demand, gone when the queue is empty)
keeps at most `concurrency` of its jobs in flight. There is no fixed rate: how
fast the calls may go is the platform's to say, and its adapter's limiter says
it (discord.py reads Discord's rate-limit headers and waits out 429s per
bucket; the Telegram adapter's limiter applies Telegram's limits per method and
chat), so on an idle platform a raid is handled as fast as it answers.

Order, where it matters:
- jobs about the same member run one after another, in the order submitted (a
  restriction before the button that lifts it);
- an `after_all` job starts once every job submitted before it has finished (a
  lockdown's closing alert follows every action it summarises);
- a `first` job starts at once and nothing queued starts until it has finished (a
  lockdown's community-wide lock comes before the per-member actions already queued).

`stop()` (shutdown) starts nothing more: what is queued stays recorded where it
matters (a raid case is opened before its job is queued, so the next start
reconciles it) and the jobs in flight are left to the shutdown's grace.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

from bot.background import Background

log = structlog.get_logger("gardien.newcomers")

Job = Callable[[], Awaitable[object]]

DEFAULT_CONCURRENCY = 16   # calls in flight per community; the platform's limiter paces them


@dataclass(slots=True)
class _Entry:
    job: Job
    member: str
    after_all: bool
    first: bool = False


class _Queue:
    """One community's jobs: waiting, parked behind a busy member, and in flight."""

    def __init__(self) -> None:
        self.waiting: deque[_Entry] = deque()
        self.parked: dict[str, deque[_Entry]] = {}   # member -> their later jobs, in order
        self.busy: set[str] = set()                  # members with a job in flight
        self.running: set[asyncio.Task[None]] = set()
        self.holding = 0                             # `first` jobs in flight: nothing starts
        self.wake = asyncio.Event()

    def __len__(self) -> int:
        return len(self.waiting) + sum(len(p) for p in self.parked.values())

    def next_startable(self) -> _Entry | None:
        """The next job that may start now, parking those whose member is busy."""
        if self.holding:
            return None
        while self.waiting:
            head = self.waiting[0]
            if head.after_all and (self.running or self.parked):
                return None   # a barrier waits for everything before it
            self.waiting.popleft()
            if head.member and head.member in self.busy:
                self.parked.setdefault(head.member, deque()).append(head)
                continue
            return head
        return None

    def finished(self, member: str) -> None:
        """A member's job ended: their next parked job goes back to the head."""
        if member:
            self.busy.discard(member)
            parked = self.parked.get(member)
            if parked:
                self.waiting.appendleft(parked.popleft())
                if not parked:
                    del self.parked[member]
        self.wake.set()


class Pacer:
    """Queues of jobs per community, each run by one dispatcher at bounded concurrency."""

    def __init__(self, background: Background, *,
                 concurrency: int = DEFAULT_CONCURRENCY) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.background = background   # drain() waits for our dispatchers and jobs
        self.concurrency = concurrency
        self._queues: dict[str, _Queue] = {}
        self._dispatchers: dict[str, asyncio.Task[None]] = {}
        self._stopped = False
        self.ran = 0                  # jobs started, for benchmarks and tests
        self.peak_queued = 0
        self.peak_in_flight = 0       # per community

    def submit(self, community: str, job: Job, *, member: str = "", after_all: bool = False,
               first: bool = False) -> None:
        """Queue `job`; start the community's dispatcher when it is not running.

        `member`: jobs about the same member run one after another, in the order submitted.
        `after_all`: the job starts once every job submitted before it has finished.
        `first`: the job starts now, ahead of the queue, which waits for it to finish.
        After `stop()`, nothing is queued.
        """
        if self._stopped:
            log.info("newcomer_job_not_queued", community=community, reason="stopping")
            return
        queue = self._queues.get(community)
        if queue is None:
            queue = self._queues[community] = _Queue()
        entry = _Entry(job, member, after_all, first)
        if first:
            self._start(community, queue, entry)
        else:
            queue.waiting.append(entry)
        self.peak_queued = max(self.peak_queued, len(queue))
        queue.wake.set()
        if community not in self._dispatchers:
            task = asyncio.get_running_loop().create_task(self._dispatch(community, queue),
                                                          name=f"pacer:{community}")
            self._dispatchers[community] = task
            self.background.track(task)

    def queued(self, community: str) -> int:
        """Jobs waiting (not yet started) in `community`."""
        queue = self._queues.get(community)
        return len(queue) if queue else 0

    def workers(self) -> int:
        """Communities with a dispatcher running."""
        return len(self._dispatchers)

    def stop(self) -> int:
        """Start nothing more (shutdown); how many queued jobs are left unstarted."""
        self._stopped = True
        left = sum(len(q) for q in self._queues.values())
        for queue in self._queues.values():
            queue.wake.set()
        if left:
            log.warning("newcomer_jobs_left", jobs=left,
                        hint="raid cases stay pending and are carried out at the next start")
        return left

    async def _dispatch(self, community: str, queue: _Queue) -> None:
        try:
            while not self._stopped:
                while len(queue.running) < self.concurrency:
                    entry = queue.next_startable()
                    if entry is None:
                        break
                    self._start(community, queue, entry)
                if not queue.running and not queue:
                    return
                queue.wake.clear()
                await queue.wake.wait()
        finally:
            # No await between the loop's end and here: a submit cannot slip in between.
            del self._dispatchers[community]
            if not queue and not queue.running:
                self._queues.pop(community, None)

    def _start(self, community: str, queue: _Queue, entry: _Entry) -> None:
        if entry.member:
            queue.busy.add(entry.member)
        if entry.first:
            queue.holding += 1
        self.ran += 1

        async def run() -> None:
            try:
                await entry.job()
            except Exception:   # one failed job must not stall the community's queue
                log.exception("newcomer_job_failed", community=community)
            finally:
                queue.running.discard(task)
                if entry.first:
                    queue.holding -= 1
                queue.finished(entry.member)

        task = asyncio.get_running_loop().create_task(run(), name=f"paced:{community}")
        queue.running.add(task)
        self.background.track(task)
        # the most one community had in flight at once (O(1): no scan of every queue)
        self.peak_in_flight = max(self.peak_in_flight, len(queue.running))
