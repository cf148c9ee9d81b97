"""Durable timers, written by one service: the kinds there are, and a wake-up for the runner.

Timers are rows with a due time (they survive restarts); every part of the core
that needs one (a lifting, a verification deadline, a lockdown's end) asks the
scheduler, which writes the row and tells the timer runner to look again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from storage.base import Store
from storage.models import NewTimer, Timer


class TimerKind(StrEnum):
    """What a timer does when it falls due (stored as its value)."""

    UNBAN = "unban"                          # a temporary ban ends
    LIFT_TIMEOUT = "lift_timeout"            # a timeout the platform never lifts by itself
    RENEW_TIMEOUT = "renew_timeout"          # a timeout longer than the platform's cap
    VERIFY_DEADLINE = "verify_deadline"      # a newcomer did not pass the gate in time
    LOCKDOWN_END = "lockdown_end"            # a raid lockdown runs out
    WEEKLY_REPORT = "weekly_report"          # a community's weekly report is due
    SCHEDULE = "schedule"                    # a `schedule:` item's next occurrence
    POLL_CLOSE = "poll_close"                # a scheduled poll ends: its results are posted
    ANNOUNCE = "announce"                    # an `announce ... at` falls due


# Runs a timer that fell due (the timer, now); returns the result stored with it.
TimerHandler = Callable[[Timer, datetime], Awaitable[str]]

# What lifting a sanction by hand cancels (it must not be lifted a second time).
LIFTED_BY_UNBAN = (TimerKind.UNBAN,)
LIFTED_BY_UNTIMEOUT = (TimerKind.LIFT_TIMEOUT, TimerKind.RENEW_TIMEOUT)


class Scheduler:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.changed = asyncio.Event()   # set at each new timer: the runner re-reads the table

    async def schedule(self, kind: TimerKind, community: str, user: str, due_at: datetime,
                       case_number: int | None = None,
                       payload: dict[str, Any] | None = None) -> Timer:
        timer = await self.store.schedule(NewTimer(community=community, user=user,
                                                   kind=kind.value, due_at=due_at,
                                                   case_number=case_number,
                                                   payload=payload or {}))
        self.changed.set()
        return timer

    async def cancel(self, community: str, user: str, kinds: tuple[TimerKind, ...],
                     at: datetime) -> int:
        """Cancel a member's open timers of these kinds; how many were open."""
        cancelled = 0
        for kind in kinds:
            cancelled += await self.store.cancel_timers(community, user, kind.value, at=at)
        return cancelled

    def wake(self) -> None:
        """Tell the runner to look again (pending work was reconciled, say)."""
        self.changed.set()
