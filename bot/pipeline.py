"""The core pipeline: event in, verdict, ledger first, then the platform.

Per-message work stays in memory (the engine and the state book); the
database is touched only when something is decided. Each sanction is written
as a `pending` case before the adapter carries it out, then marked `done` or
`failed` with the platform's reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog

from bot.adapter import Adapter, Target
from bot.errors import ActionError, NotFound
from bot.executor import carry_out
from bot.ledger import PlannedCase, plan_cases
from bot.newcomers import Newcomers
from bot.rulebook import Rulebook
from rules.actions import Action, Ban, Delete, Timeout, Unban, Unrestrict, Untimeout
from rules.engine import evaluate, evaluate_join, join_message
from rules.events import Event, Join, JoinRequest, Leave, ManualSanction, Message
from rules.state import StateBook, timestamp
from rules.verdict import Verdict
from storage.base import Store
from storage.models import Case, NewCase, NewTimer

log = structlog.get_logger("gardien.pipeline")

Clock = Callable[[], datetime]
# Told of every finished case (member name, moderator name when known): the mod log.
# Must not block: it schedules its own work.
CaseHook = Callable[[Case, str, str], None]
# Actions whose goal is reached when the platform answers "not found".
GONE_IS_DONE = (Delete, Unban, Untimeout, Unrestrict)
SWEEP_EVERY = 4096       # events between two sweeps of idle member state
SWEEP_MARGIN = 60.0      # seconds kept beyond the longest window


def utc_now() -> datetime:
    return datetime.now(UTC)


class Pipeline:
    def __init__(
        self,
        store: Store,
        rulebook: Rulebook,
        adapters: list[Adapter],
        *,
        book: StateBook | None = None,
        clock: Clock = utc_now,
        on_timer: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.rulebook = rulebook
        self.adapters = adapters
        self.book = book if book is not None else StateBook()
        self.clock = clock
        self.on_timer = on_timer or (lambda: None)
        self.on_case: CaseHook | None = None
        self.in_flight: set[asyncio.Task[None]] = set()
        self._since_sweep = 0
        # welcome, verification, raids, rejoins; its paced queues are tracked in in_flight
        self.newcomers = Newcomers(self)

    def adapter_for(self, community: str) -> Adapter | None:
        return next((a for a in self.adapters if a.owns(community)), None)

    # --- events ---------------------------------------------------------------
    async def handle(self, event: Event) -> Verdict | None:
        """Judge one event; sanctions run in the background, tracked for shutdown."""
        if isinstance(event, ManualSanction):
            await self.record_manual(event)
            return None
        if isinstance(event, Leave):
            await self.newcomers.on_leave(event)
            return None
        if isinstance(event, JoinRequest):
            log.info("join_requested", community=event.community, user=event.user.id)
            await self.newcomers.on_join_request(
                event, self.rulebook.for_community(event.community))
            return None
        self._since_sweep += 1
        if self._since_sweep >= SWEEP_EVERY:
            self._sweep(event)
        state = self.book.get(event.community, event.user.id)
        ruleset = self.rulebook.for_community(event.community)
        if isinstance(event, Join):
            return await self._join(event, ruleset, state)
        verdict = evaluate(ruleset, event, state)
        if not verdict.triggered:
            return verdict
        log.info(
            "decision",
            community=event.community,
            user=event.user.id,
            message=event.id,
            rules=list(verdict.rules),
            shadow=list(verdict.shadow),
            actions=verdict.action_kinds,
            points=verdict.points,
            evidence={hit.rule: hit.evidence for hit in verdict.hits},
        )
        cooldowns = [r for r in ruleset.rules if r.cooldown and r.id in
                     {hit.rule for hit in verdict.hits}]
        if verdict.actions or cooldowns:
            task = asyncio.create_task(self._sanction(event, verdict, cooldowns))
            self.in_flight.add(task)
            task.add_done_callback(self.in_flight.discard)
        return verdict

    async def _join(self, join: Join, ruleset, state) -> Verdict | None:
        """Join rules (`on: [join]`, the display name as text), then the newcomers' flow."""
        log.info("member_joined", community=join.community, user=join.user.id)
        verdict = evaluate_join(ruleset, join, state)
        if verdict.triggered:
            log.info("decision", community=join.community, user=join.user.id, join=join.id,
                     rules=list(verdict.rules), shadow=list(verdict.shadow),
                     actions=verdict.action_kinds, points=verdict.points,
                     evidence={hit.rule: hit.evidence for hit in verdict.hits})
            cooldowns = [r for r in ruleset.join_rules if r.cooldown and r.id in
                         {hit.rule for hit in verdict.hits}]
            if verdict.actions or cooldowns:   # paced with the community's newcomers
                message = join_message(join)
                self.newcomers.pacer.submit(
                    join.community, lambda: self._sanction(message, verdict, cooldowns))
        try:
            await self.newcomers.on_join(join, ruleset, verdict)
        except Exception:   # the welcome must never cost the join rules their sanction
            log.exception("newcomer_failed", community=join.community, user=join.user.id)
        return verdict if verdict.triggered else None

    async def record_manual(self, event: ManualSanction) -> None:
        """A moderator sanctioned someone by hand on the platform: keep the ledger complete."""
        case = await self.store.open_case(NewCase(
            community=event.community, user=event.user.id, action=event.action, rule="manual",
            reason=event.reason, moderator=event.moderator, created_at=event.at,
            expires_at=event.expires_at))
        finished = await self.store.finish_case(case.community, case.number, "done")
        self.case_finished(finished, event.user.name)
        log.info("case_manual", community=case.community, case=case.number, user=case.user,
                 action=case.action, moderator=case.moderator)

    def case_finished(self, case: Case, member: str = "", moderator: str = "") -> None:
        """Hand a finished case to the mod log; a hook failure never fails the case."""
        if self.on_case is None:
            return
        try:
            self.on_case(case, member, moderator)
        except Exception:
            log.exception("case_hook_failed", community=case.community, case=case.number)

    def _sweep(self, event: Message | Join) -> None:
        """Forget members idle past every rule's window (points and cooldowns are kept)."""
        self._since_sweep = 0
        horizon = max((r.horizon for r in self.rulebook.rulesets()), default=0.0)
        evicted = self.book.sweep(timestamp(event.at), horizon + SWEEP_MARGIN)
        if evicted:
            log.debug("state_swept", evicted=evicted, members=len(self.book))

    async def drain(self, timeout: float | None = None) -> bool:
        """Wait for in-flight sanctions; True when all finished in time."""
        if not self.in_flight:
            return True
        _, pending = await asyncio.wait(set(self.in_flight), timeout=timeout)
        return not pending

    # --- sanctions ------------------------------------------------------------
    async def _sanction(self, message: Message, verdict: Verdict, cooldowns: list) -> None:
        now = self.clock()
        at = message.at
        for rule in cooldowns:
            await self.store.save_cooldown(message.community, message.user.id, rule.id,
                                           at + timedelta(seconds=rule.cooldown))
        planned = plan_cases(verdict, message, now)
        opened = []
        for plan in planned:   # ledger first: every case is committed before any call
            case = await self.store.open_case(plan.new)
            opened.append((plan, case))
            log.info("case_opened", community=case.community, case=case.number,
                     user=case.user, action=case.action, rule=case.rule)
        adapter = self.adapter_for(message.community)
        ruleset = self.rulebook.for_community(message.community)
        target = Target(message.community, message.user.id, message.user.name,
                        message.channel_id or message.channel, message.id,
                        ruleset.log_channel or "")
        errors: dict[int, str] = {}
        for action in verdict.actions:
            owner = _owner(opened, action)
            error = await self.attempt(adapter, action, target)
            if error is None:
                if owner is not None:
                    await self.schedule_lifting(adapter, owner[1], action, now)
                continue
            if owner is not None:
                errors.setdefault(owner[1].number, error)
        for _, case in opened:
            error = errors.get(case.number)
            status = "failed" if error else "done"
            finished = await self.store.finish_case(case.community, case.number, status, error)
            self.case_finished(finished, message.user.name)
            log.info("case_" + status, community=case.community, case=case.number,
                     user=case.user, action=case.action, rule=case.rule, error=error)

    async def carry(self, case: Case, action: Action, target: Target, *, decided: datetime,
                    member: str = "", moderator: str = "", lift: bool = True,
                    notify: bool = True) -> Case:
        """Carry out the one action of an opened (pending) case and record its outcome: the
        platform call, the timer that ends it when it lasts, done/failed, the mod log."""
        adapter = self.adapter_for(case.community)
        error = await self.attempt(adapter, action, target)
        if error is None and lift:
            await self.schedule_lifting(adapter, case, action, decided)
        finished = await self.store.finish_case(case.community, case.number,
                                                "failed" if error else "done", error)
        log.info("case_" + finished.status, community=case.community, case=case.number,
                 user=case.user, action=case.action, rule=case.rule, error=error)
        if notify:
            self.case_finished(finished, member, moderator)
        return finished

    async def attempt(self, adapter: Adapter | None, action: Action, target: Target) -> str | None:
        """None on success, else the reason (logged)."""
        if adapter is None:
            return f"no adapter serves {target.community}"
        try:
            await carry_out(adapter, action, target)
        except NotFound as error:
            if isinstance(action, GONE_IS_DONE):
                return None   # already gone / already lifted: the goal is reached
            reason = error.reason
        except ActionError as error:
            reason = error.reason
        else:
            return None
        log.warning("action_failed", community=target.community, user=target.user,
                    action=action.kind, rule=action.rule, reason=reason)
        return reason

    async def schedule_lifting(self, adapter: Adapter | None, case, action: Action,
                               now: datetime) -> None:
        """The timer that ends a temporary sanction the platform will not end by itself."""
        if adapter is None or case.expires_at is None:
            return
        kind = None
        due = case.expires_at
        if isinstance(action, Ban):
            kind = "unban"
        elif isinstance(action, Timeout):
            limit = adapter.max_timeout
            if limit is None:
                kind = "lift_timeout"
            elif action.duration > limit:
                kind, due = "renew_timeout", now + limit
        if kind is None:
            return
        await self.store.schedule(NewTimer(community=case.community, user=case.user, kind=kind,
                                           due_at=due, case_number=case.number))
        self.on_timer()


def _owner(opened: list[tuple[PlannedCase, object]], action: Action):
    for plan, case in opened:
        if any(call is action for call in plan.calls):
            return plan, case
    return None
