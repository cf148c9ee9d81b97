"""Durable timers: temporary sanctions lifted by the bot itself, across restarts.

Timers are rows with a due time, not `asyncio.sleep`s: a timer that fell due
while the bot was down fires at start-up. Each lifting is recorded as a case.
Newcomers' timers (`verify_deadline`, `lockdown_end`) are handed to
`pipeline.newcomers`, which records what they did (a case when they sanction).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import structlog

from bot.adapter import Adapter, Target
from bot.newcomers import TIMER_KINDS
from bot.pipeline import Pipeline
from rules.actions import Action, Timeout, Unban, Untimeout
from storage.models import NewCase, NewTimer, Timer

log = structlog.get_logger("gardien.timers")

IDLE_CHECK = 60.0   # look at the table at least this often, whatever we were told


class TimerService:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.store = pipeline.store
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """A new timer was scheduled: re-check the next due time."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.fire_due()
                next_due = await self.store.next_due()
            except Exception:
                log.exception("timers_failed")
                next_due = None
            now = self.pipeline.clock()
            wait = IDLE_CHECK if next_due is None else max(0.0, (next_due - now).total_seconds())
            self._wake.clear()
            stopping = asyncio.create_task(stop.wait())
            waking = asyncio.create_task(self._wake.wait())
            await asyncio.wait({stopping, waking}, timeout=min(wait, IDLE_CHECK),
                               return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            waking.cancel()

    async def fire_due(self) -> int:
        """Lift everything due now; returns how many timers were handled."""
        due = await self.store.due_timers(self.pipeline.clock())
        for timer in due:
            await self._fire(timer)
        return len(due)

    async def _fire(self, timer: Timer) -> None:
        if timer.kind in TIMER_KINDS:
            try:
                result = await self.pipeline.newcomers.fire(timer)
            except Exception as error:   # logged; never fired again in a loop
                log.exception("timer_crashed", community=timer.community, kind=timer.kind)
                result = f"failed: {error!r}"[:200]
            await self.store.complete_timer(timer.id, result, self.pipeline.clock())
            log.info("timer_fired", community=timer.community, user=timer.user,
                     kind=timer.kind, result=result)
            return
        adapter = self.pipeline.adapter_for(timer.community)
        origin = (await self.store.case(timer.community, timer.case_number)
                  if timer.case_number is not None else None)
        rule = origin.rule if origin else "timer"
        label = f"case #{timer.case_number}" if timer.case_number is not None else "a timer"
        now = self.pipeline.clock()
        target = Target(timer.community, timer.user)
        if timer.kind == "renew_timeout":
            await self._renew(timer, adapter, origin, target)
            return
        action: Action
        if timer.kind == "unban":
            action = Unban(rule, reason=f"temporary ban of {label} ended")
        elif timer.kind == "lift_timeout":
            action = Untimeout(rule, reason=f"timeout of {label} ended")
        else:
            await self.store.complete_timer(timer.id, f"skipped: unknown kind {timer.kind}", now)
            return
        case = await self.store.open_case(NewCase(
            community=timer.community, user=timer.user, action=action.kind, rule=rule,
            reason=action.reason, created_at=now))
        finished = await self.pipeline.carry(case, action, target, decided=now, lift=False)
        error = finished.error
        await self.store.complete_timer(timer.id, f"failed: {error}" if error else "done", now)
        log.info("timer_fired", community=timer.community, user=timer.user, kind=timer.kind,
                 case=case.number, origin=timer.case_number, error=error)

    async def _renew(self, timer: Timer, adapter: Adapter | None, origin, target: Target) -> None:
        """Platforms cap timeouts (Discord: 28 days): apply the next stretch."""
        now = self.pipeline.clock()
        remaining = (origin.expires_at - now) if origin and origin.expires_at else timedelta(0)
        if remaining <= timedelta(0) or adapter is None:
            await self.store.complete_timer(timer.id, "done: nothing left to renew", now)
            return
        limit = adapter.max_timeout or remaining
        stretch = min(remaining, limit)
        error = await self.pipeline.attempt(adapter, Timeout(origin.rule, duration=stretch,
                                                             reason=origin.reason), target)
        await self.store.complete_timer(timer.id, f"failed: {error}" if error else "renewed", now)
        if error is None and remaining > limit:
            await self.store.schedule(NewTimer(community=timer.community, user=timer.user,
                                               kind="renew_timeout", due_at=now + limit,
                                               case_number=timer.case_number))
        log.info("timeout_renewed", community=timer.community, user=timer.user,
                 case=timer.case_number, stretch=str(stretch), error=error)
