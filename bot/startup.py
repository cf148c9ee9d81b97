"""Start-up chores: warm the in-memory state from the database and reconcile cases a
previous run left pending (a crash between the ledger and the platform).

The order matters and is the core's (bot/core.py): `warm_state` (points, cooldowns,
and the lockdowns still open, so a join right after the restart is still locked
down and an overdue `lockdown_end` finds its lockdown), then `reconcile` (pending
raid cases are finished before a closing alert counts them), then the overdue
timers (verification deadlines and lockdown ends that passed while the bot was down).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import structlog

from bot.adapter import Target
from bot.cases.path import CasePath, OpenCase
from bot.clock import Clock
from bot.newcomers.coordinator import Newcomers
from bot.ownership import EVERYTHING, Ownership
from bot.points import Points
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler
from catalogue import supported, t
from rules.actions import Action, Ban, Kick, Timeout
from storage.base import Store
from storage.models import Case

log = structlog.get_logger("gardien.startup")

STALE_KICK = timedelta(hours=1)   # a kick decided longer ago than this is not replayed

# Queue a case's platform calls behind the community's other newcomer work:
# (community, member, job) -> None (the paced queues of bot/newcomers/pacer.py).
Pace = Callable[[str, str, Callable[[], Awaitable[object]]], None]


async def warm_state(points: Points, newcomers: Newcomers, clock: Clock) -> tuple[int, int]:
    """Load unexpired points, running cooldowns and open lockdowns into memory."""
    loaded, cooldowns = await points.warm(clock())
    lockdowns = await newcomers.restore()
    log.info("state_warmed", points=loaded, cooldowns=cooldowns, lockdowns=lockdowns)
    return loaded, cooldowns


def replay_action(case: Case, now: datetime) -> Action | tuple[str, dict[str, object]]:
    """The action to retry for a pending case, or (catalogue key, values) of the reason it
    is not retried."""
    if case.action == "timeout":
        if case.expires_at is None or case.expires_at <= now:
            return "reconcile.timeout_ran_out", {}
        return Timeout(case.rule, duration=case.expires_at - now, reason=case.reason)
    if case.action == "ban":
        if case.expires_at is not None and case.expires_at <= now:
            return "reconcile.ban_ran_out", {}
        duration = case.expires_at - now if case.expires_at else None
        return Ban(case.rule, duration=duration, reason=case.reason)
    if case.action == "kick":
        if now - case.created_at > STALE_KICK:
            return "reconcile.stale_kick", {}
        return Kick(case.rule, reason=case.reason)
    if case.action == "warn":
        return "reconcile.warn", {}
    return "reconcile.not_replayed", {"action": case.action}


async def reconcile(store: Store, rulebook: Rulebook, cases: CasePath, scheduler: Scheduler,
                    clock: Clock, pace: Pace | None = None,
                    pending: list[Case] | None = None, *,
                    owner: Ownership = EVERYTHING) -> int:
    """Retry or fail every pending case through the case path; how many were found.

    With `pace`, the retries go through the paced queues (a raid's hundreds of pending
    cases, in flight together as the platform allows); without, one after another here.
    `pending`: the cases read before this run handled its first event (by default, read
    now): a case this run opened and queued is its own to finish, never a replay.
    `owner`: only the cases of communities this process owns are reconciled; another
    process's pending case may be in flight, and is its to finish.
    """
    if pending is None:
        pending = await store.pending_cases()
    pending = [case for case in pending if owner.owns(case.community)]
    now = clock()
    for case in pending:
        replay = replay_action(case, now)
        target = Target(case.community, case.user, channel=case.channel or "",
                        message_id=case.message_id or "")
        if isinstance(replay, tuple):
            key, values = replay
            locale = supported(rulebook.for_community(case.community).locale)
            opened = cases.reopen(case, (), target, not_carried=t(locale, key, **values))
        else:
            opened = cases.reopen(case, (replay,), target)

        async def carry(opened: OpenCase = opened) -> None:
            finished = await cases.carry(opened)   # the same timers as a first attempt
            log.info("case_reconciled", community=finished.case.community,
                     case=finished.case.number, action=finished.case.action,
                     status=finished.case.status, error=finished.case.error)

        if pace is None:
            await carry()
        else:
            pace(case.community, case.user, carry)
    if pending:
        scheduler.wake()
    return len(pending)
