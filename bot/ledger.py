"""When the ledger cannot be written: hold, say it once, retry, resume, or give up loudly.

A sanction is carried out only once its case is recorded. When the store refuses to
record one (a full disk, damaged pages, a vanished file), the decision is not carried
out but HELD, in memory and in order; the incident is logged once (not once per
message) and moderators are told in the log channel; held work is retried with
backoff and runs, in order, as soon as the store takes writes again. An outage that
lasts longer than `give_up_after` sets `broken`: `gardien run` then stops with a
non-zero exit so that its supervisor notices and restarts it (held work is reported
as lost then, never carried out unrecorded).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.logs import logger

log = logger("gardien.ledger")

Work = Callable[[], Awaitable[object]]
Notify = Callable[[str, bool], None]   # (community, recovered?) -> tells its moderators

MAX_HELD = 10_000                 # decisions held at most; beyond, the oldest are dropped
FIRST_RETRY = 0.5                 # seconds; doubled at each failure
LONGEST_RETRY = 30.0
GIVE_UP_AFTER = timedelta(minutes=10)


class LedgerUnavailable(Exception):
    """The store could not record a case: nothing was carried out."""


class LedgerWatch:
    def __init__(self, clock: Clock, notify: Notify, *,
                 give_up_after: timedelta = GIVE_UP_AFTER, max_held: int = MAX_HELD) -> None:
        self.clock = clock
        self.give_up_after = give_up_after
        self.broken = asyncio.Event()   # the outage outlasted give_up_after: stop the bot
        self._held: deque[tuple[str, Work]] = deque(maxlen=max_held)
        self._down_since: datetime | None = None
        self._failures = 0
        self._dropped = 0
        self._told: set[str] = set()      # communities told of this incident
        self._notify = notify
        self._wake = asyncio.Event()

    @property
    def down(self) -> bool:
        return self._down_since is not None

    def held(self) -> int:
        return len(self._held)

    def failed(self, community: str, error: Exception) -> None:
        """The store refused a case: log the incident once, tell the community once."""
        self._failures += 1
        if self._down_since is None:
            self._down_since = self.clock()
            log.error("ledger_unavailable", error=str(error)[:300],
                      hint="sanctions are held, not carried out, until the store records "
                           "them again")
        if community not in self._told:
            self._told.add(community)
            self._tell(community, recovered=False)

    def hold(self, community: str, work: Work) -> None:
        """Keep a decision to carry out once the store is back (oldest dropped past max)."""
        if len(self._held) == self._held.maxlen:
            self._dropped += 1
        self._held.append((community, work))
        self._wake.set()

    def succeeded(self) -> None:
        """A case was recorded: an incident under way is over."""
        if self._down_since is None:
            return
        log.warning("ledger_recovered", failures=self._failures,
                    down_for=str(self.clock() - self._down_since), held=len(self._held))
        self._down_since = None
        self._failures = 0
        for community in sorted(self._told):
            self._tell(community, recovered=True)
        self._told.clear()

    async def run(self, stop: asyncio.Event) -> None:
        """Retry held work with backoff until it has all run, or stop; set `broken` when the
        outage lasts too long."""
        wait = FIRST_RETRY
        while not stop.is_set():
            if not self._held:
                wait = FIRST_RETRY
                self._wake.clear()
                await _either(stop, self._wake)
                continue
            community, work = self._held[0]
            try:
                await work()
            except LedgerUnavailable:
                if self._down_since is not None and (
                        self.clock() - self._down_since > self.give_up_after):
                    log.error("ledger_broken", held=len(self._held), dropped=self._dropped,
                              hint="the store stayed unwritable; stopping so that the "
                                   "supervisor restarts the bot")
                    self.broken.set()
                    return
                await _either(stop, None, timeout=wait)
                wait = min(wait * 2, LONGEST_RETRY)
                continue
            except Exception:   # the held work itself broke: never retried in a loop
                log.exception("held_work_failed", community=community)
            self._held.popleft()
            wait = FIRST_RETRY

    def lost(self) -> int:
        """At shutdown: decisions still held (never carried out, never recorded)."""
        if self._held or self._dropped:
            log.error("ledger_held_work_lost", held=len(self._held), dropped=self._dropped)
        return len(self._held) + self._dropped

    def _tell(self, community: str, *, recovered: bool) -> None:
        try:
            self._notify(community, recovered)
        except Exception:   # telling must never fail the work
            log.exception("ledger_notice_failed", community=community)


async def _either(stop: asyncio.Event, other: asyncio.Event | None,
                  timeout: float | None = None) -> None:
    waits = {asyncio.ensure_future(stop.wait())}
    if other is not None:
        waits.add(asyncio.ensure_future(other.wait()))
    _, pending = await asyncio.wait(waits, timeout=timeout,
                                    return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
