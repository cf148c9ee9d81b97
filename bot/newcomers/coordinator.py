"""What happens when someone joins: the pipeline hands every Join, Leave and JoinRequest here.

Order at a join: bots are left alone; the raid watch counts the join (and may start
a lockdown); a join rule that removed the member ends it; an unexpired timeout is
re-applied; during a lockdown the newcomer gets its action (kick/ban: nothing more
to do); the verification gate holds them; and the welcome is posted — unless a
lockdown is on, when the gate's button goes by DM instead. Every platform call goes
through the community's paced queue (pacer.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import structlog

from bot.newcomers import rejoin, welcome
from bot.newcomers.acting import Acting
from bot.newcomers.pacer import Pacer
from bot.newcomers.raid import REMOVING, Active, Lockdowns
from bot.newcomers.verification import Gate
from bot.scheduler import TimerHandler, TimerKind
from catalogue import supported
from rules.events import Join, JoinRequest, Leave
from rules.ruleset import Ruleset
from rules.state import timestamp
from rules.verdict import Verdict
from storage.models import Lockdown

log = structlog.get_logger("gardien.newcomers")


class Newcomers:
    """Welcome, verification gate, raid lockdowns and rejoins, for every community."""

    def __init__(self, acting: Acting) -> None:
        self.acting = acting
        self.gate = Gate(self.acting)
        self.lockdowns = Lockdowns(self.acting)

    @property
    def pacer(self) -> Pacer:
        return self.acting.pacer

    async def restore(self) -> int:
        """At start-up, before overdue timers fire: the lockdowns still open."""
        return await self.lockdowns.restore()

    # --- events ------------------------------------------------------------------------
    async def on_join(self, join: Join, ruleset: Ruleset, verdict: Verdict | None) -> None:
        member = join.user
        if member.bot:   # bots are added by admins: never welcomed, verified or counted
            return
        community = join.community
        now = self.acting.clock()
        locale = supported(ruleset.locale)
        active = self.lockdowns.active(community)
        if active is None and ruleset.raid is not None:
            window = self.lockdowns.watch.observe(community, ruleset.raid, timestamp(join.at),
                                                  member)
            if window is not None:
                active = await self.lockdowns.detected(community, ruleset.raid, window, now)
        if verdict is not None and any(a.kind in REMOVING for a in verdict.actions):
            return   # a join rule removes them: no welcome, no gate
        # the ledger before this join's own cases: a raid timeout is not a rejoin's
        await rejoin.reapply(self.acting, community, member, locale, now)
        if active is not None:
            await self.lockdowns.newcomer(community, member, now)
            if active.record.action in REMOVING:
                return
        greeting = ruleset.welcome
        if greeting is None:
            return
        gated = False
        if greeting.verify is not None:
            gated = await self.gate.admit(community, member, join.at, greeting.verify, locale)
        if active is None:
            self.acting.post(community, welcome.welcome_post(greeting, locale, member,
                                                             community, prompt=gated),
                             member.id)
        elif gated:   # no public welcome during a lockdown; the gate still needs its button
            self.acting.post(community, welcome.prompt_post(greeting, locale, member,
                                                            community), member.id)

    async def on_join_request(self, request: JoinRequest, ruleset: Ruleset) -> None:
        """A Telegram join request: the gate's button by DM; accepting approves the request."""
        greeting = ruleset.welcome
        if request.user.bot or greeting is None or greeting.verify is None:
            log.info("join_request_left_to_admins", community=request.community,
                     user=request.user.id)
            return
        locale = supported(ruleset.locale)
        if await self.gate.admit(request.community, request.user, request.at, greeting.verify,
                                 locale, request=True):
            self.acting.post(request.community, welcome.prompt_post(
                greeting, locale, request.user, request.community), request.user.id)

    async def on_leave(self, leave: Leave) -> None:
        """Nothing to undo: a rejoin reads the ledger and the gate's state from SQLite."""
        log.info("member_left", community=leave.community, user=leave.user.id)

    # --- timers --------------------------------------------------------------------------
    def timer_handlers(self) -> dict[TimerKind, TimerHandler]:
        """What the timer runner calls when a newcomer's timer falls due."""
        return {TimerKind.VERIFY_DEADLINE: self.gate.deadline,
                TimerKind.LOCKDOWN_END: self.lockdowns.fire}

    # --- commands ------------------------------------------------------------------------
    async def verify(self, community: str, user: str, name: str,
                     now: datetime) -> tuple[str, dict[str, object]]:
        ruleset = self.acting.rulebook.for_community(community)
        verify = ruleset.welcome.verify if ruleset.welcome else None
        return await self.gate.press(community, user, name, verify,
                                     supported(ruleset.locale), now)

    async def start_lockdown(self, community: str, now: datetime, duration: timedelta | None,
                             by: str, by_name: str, reason: str) -> tuple[Active, bool]:
        return await self.lockdowns.start(community, now, duration, by, by_name, reason)

    async def end_lockdown(self, community: str, now: datetime, by: str,
                           by_name: str) -> Lockdown | None:
        return await self.lockdowns.end(community, now, by, by_name)
