"""No escape by rejoining: a member who left timed out gets the rest of the timeout back.

The runtime's own ledger says so (the latest done timeout or untimeout case), not the
platform's memory. The re-application is a case with rule `rejoin` that keeps the
original end; the original case's timers still lift it. An unverified member's
restriction comes back through the gate (verification.py), which reads its own state.
"""

from __future__ import annotations

from datetime import datetime

import structlog

from bot.newcomers.acting import Acting
from catalogue import t
from rules.actions import Timeout
from rules.events import Member
from storage.models import Case

log = structlog.get_logger("gardien.newcomers")

RULE = "rejoin"


async def reapply(acting: Acting, community: str, member: Member, locale: str,
                  now: datetime) -> Case | None:
    """Re-apply an unexpired timeout to a member who rejoined; the case, or None."""
    last = await acting.store.last_timeout(community, member.id, before=now)
    if last is None:
        return None
    action, number, expires_at, _ = last
    if action != "timeout" or expires_at is None or expires_at <= now:
        return None
    reason = t(locale, "rejoin.reason", number=number)
    case = await acting.sanction(
        community, member.id, member.name,
        Timeout(RULE, duration=expires_at - now, reason=reason),
        reason=reason, now=now, expires_at=expires_at)
    log.info("rejoin_reapplied", community=community, user=member.id, origin=number,
             case=case.number if case is not None else None)
    return case
