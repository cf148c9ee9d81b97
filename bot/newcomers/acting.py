"""How newcomers' decisions reach the platform: through the community's paced queue.

Sanctions (raid, rejoin, verification) go through the case path: the case is
committed BEFORE the job is queued (a crash leaves it pending, and start-up
reconciles it), and the queued job carries it. Gate actions (Restrict,
Unrestrict) are not sanctions: no case. Posts and alerts are queued too, so a
lockdown's closing alert follows every action it summarises.
"""

from __future__ import annotations

from datetime import datetime

import structlog

from bot.adapter import Target
from bot.cases.path import CasePath, CasePlan
from bot.clock import Clock
from bot.ledger import LedgerUnavailable, LedgerWatch
from bot.newcomers.pacer import Pacer
from bot.platforms import Platforms
from bot.posts import Post
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler
from rules.actions import Action
from storage.base import Store
from storage.models import Case, NewCase

log = structlog.get_logger("gardien.newcomers")


class Acting:
    """The core services newcomers' work needs, behind one paced queue per community."""

    def __init__(self, store: Store, rulebook: Rulebook, cases: CasePath, platforms: Platforms,
                 scheduler: Scheduler, pacer: Pacer, ledger: LedgerWatch, clock: Clock) -> None:
        self.store = store
        self.rulebook = rulebook
        self.cases = cases
        self.platforms = platforms
        self.scheduler = scheduler
        self.pacer = pacer
        self.ledger = ledger
        self.clock = clock

    def target(self, community: str, user: str, name: str = "") -> Target:
        log_channel = self.rulebook.for_community(community).log_channel or ""
        return Target(community, user, name, log_channel=log_channel)

    async def sanction(self, community: str, user: str, name: str, action: Action, *,
                       reason: str, now: datetime,
                       expires_at: datetime | None = None) -> Case | None:
        """Commit the case (pending), then queue the platform call that finishes it. None
        when the ledger cannot record it: then it is held, and recorded and queued later."""
        plan = CasePlan(
            NewCase(community=community, user=user, action=action.kind, rule=action.rule,
                    reason=reason, created_at=now, expires_at=expires_at),
            (action,), self.target(community, user, name), member=name, queued=True)
        try:
            return await self._open_and_queue(plan)
        except LedgerUnavailable:
            self.ledger.hold(community, lambda: self._open_and_queue(plan))
            return None

    async def _open_and_queue(self, plan: CasePlan) -> Case:
        opened = await self.cases.open(plan)
        self.pacer.submit(plan.new.community, lambda: self.cases.carry(opened),
                          member=plan.new.user)
        return opened.case

    def perform(self, community: str, user: str, name: str, action: Action) -> None:
        """Queue a call that is not a sanction (the gate): logged, never a case."""

        async def job() -> None:
            attempt = await self.platforms.attempt(action, self.target(community, user, name))
            log.info("gate_" + action.kind, community=community, user=user, error=attempt.error)

        self.pacer.submit(community, job, member=user)

    def post(self, community: str, post: Post, member: str = "") -> None:
        """Queue a post (a welcome, a prompt: after `member`'s gate); a failed post is only
        logged."""
        self.pacer.submit(community, lambda: self.platforms.post(community, post),
                          member=member)

    def alert(self, community: str, text: str) -> None:
        """Queue an alert to the community's log channel (none configured: only logged)."""
        channel = self.rulebook.for_community(community).log_channel
        if not channel:
            log.info("alert_without_log_channel", community=community)
            return
        self.pacer.submit(community,
                          lambda: self.platforms.alert(community, channel, text, "raid"))
