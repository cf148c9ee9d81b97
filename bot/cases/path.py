"""The one path every sanction takes: ledger first, then the platform, then the outcome.

Rules, escalation steps, moderators' commands, newcomers' and raid actions, timer
liftings, appeals, purges and start-up reconciliation all hand a `CasePlan` to
`CasePath`: `open` commits the case as pending (so a crash leaves a trace that
start-up reconciles), `carry` makes the platform calls, schedules the timer that
ends a temporary sanction, marks the case done or failed with the platform's
reason, and gives it to the mod log (unless its kind is summarised elsewhere); the
member's statement of reasons rides on the sanction's call (bot/cases/notice.py).
Opening and carrying are two steps because a verdict's cases, or a queued
newcomer's, are all committed before the first call is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.adapter import Target
from bot.cases.kinds import CaseKind
from bot.cases.notice import with_notices
from bot.clock import Clock
from bot.ledger import LedgerUnavailable, LedgerWatch
from bot.logs import logger
from bot.metrics import Metrics
from bot.modlog import ModLog
from bot.platforms import Platforms
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler, TimerKind
from catalogue import supported, t
from rules.actions import Action, Ban, Timeout
from storage.base import Store
from storage.errors import StoreError
from storage.models import Case, Cooldown, NewCase

log = logger("gardien.cases")


@dataclass(frozen=True, slots=True)
class CasePlan:
    """A sanction decided: what the ledger records and the platform calls it depends on."""

    new: NewCase
    calls: tuple[Action, ...]          # in order; () when nothing is left to call (a
                                       # sanction by hand already carried out on the platform)
    target: Target
    member: str = ""                   # names the mod log shows
    moderator: str = ""
    queued: bool = False               # it waits in a queue: a timeout is recounted at its turn
    not_carried: str | None = None     # the case fails with this reason, no call made


@dataclass(frozen=True, slots=True)
class OpenCase:
    """A case committed as pending, with the plan that finishes it."""

    case: Case
    plan: CasePlan

    @property
    def kind(self) -> CaseKind:
        return CaseKind.of(self.case.rule)


@dataclass(frozen=True, slots=True)
class Finished:
    case: Case
    affected: int | None = None        # what the platform reported (a purge's count)


class CasePath:
    def __init__(self, store: Store, rulebook: Rulebook, platforms: Platforms,
                 scheduler: Scheduler, modlog: ModLog, ledger: LedgerWatch,
                 clock: Clock, metrics: Metrics | None = None) -> None:
        self.store = store
        self.rulebook = rulebook
        self.platforms = platforms
        self.scheduler = scheduler
        self.modlog = modlog
        self.ledger = ledger
        self.clock = clock
        self.metrics = metrics if metrics is not None else Metrics()

    async def open(self, plan: CasePlan) -> OpenCase:
        """Commit the case as pending: the ledger holds it before any platform call. Raises
        LedgerUnavailable (nothing to carry out) when the store cannot record it."""
        (opened,) = await self.open_all([plan])
        return opened

    async def open_all(self, plans: Sequence[CasePlan], cooldowns: Sequence[Cooldown] = ()
                       ) -> list[OpenCase]:
        """A verdict's cases (one community's) and the cooldowns its rules start, committed
        in one write before any platform call: all of them, or none (LedgerUnavailable)."""
        community = plans[0].new.community if plans else cooldowns[0].community
        try:
            cases = await self.store.open_cases([plan.new for plan in plans], cooldowns)
        except StoreError as error:
            self.ledger.failed(community, error)
            raise LedgerUnavailable(str(error)) from error
        self.ledger.succeeded()
        for case in cases:
            log.info("case_opened", community=case.community, case=case.number,
                     user=case.user, action=case.action, rule=case.rule)
        return [OpenCase(case, plan) for case, plan in zip(cases, plans, strict=True)]

    @staticmethod
    def reopen(case: Case, calls: tuple[Action, ...], target: Target,
               not_carried: str | None = None) -> OpenCase:
        """A case a previous run left pending, to carry again (or fail) at start-up."""
        new = NewCase(community=case.community, user=case.user, action=case.action,
                      rule=case.rule, created_at=case.created_at,
                      expires_at=case.expires_at)
        return OpenCase(case, CasePlan(new, calls, target, not_carried=not_carried))

    async def run(self, plan: CasePlan) -> Finished:
        """Open and carry at once (a case alone in its decision)."""
        return await self.carry(await self.open(plan))

    async def carry(self, opened: OpenCase) -> Finished:
        """The platform calls, the timer that ends the sanction, the outcome, the mod log."""
        case, plan = opened.case, opened.plan
        error = plan.not_carried
        affected: int | None = None
        calls = plan.calls
        if error is None and plan.queued:
            calls, error = self._recount(case, calls)
        calls = with_notices(self.rulebook.for_community(case.community), case, calls)
        started = self.clock()
        carried = error is None
        for action in calls if carried else ():
            attempt = await self.platforms.attempt(action, plan.target)
            if not attempt.ok:   # the case fails, but its other calls are still made: a
                error = error or self.platforms.reason(attempt, self._locale(case))
                continue                         # refused delete does not spare the ban
            if attempt.affected is not None:
                affected = attempt.affected
            if opened.kind.lifts_itself:
                await self._schedule_lifting(case, action, started)
        finished = await self.store.finish_case(case.community, case.number,
                                                "failed" if error else "done", error)
        self.metrics.case_finished(finished.action, finished.status)
        log.info("case_" + finished.status, community=case.community, case=case.number,
                 user=case.user, action=case.action, rule=case.rule, error=error)
        if not opened.kind.summarised:
            self.modlog.case_finished(finished, plan.member, plan.moderator)
        return Finished(finished, affected)

    def _recount(self, case: Case, calls: tuple[Action, ...]
                 ) -> tuple[tuple[Action, ...], str | None]:
        """A timeout that waited its turn lasts until the decided end, not longer; one whose
        end passed in the queue fails."""
        if case.expires_at is None:
            return calls, None
        remaining = case.expires_at - self.clock()
        recounted: list[Action] = []
        for action in calls:
            if isinstance(action, Timeout):
                if remaining <= timedelta(0):
                    return (), t(self._locale(case), "case.queue_expired")
                action = Timeout(action.rule, duration=remaining, reason=action.reason)
            recounted.append(action)
        return tuple(recounted), None

    def _locale(self, case: Case) -> str:
        return supported(self.rulebook.for_community(case.community).locale)

    async def _schedule_lifting(self, case: Case, action: Action, started: datetime) -> None:
        """The timer that ends a temporary sanction the platform will not end by itself."""
        if case.expires_at is None:
            return
        if isinstance(action, Ban):
            await self.scheduler.schedule(TimerKind.UNBAN, case.community, case.user,
                                          case.expires_at, case.number)
            return
        if not isinstance(action, Timeout):
            return
        adapter = self.platforms.for_community(case.community)
        if adapter is None:
            return
        limit = adapter.max_timeout
        if limit is None:
            await self.scheduler.schedule(TimerKind.LIFT_TIMEOUT, case.community, case.user,
                                          case.expires_at, case.number)
        elif action.duration > limit:
            await self.scheduler.schedule(TimerKind.RENEW_TIMEOUT, case.community, case.user,
                                          started + limit, case.number)
