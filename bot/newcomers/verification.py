"""The verification gate: newcomers cannot post until they accept the code of conduct.

At the join the member is restricted (`Restrict`, not a sanction: no case) and
recorded `pending` in SQLite with a durable `verify_deadline` timer counted from
the join. Their own press of the button lifts it (`Unrestrict`, or `ApproveJoin`
for a Telegram join request), marks them verified and cancels the timer. If the
deadline comes first, `on_timeout` (kick, ban or nothing) is a case with rule
`verification` — once, even across restarts, since the state change is conditional.
"""

from __future__ import annotations

from datetime import datetime

import structlog

from bot.newcomers.acting import Acting
from bot.scheduler import TimerKind
from catalogue import t
from rules.actions import ApproveJoin, Ban, Kick, Restrict, Unrestrict
from rules.durations import format_duration
from rules.events import Member
from rules.spec import Verify
from storage.models import Timer

log = structlog.get_logger("gardien.newcomers")

RULE = "verification"


class Gate:
    def __init__(self, acting: Acting) -> None:
        self.acting = acting

    async def admit(self, community: str, member: Member, joined: datetime, verify: Verify,
                    locale: str, *, request: bool = False) -> bool:
        """Hold a newcomer behind the gate; False when they already accepted it once.

        A member who left unverified and rejoins before the deadline keeps it; after an
        expired one (they were removed) the deadline starts afresh.
        """
        store = self.acting.store
        record = await store.verification(community, member.id)
        if record is not None and record.status == "verified":
            return False
        keep = (record is not None and record.status == "pending" and not record.request
                and record.deadline is not None and record.deadline > joined)
        if keep:
            assert record is not None
            deadline = record.deadline
        else:
            deadline = joined + verify.within
            await store.gate(community, member.id, joined, deadline, request=request)
            scheduler = self.acting.scheduler
            await scheduler.cancel(community, member.id, (TimerKind.VERIFY_DEADLINE,), at=joined)
            await scheduler.schedule(TimerKind.VERIFY_DEADLINE, community, member.id, deadline,
                                     payload={"on_timeout": verify.on_timeout})
        if not request:
            self.acting.perform(community, member.id, member.name, Restrict(
                RULE, role=verify.role or "", reason=t(locale, "verify.restrict_reason")))
        log.info("newcomer_gated", community=community, user=member.id, request=request,
                 deadline=deadline.isoformat() if deadline else None, kept=keep)
        return True

    async def press(self, community: str, user: str, name: str, verify: Verify | None,
                    locale: str, now: datetime) -> tuple[str, dict[str, object]]:
        """The newcomer pressed their button: (catalogue key, values) of the answer."""
        store = self.acting.store
        record = await store.verification(community, user)
        if record is None or record.status == "verified":
            return "verify.nothing", {}
        if record.status == "expired":
            return "verify.expired", {}
        target = self.acting.target(community, user, name)
        reason = t(locale, "verify.accepted_reason")
        action = (ApproveJoin(RULE) if record.request
                  else Unrestrict(RULE, role=(verify.role or "") if verify else "",
                                 reason=reason))
        attempt = await self.acting.platforms.attempt(action, target)
        if not attempt.ok:
            return "verify.failed", {"error": attempt.error}
        if await store.settle_verification(community, user, "verified", now) is None:
            return "verify.nothing", {}   # a second press, or the deadline won the race
        await self.acting.scheduler.cancel(community, user, (TimerKind.VERIFY_DEADLINE,), at=now)
        log.info("newcomer_verified", community=community, user=user, request=record.request)
        return ("verify.approved" if record.request else "verify.done"), {}

    async def deadline(self, timer: Timer, now: datetime) -> str:
        """The deadline passed: `on_timeout` if the member is still unverified."""
        store = self.acting.store
        community, user = timer.community, timer.user
        record = await store.verification(community, user)
        if record is None or record.status != "pending":
            return "skipped: no longer pending"
        if record.deadline is not None and record.deadline > now:
            return "skipped: deadline moved"
        on_timeout = str(timer.payload.get("on_timeout", "kick"))
        if on_timeout == "nothing":
            return "nothing: still restricted until they accept"
        if await store.settle_verification(community, user, "expired", now) is None:
            return "skipped: settled meanwhile"
        if record.request:
            return "expired: the join request was not accepted"
        ruleset = self.acting.rulebook.for_community(community)
        within = format_duration(timer.due_at - record.joined_at)
        reason = t(ruleset.locale, "verify.timeout_reason", within=within)
        action = Ban(RULE, reason=reason) if on_timeout == "ban" else Kick(RULE, reason=reason)
        case = await self.acting.sanction(community, user, "", action, reason=reason, now=now)
        if case is None:
            return f"{action.kind} held: the ledger cannot be written yet"
        return f"{action.kind} queued (case #{case.number})"
