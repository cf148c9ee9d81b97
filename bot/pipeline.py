"""The core pipeline: event in, verdict, then the case path.

Per-message work stays in memory (the engine and the state book); the
database is touched only when something is decided. Each verdict's cases are
all committed as pending, in one write, before the first platform call
(bot/cases/path.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from time import perf_counter

from bot.adapter import Target
from bot.archive.keeper import ArchiveKeeper
from bot.background import Background
from bot.cases.path import CasePath, CasePlan, OpenCase
from bot.cases.verdicts import plan_cases
from bot.clock import Clock
from bot.insight.live import LiveInsight
from bot.ledger import LedgerUnavailable, LedgerWatch
from bot.logs import logger
from bot.metrics import Metrics
from bot.newcomers.coordinator import Newcomers
from bot.platforms import Platforms
from bot.rulebook import Rulebook
from bot.watch.service import WatchService
from rules.actions import Action
from rules.engine import cooldown_holder, evaluate, evaluate_join, join_message
from rules.events import (
    BotPresence,
    Event,
    Join,
    JoinRequest,
    Leave,
    ManualSanction,
    Message,
)
from rules.ruleset import CompiledRule, Ruleset
from rules.state import MemberState, StateBook, timestamp
from rules.verdict import Verdict
from storage.base import Store
from storage.errors import StoreError
from storage.models import Cooldown, NewCase

log = logger("gardien.pipeline")

SWEEP_EVERY = 4096       # events between two sweeps of idle member state
SWEEP_MARGIN = 60.0      # seconds kept beyond the longest window


class Pipeline:
    def __init__(self, store: Store, rulebook: Rulebook, book: StateBook, cases: CasePath,
                 platforms: Platforms, newcomers: Newcomers, background: Background,
                 ledger: LedgerWatch, insight: LiveInsight, watch: WatchService,
                 clock: Clock, archives: ArchiveKeeper | None = None,
                 metrics: Metrics | None = None) -> None:
        self.store = store
        self.rulebook = rulebook
        self.book = book
        self.cases = cases
        self.platforms = platforms
        self.newcomers = newcomers
        self.background = background
        self.ledger = ledger
        self.insight = insight
        self.watch = watch
        self.clock = clock
        self.archives = archives      # `archive: true`: messages kept for archives
        self._since_sweep = 0
        self.metrics = metrics if metrics is not None else Metrics()

    # --- events ---------------------------------------------------------------
    async def handle(self, event: Event) -> Verdict | None:
        """Judge one event; sanctions run in the background, tracked for shutdown. The event
        and its verdict are then counted for the community's reports (in memory)."""
        self.metrics.event(type(event), event.community)
        verdict = await self._judge(event)
        self.insight.observe(event, verdict)
        if self.archives is not None and isinstance(event, Message):
            self.archives.observe(event)   # a dict assignment, only under `archive: true`
        if verdict is not None and verdict.sentiment is not None and isinstance(event, Message):
            self.watch.observe(event, verdict)   # the watch's view: never a sanction
        return verdict

    async def _presence(self, event: BotPresence) -> None:
        """Record the bot's removal from a community (or its return): the retention erases
        a community left for `removed_community` (storage/retention.py)."""
        log.info("bot_presence", community=event.community, present=event.present)
        try:
            if event.present:
                await self.store.bot_added(event.community)
            else:
                await self.store.bot_removed(event.community, event.at)
        except StoreError as error:   # the next removal or start-up tries again
            log.warning("bot_presence_unrecorded", community=event.community, error=str(error))

    async def _judge(self, event: Event) -> Verdict | None:
        if isinstance(event, ManualSanction):
            await self.record_manual(event)
            return None
        if isinstance(event, BotPresence):
            await self._presence(event)
            return None
        if isinstance(event, Leave):
            await self.newcomers.on_leave(event)
            return None
        if isinstance(event, JoinRequest):
            log.info("join_requested", community=event.community, user=event.user.id)
            await self.newcomers.on_join_request(
                event, self.rulebook.for_community(event.community))
            return None
        assert isinstance(event, Message | Join)
        self._since_sweep += 1
        if self._since_sweep >= SWEEP_EVERY:
            self._sweep(event)
        state = self.book.get(event.community, event.user.id)
        ruleset = self.rulebook.for_community(event.community)
        if isinstance(event, Join):
            return await self._join(event, ruleset, state)
        began = perf_counter()
        verdict = evaluate(ruleset, event, state, self.book)
        self.metrics.decided(perf_counter() - began, verdict.rules, verdict.shadow)
        if not verdict.triggered:
            return verdict
        if log.is_enabled_for(logging.INFO):   # its fields cost more than a filtered call
            _log_decision(event, verdict)
        cooldowns = _cooldowns(ruleset.rules, verdict)
        if verdict.actions or cooldowns:
            self.background.spawn(self._sanction(event, verdict, cooldowns), "sanction")
        return verdict

    async def _join(self, join: Join, ruleset: Ruleset, state: MemberState) -> Verdict | None:
        """Join rules (`on: [join]`, the display name as text), then the newcomers' flow."""
        log.info("member_joined", community=join.community, user=join.user.id)
        began = perf_counter()
        verdict = evaluate_join(ruleset, join, state, self.book)
        self.metrics.decided(perf_counter() - began, verdict.rules, verdict.shadow)
        if verdict.triggered:
            log.info("decision", community=join.community, user=join.user.id, join=join.id,
                     rules=list(verdict.rules), shadow=list(verdict.shadow),
                     actions=verdict.action_kinds, points=verdict.points,
                     evidence=logged_evidence(verdict))
            cooldowns = _cooldowns(ruleset.join_rules, verdict)
            if verdict.actions or cooldowns:   # paced with the community's newcomers
                message = join_message(join)
                self.newcomers.pacer.submit(
                    join.community, lambda: self._sanction(message, verdict, cooldowns),
                    member=join.user.id)
        try:
            await self.newcomers.on_join(join, ruleset, verdict)
        except Exception:   # the welcome must never cost the join rules their sanction
            log.exception("newcomer_failed", community=join.community, user=join.user.id)
        return verdict if verdict.triggered else None

    async def record_manual(self, event: ManualSanction) -> None:
        """A moderator sanctioned someone by hand on the platform: keep the ledger complete
        (the platform already did it: the case has nothing left to call)."""
        finished = await self.cases.run(CasePlan(
            NewCase(community=event.community, user=event.user.id, action=event.action,
                    rule=event.rule, reason=event.reason, moderator=event.moderator,
                    created_at=event.at, expires_at=event.expires_at),
            (), Target(event.community, event.user.id, event.user.name),
            member=event.user.name))
        case = finished.case
        log.info("case_manual", community=case.community, case=case.number, user=case.user,
                 action=case.action, moderator=case.moderator)

    def _sweep(self, event: Message | Join) -> None:
        """Forget members idle past every rule's window (points and cooldowns are kept)."""
        self._since_sweep = 0
        horizon = max((r.horizon for r in self.rulebook.rulesets()), default=0.0)
        evicted = self.book.sweep(timestamp(event.at), horizon + SWEEP_MARGIN)
        if evicted:
            log.debug("state_swept", evicted=evicted, members=len(self.book))

    # --- sanctions ------------------------------------------------------------
    async def _sanction(self, message: Message, verdict: Verdict,
                        cooldowns: list[CompiledRule]) -> None:
        """Record the verdict's cases, then carry them out; held while the ledger is down."""
        now = self.clock()
        ruleset = self.rulebook.for_community(message.community)
        target = Target(message.community, message.user.id, message.user.name,
                        message.channel_id or message.channel, message.id,
                        ruleset.log_channel or "")
        plans, loose = plan_cases(verdict, message, target, now)
        decision = _Decision(message, target, cooldowns, plans, loose)
        try:
            await self._record_and_carry(decision)
        except LedgerUnavailable:   # retried in order by the ledger watch, never dropped here
            self.ledger.hold(message.community, lambda: self._record_and_carry(decision))

    async def _record_and_carry(self, decision: _Decision) -> None:
        """Record what is left to record (ledger first: every case of the verdict before any
        platform call), then carry it all out. Raises LedgerUnavailable, keeping its place."""
        message = decision.message
        if decision.plans or decision.cooldowns:   # one write for the verdict: all or none
            cooldowns = [Cooldown(message.community,
                                  cooldown_holder(rule, message) or message.user.id, rule.id,
                                  message.at + timedelta(seconds=rule.cooldown))
                         for rule in decision.cooldowns]
            decision.opened = await self.cases.open_all(decision.plans, cooldowns)
            decision.plans, decision.cooldowns = [], []
        for case in decision.opened:
            await self.cases.carry(case)
        for action in decision.loose:   # replies, DMs, alerts: not cases, failures only logged
            await self.platforms.attempt(action, decision.target)


@dataclass
class _Decision:
    """A verdict on its way: what is still to record, and what then gets carried out."""

    message: Message
    target: Target
    cooldowns: list[CompiledRule]
    plans: list[CasePlan]
    loose: list[Action]
    opened: list[OpenCase] = field(default_factory=list)


def _cooldowns(rules: tuple[CompiledRule, ...], verdict: Verdict) -> list[CompiledRule]:
    hit = {h.rule for h in verdict.hits}
    return [r for r in rules if r.cooldown and r.id in hit]


def _log_decision(event: Message, verdict: Verdict) -> None:
    log.info("decision", community=event.community, user=event.user.id, message=event.id,
             rules=list(verdict.rules), shadow=list(verdict.shadow),
             actions=verdict.action_kinds, points=verdict.points,
             evidence=logged_evidence(verdict))


LOGGED_EVIDENCE = 40   # characters: a decision log names what matched, never a message


def logged_evidence(verdict: Verdict) -> dict[str, str]:
    """Each rule's evidence cut for the log (message texts never reach info logs)."""
    return {hit.rule: hit.evidence if len(hit.evidence) <= LOGGED_EVIDENCE
            else hit.evidence[:LOGGED_EVIDENCE - 1] + "…" for hit in verdict.hits}
