"""Start-up chores: warm the in-memory state from the database and reconcile
cases a previous run left pending (a crash between the ledger and the platform).

The order matters and is the app's: `warm_state` (points, cooldowns, and the
lockdowns still open, so a join right after the restart is still locked down and
an overdue `lockdown_end` finds its lockdown), then `reconcile` (pending raid cases
are finished before a closing alert counts them), then the overdue timers
(verification deadlines and lockdown ends that passed while the bot was down).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import structlog

from bot.adapter import Target
from bot.newcomers.acting import SUMMARISED
from bot.pipeline import Pipeline
from bot.timers import TimerService
from rules.actions import Action, Ban, Kick, Timeout
from rules.state import timestamp
from storage.models import Case

log = structlog.get_logger("gardien.startup")

STALE_KICK = timedelta(hours=1)   # a kick decided longer ago than this is not replayed


async def warm_state(pipeline: Pipeline) -> tuple[int, int]:
    """Load unexpired points and running cooldowns into the state book."""
    now = pipeline.clock()
    horizons = [r.escalation.expire_after for r in pipeline.rulebook.rulesets()]
    if any(h is None for h in horizons) or not horizons:
        since = datetime(1970, 1, 1, tzinfo=UTC)
    else:
        since = now - timedelta(seconds=max(horizons))
    points = await pipeline.store.all_points_since(since)
    for community, user, at, amount in points:
        pipeline.book.get(community, user).add_points(timestamp(at), amount)
    cooldowns = await pipeline.store.cooldowns_after(now)
    for community, user, rule, until in cooldowns:
        pipeline.book.get(community, user).start_cooldown(rule, timestamp(until))
    lockdowns = await pipeline.newcomers.restore()
    log.info("state_warmed", points=len(points), cooldowns=len(cooldowns), lockdowns=lockdowns)
    return len(points), len(cooldowns)


def _replay_action(case: Case, now: datetime) -> Action | str:
    """The action to retry for a pending case, or the reason it is not retried."""
    if case.action == "timeout":
        if case.expires_at is None or case.expires_at <= now:
            return "interrupted by a restart; the timeout had already run out"
        return Timeout(case.rule, duration=case.expires_at - now, reason=case.reason)
    if case.action == "ban":
        if case.expires_at is not None and case.expires_at <= now:
            return "interrupted by a restart; the temporary ban had already run out"
        duration = case.expires_at - now if case.expires_at else None
        return Ban(case.rule, duration=duration, reason=case.reason)
    if case.action == "kick":
        if now - case.created_at > STALE_KICK:
            return "interrupted by a restart more than 1h ago; the kick was not replayed"
        return Kick(case.rule, reason=case.reason)
    if case.action == "warn":
        return "interrupted by a restart; the warning may not have been delivered (points stand)"
    return f"interrupted by a restart; {case.action} is not replayed"


async def reconcile(pipeline: Pipeline, timers: TimerService | None = None) -> int:
    """Retry or fail every pending case; returns how many were handled."""
    pending = await pipeline.store.pending_cases()
    now = pipeline.clock()
    for case in pending:
        replay = _replay_action(case, now)
        error: str | None
        if isinstance(replay, str):
            error = replay
        else:
            target = Target(case.community, case.user, channel=case.channel or "",
                            message_id=case.message_id or "")
            adapter = pipeline.adapter_for(case.community)
            error = await pipeline.attempt(adapter, replay, target)
            if error is None:   # the same timers as a first attempt (unban, lift, renew)
                await pipeline.schedule_lifting(adapter, case, replay, now)
        status = "failed" if error else "done"
        finished = await pipeline.store.finish_case(case.community, case.number, status, error)
        if finished.rule not in SUMMARISED:   # raid cases go to their lockdown's summary
            pipeline.case_finished(finished)   # the mod log learns how the case ended
        log.info("case_reconciled", community=case.community, case=case.number,
                 action=case.action, status=status, error=error)
    if timers is not None and pending:
        timers.wake()
    return len(pending)
