"""The timer runner: durable timers fire when due, across restarts, one handler per kind.

Timers are rows with a due time, not `asyncio.sleep`s: a timer that fell due
while the bot was down fires at start-up. Liftings (a temporary ban's end, a
timeout the platform does not lift) are cases of their own, carried by the case
path; newcomers' timers (verification deadlines, lockdown ends) are handled by
`Newcomers`, which records what they did.

Several processes may share the database: each fires only the timers of the
communities it owns (bot/ownership.py), and takes each timer (`claim_timers`, an
atomic move of its due time `CLAIM_LEASE` ahead) before acting, so that no timer is
acted on twice; one whose process dies mid-way falls due again when the lease ends.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from datetime import datetime, timedelta

import structlog

from bot.adapter import Target
from bot.cases.kinds import CaseKind
from bot.cases.path import CasePath, CasePlan
from bot.clock import Clock
from bot.ledger import LedgerUnavailable
from bot.ownership import EVERYTHING, Ownership
from bot.platforms import Platforms
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler, TimerHandler, TimerKind
from catalogue import supported, t
from rules.actions import Action, Timeout, Unban, Untimeout
from storage.base import Store
from storage.errors import StoreError
from storage.models import NewCase, Timer

log = structlog.get_logger("gardien.timers")

IDLE_CHECK = 60.0   # look at the table at least this often, whatever we were told
LEDGER_RETRY = 5.0  # while the ledger refuses writes, a lifting is tried again this often
CLAIM_LEASE = timedelta(minutes=15)   # a taken timer nobody completed falls due again after


class TimerService:
    def __init__(self, store: Store, rulebook: Rulebook, scheduler: Scheduler, cases: CasePath,
                 platforms: Platforms, clock: Clock,
                 others: Mapping[TimerKind, TimerHandler],
                 owner: Ownership = EVERYTHING) -> None:
        self.store = store
        self.owner = owner
        self.rulebook = rulebook
        self.scheduler = scheduler
        self.cases = cases
        self.platforms = platforms
        self.clock = clock
        self.handlers: dict[TimerKind, TimerHandler] = {
            TimerKind.UNBAN: self._lift, TimerKind.LIFT_TIMEOUT: self._lift,
            TimerKind.RENEW_TIMEOUT: self._renew, **others}
        missing = set(TimerKind) - set(self.handlers)
        if missing:   # a kind nobody handles would be completed as "unknown" forever
            raise ValueError(f"no handler for timer kinds {sorted(missing)}")

    def wake(self) -> None:
        """A new timer was scheduled: re-check the next due time."""
        self.scheduler.wake()

    async def run(self, stop: asyncio.Event) -> None:
        changed = self.scheduler.changed
        while not stop.is_set():
            held = False
            try:
                await self.fire_due()
                next_due = await self.next_due()
            except LedgerUnavailable:   # logged once by the ledger watch; the timer stays due
                held, next_due = True, None
            except Exception:
                log.exception("timers_failed")
                next_due = None
            now = self.clock()
            wait = IDLE_CHECK if next_due is None else max(0.0, (next_due - now).total_seconds())
            if held:
                wait = LEDGER_RETRY
            changed.clear()
            stopping = asyncio.create_task(stop.wait())
            waking = asyncio.create_task(changed.wait())
            await asyncio.wait({stopping, waking}, timeout=min(wait, IDLE_CHECK),
                               return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            waking.cancel()

    async def next_due(self) -> datetime | None:
        """When the earliest timer this process owns falls due."""
        if self.owner.everything:
            return await self.store.next_due()
        owned = [due for community, due in (await self.store.next_due_by_community()).items()
                 if self.owner.owns(community)]
        return min(owned, default=None)

    async def fire_due(self) -> int:
        """Run everything due now that this process owns and could take; returns how many
        timers were handled."""
        fired = 0
        for timer in await self.store.due_timers(self.clock()):
            if self.owner.owns(timer.community) and await self._fire(timer):
                fired += 1
        return fired

    async def _fire(self, timer: Timer) -> bool:
        """Take the timer, then run its handler; False when another took it first."""
        now = self.clock()
        lease_end = now + CLAIM_LEASE
        try:
            claimed = await self.store.claim_timers([timer.id], now, lease_end)
        except StoreError as error:   # the store takes no writes: the ledger's outage
            self.cases.ledger.failed(timer.community, error)
            raise LedgerUnavailable(str(error)) from error
        if not claimed:
            log.info("timer_taken_elsewhere", community=timer.community, kind=timer.kind)
            return False
        try:
            handler = self.handlers[TimerKind(timer.kind)]
        except ValueError:
            await self.store.complete_timer(timer.id, f"skipped: unknown kind {timer.kind}", now)
            return True
        try:
            result = await handler(timer, now)
        except LedgerUnavailable:   # not completed: handed back, fired again once writable
            with contextlib.suppress(Exception):   # else it falls due when the lease ends
                await self.store.claim_timers([timer.id], lease_end, timer.due_at)
            raise
        except Exception as error:   # logged; never fired again in a loop
            log.exception("timer_crashed", community=timer.community, kind=timer.kind)
            result = f"failed: {error!r}"[:200]
        await self.store.complete_timer(timer.id, result, now)
        log.info("timer_fired", community=timer.community, user=timer.user, kind=timer.kind,
                 origin=timer.case_number, result=result)
        return True

    async def _lift(self, timer: Timer, now: datetime) -> str:
        """A temporary ban or a timeout ends: a case of its own, under the origin's rule."""
        origin = (await self.store.case(timer.community, timer.case_number)
                  if timer.case_number is not None else None)
        rule = origin.rule if origin else CaseKind.TIMER.value
        locale = supported(self.rulebook.for_community(timer.community).locale)
        number = timer.case_number
        action: Action
        if timer.kind == TimerKind.UNBAN:
            reason = (t(locale, "timer.ban_ended", number=number) if number is not None
                      else t(locale, "timer.ban_ended_unknown"))
            action = Unban(rule, reason=reason)
        else:
            reason = (t(locale, "timer.timeout_ended", number=number) if number is not None
                      else t(locale, "timer.timeout_ended_unknown"))
            action = Untimeout(rule, reason=reason)
        finished = await self.cases.run(CasePlan(
            NewCase(community=timer.community, user=timer.user, action=action.kind, rule=rule,
                    reason=reason, created_at=now),
            (action,), Target(timer.community, timer.user)))
        error = finished.case.error
        return f"failed: {error}" if error else "done"

    async def _renew(self, timer: Timer, now: datetime) -> str:
        """Platforms cap timeouts (Discord: 28 days): apply the next stretch of the case's
        timeout (the same case: a continuation, not a new sanction)."""
        origin = (await self.store.case(timer.community, timer.case_number)
                  if timer.case_number is not None else None)
        remaining = (origin.expires_at - now) if origin and origin.expires_at else timedelta(0)
        adapter = self.platforms.for_community(timer.community)
        if origin is None or remaining <= timedelta(0) or adapter is None:
            return "done: nothing left to renew"
        limit = adapter.max_timeout or remaining
        stretch = min(remaining, limit)
        attempt = await self.platforms.attempt(
            Timeout(origin.rule, duration=stretch, reason=origin.reason),
            Target(timer.community, timer.user))
        if attempt.ok and remaining > limit:
            await self.scheduler.schedule(TimerKind.RENEW_TIMEOUT, timer.community, timer.user,
                                          now + limit, timer.case_number)
        log.info("timeout_renewed", community=timer.community, user=timer.user,
                 case=timer.case_number, stretch=str(stretch), error=attempt.error)
        return f"failed: {attempt.error}" if attempt.error else "renewed"
