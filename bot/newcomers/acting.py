"""How newcomers' decisions reach the platform: through the community's paced queue.

Sanctions (raid, rejoin, verification) are cases written ledger first, BEFORE the
job is queued: a crash leaves them pending, and start-up reconciles them. Raid
cases are not posted to the mod log one by one (the lockdown's closing alert
summarises them). Gate actions (Restrict/Unrestrict) are not sanctions: no case.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import structlog

from bot.adapter import Target
from bot.commands.model import Post
from bot.newcomers.pacer import Pacer
from rules.actions import Action, Alert, Timeout
from storage.base import Store
from storage.models import Case, NewCase

if TYPE_CHECKING:
    from bot.pipeline import Pipeline

log = structlog.get_logger("gardien.newcomers")

SUMMARISED = frozenset({"raid"})   # rules whose cases the mod log does not get one by one


class Acting:
    """The pipeline's ledger, adapters and mod-log hook, behind one paced queue."""

    def __init__(self, pipeline: Pipeline, pacer: Pacer) -> None:
        self.pipeline = pipeline
        self.pacer = pacer

    @property
    def store(self) -> Store:
        return self.pipeline.store

    def target(self, community: str, user: str, name: str = "") -> Target:
        log_channel = self.pipeline.rulebook.for_community(community).log_channel or ""
        return Target(community, user, name, log_channel=log_channel)

    async def sanction(self, community: str, user: str, name: str, action: Action, *,
                       reason: str, now: datetime, expires_at: datetime | None = None,
                       lift: bool = True) -> Case:
        """Commit the case (pending), then queue the platform call that finishes it."""
        case = await self.store.open_case(NewCase(
            community=community, user=user, action=action.kind, rule=action.rule,
            reason=reason, created_at=now, expires_at=expires_at))
        log.info("case_opened", community=community, case=case.number, user=user,
                 action=case.action, rule=case.rule)
        self.pacer.submit(community, lambda: self._carry(case, action, name, now, lift))
        return case

    async def _carry(self, case: Case, action: Action, name: str, decided: datetime,
                     lift: bool) -> None:
        pipeline = self.pipeline
        if isinstance(action, Timeout) and case.expires_at is not None:
            remaining = case.expires_at - pipeline.clock()   # queued a while: what is left
            if remaining.total_seconds() <= 0:
                finished = await self.store.finish_case(
                    case.community, case.number, "failed",
                    "the timeout had run out before its turn in the queue")
                self._finished(finished, name)
                return
            action = Timeout(action.rule, duration=remaining, reason=action.reason)
        await pipeline.carry(case, action, self.target(case.community, case.user, name),
                             decided=decided, member=name, lift=lift,
                             notify=case.rule not in SUMMARISED)

    def _finished(self, case: Case, name: str) -> None:
        if case.rule not in SUMMARISED:
            self.pipeline.case_finished(case, name)

    def perform(self, community: str, user: str, name: str, action: Action) -> None:
        """Queue a call that is not a sanction (the gate): logged, never a case."""

        async def job() -> None:
            error = await self.pipeline.attempt(self.pipeline.adapter_for(community), action,
                                                self.target(community, user, name))
            log.info("gate_" + action.kind, community=community, user=user, error=error)

        self.pacer.submit(community, job)

    def post(self, community: str, post: Post) -> None:
        """Queue a post (a welcome, a prompt, an alert); a failed post is only logged."""
        self.pacer.submit(community, lambda: self.send(community, post))

    async def send(self, community: str, post: Post) -> bool:
        adapter = self.pipeline.adapter_for(community)
        poster = getattr(adapter, "post", None)
        try:
            if poster is not None:
                await poster(community, post)
            elif post.channel.startswith("log:") and adapter is not None:
                # adapters without posts still carry alerts to the log channel
                await adapter.execute(Alert("raid", text=post.text),
                                      self.target(community, ""))
            else:
                log.info("post_unsupported", community=community, channel=post.channel)
                return False
        except Exception as error:
            log.warning("post_failed", community=community, channel=post.channel,
                        error=getattr(error, "reason", None) or repr(error))
            return False
        return True

    def alert(self, community: str, text: str) -> None:
        """Queue an alert to the community's log channel (none configured: only logged)."""
        channel = self.pipeline.rulebook.for_community(community).log_channel
        if not channel:
            log.info("alert_without_log_channel", community=community, text=text)
            return
        self.post(community, Post(f"log:{channel}", text))
