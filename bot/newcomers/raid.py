"""Raid detection and lockdowns.

Detection is per community, in memory: the times of the last `joins` joins in a
bounded deque, so each join is O(1) — the join that makes `joins` fit inside
`within` starts a lockdown. Lockdowns are durable (SQLite, with a
`lockdown_end` timer): a restart during one keeps it until its end. While one
lasts, every newcomer gets the lockdown's action as a case with rule `raid`
(the joins that triggered it included); one alert goes to the log channel when
it starts and one when it ends, summarising those cases from the ledger.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from bot.adapter import Capability
from bot.casetext import stamp
from bot.newcomers.acting import Acting
from bot.newcomers.locking import CommunityLock
from bot.scheduler import TimerKind
from catalogue import supported, t
from rules.actions import Action, Ban, Kick, Timeout
from rules.durations import format_duration
from rules.events import Member
from rules.spec import Raid
from storage.errors import StoreError
from storage.models import Case, Lockdown, RuleCaseCount, Timer

log = structlog.get_logger("gardien.newcomers")

RULE = "raid"
DEFAULT_LOCKDOWN = timedelta(minutes=15)   # a moderator's lockdown without a raid section
REMOVING = frozenset({"kick", "ban"})


class JoinWatch:
    """The last `joins` join times (and members) per community; O(1) per join."""

    def __init__(self) -> None:
        self._windows: dict[str, deque[tuple[float, Member]]] = {}

    def observe(self, community: str, raid: Raid, at: float,
                member: Member) -> list[Member] | None:
        """Record a join; the window's members when this join reaches the count, else None."""
        window = self._windows.get(community)
        if window is None or window.maxlen != raid.joins:
            window = self._windows[community] = deque(maxlen=raid.joins)
        window.append((at, member))
        if len(window) == raid.joins and at - window[0][0] <= raid.within.total_seconds():
            members = [m for _, m in window]
            window.clear()
            return members
        return None

    def forget(self, community: str) -> None:
        self._windows.pop(community, None)


@dataclass
class Active:
    """A lockdown in force, and the joins it saw in this run."""

    record: Lockdown
    joins: int = 0


class Lockdowns:
    """Open lockdowns per community (mirrored from SQLite), their actions and alerts."""

    def __init__(self, acting: Acting) -> None:
        self.acting = acting
        self.watch = JoinWatch()
        self.lock = CommunityLock(acting)
        self._active: dict[str, Active] = {}

    def active(self, community: str) -> Active | None:
        return self._active.get(community)

    async def restore(self) -> int:
        """Load the lockdowns a previous run left open (their end timers still stand), and
        finish the locks it left half-way (applied but unconfirmed, or never undone)."""
        records = await self.acting.store.open_lockdowns()
        for record in records:
            self._active[record.community] = Active(record)
        if self._active:
            log.info("lockdowns_restored", communities=sorted(self._active))
        await self.lock.resume(records)
        return len(self._active)

    # --- start -------------------------------------------------------------------------
    async def detected(self, community: str, raid: Raid, members: list[Member],
                       now: datetime) -> Active:
        """A raid: lock down, alert, and action the joins that triggered it but the last
        (the caller actions the current newcomer like every later one)."""
        active = await self._open(community, now, now + raid.lockdown, raid.action, None, "")
        locale = self._locale(community)
        self.acting.alert(community, t(
            locale, "raid.alert_start", joins=len(members),
            within=format_duration(raid.within), until=stamp(active.record.ends_at),
            action=t(locale, f"raid.action.{active.record.action}")) + self._locking(community))
        for member in members[:-1]:
            await self.newcomer(community, member, now)
        return active

    async def start(self, community: str, now: datetime, duration: timedelta | None,
                    by: str, by_name: str, reason: str) -> tuple[Active, bool]:
        """A moderator's `lockdown start`: (lockdown, whether it was already running, then
        restarted to last `duration` from now)."""
        ruleset = self.acting.rulebook.for_community(community)
        raid = ruleset.raid
        length = duration or (raid.lockdown if raid else DEFAULT_LOCKDOWN)
        current = self._active.get(community)
        if current is not None:
            extended = await self.acting.store.extend_lockdown(current.record.id, now + length)
            if extended is not None:
                current.record = extended
                await self._schedule_end(extended, now)
                self.lock.apply(extended)   # Discord's invites stay paused until the new end
                return current, True
        action = raid.action if raid else "timeout"
        active = await self._open(community, now, now + length, action, by, reason)
        locale = self._locale(community)
        self.acting.alert(community, t(
            locale, "raid.alert_start_by", moderator=by_name or by,
            until=stamp(active.record.ends_at), reason=reason or "—",
            action=t(locale, f"raid.action.{action}")) + self._locking(community))
        return active, False

    async def _open(self, community: str, now: datetime, ends_at: datetime, action: str,
                    by: str | None, reason: str) -> Active:
        store = self.acting.store
        try:
            record = await store.start_lockdown(community, now, ends_at, action, reason=reason,
                                                by=by)
        except StoreError:   # another run or path opened one: adopt it
            record = next(r for r in await store.open_lockdowns() if r.community == community)
        active = self._active[community] = Active(record)
        self.watch.forget(community)
        await self._schedule_end(record, now)
        self.lock.apply(record)
        log.warning("lockdown_started", community=community, lockdown=record.id, by=by,
                    ends_at=record.ends_at.isoformat(), action=record.action)
        return active

    async def _schedule_end(self, record: Lockdown, now: datetime) -> None:
        scheduler = self.acting.scheduler
        await scheduler.cancel(record.community, "", (TimerKind.LOCKDOWN_END,), at=now)
        await scheduler.schedule(TimerKind.LOCKDOWN_END, record.community, "", record.ends_at,
                                 payload={"lockdown": record.id})

    # --- during ------------------------------------------------------------------------
    async def newcomer(self, community: str, member: Member, now: datetime) -> Case | None:
        """The lockdown's action for one newcomer: a case (rule raid), paced; None: nothing."""
        active = self._active.get(community)
        if active is None:
            return None
        active.joins += 1
        record = active.record
        if record.ends_at <= now:   # over, its timer not yet fired
            return None
        locale = self._locale(community)
        reason = t(locale, "raid.reason", id=record.id)
        action: Action
        expires: datetime | None = None
        if record.action == "timeout":
            expires = record.ends_at
            action = Timeout(RULE, duration=expires - now, reason=reason)
        elif record.action == "kick":
            action = Kick(RULE, reason=reason)
        elif record.action == "ban":
            action = Ban(RULE, reason=reason)
        else:
            return None
        return await self.acting.sanction(community, member.id, member.name, action,
                                          reason=reason, now=now, expires_at=expires)

    # --- end ---------------------------------------------------------------------------
    async def fire(self, timer: Timer, now: datetime) -> str:
        active = self._active.get(timer.community)
        if active is None or active.record.id != timer.payload.get("lockdown"):
            return "skipped: that lockdown is over"
        if active.record.ends_at > now:
            return "skipped: the lockdown was extended"
        # it ended at its planned time, even when the bot was down then
        await self.end(timer.community, active.record.ends_at, None, "")
        return "ended"

    async def end(self, community: str, now: datetime, by: str | None,
                  by_name: str) -> Lockdown | None:
        """End the lockdown now; the closing alert is queued behind its last actions, so
        its summary counts them finished."""
        active = self._active.pop(community, None)
        if active is None:
            return None
        store = self.acting.store
        ended = await store.end_lockdown(active.record.id, now, by=by, joins=active.joins)
        if by is not None:
            await self.acting.scheduler.cancel(community, "", (TimerKind.LOCKDOWN_END,), at=now)
        if ended is None:
            return None
        log.warning("lockdown_ended", community=community, lockdown=ended.id, by=by,
                    joins=active.joins)
        self.lock.undo(ended)
        self.acting.pacer.submit(community, lambda: self._close(ended, by_name), after_all=True)
        return ended

    async def _close(self, ended: Lockdown, by_name: str) -> None:
        store = self.acting.store
        assert ended.ended_at is not None
        until = max(ended.ended_at, self.acting.clock())
        rows = await store.rule_case_counts(ended.community, RULE, ended.started_at, until)
        summary = summarise(rows)
        await store.end_lockdown_summary(ended.id, summary)
        locale = self._locale(ended.community)
        text = closing_text(locale, ended, summary, by_name)
        latest = await store.lockdown(ended.id)
        if latest is not None and latest.lock_status in ("unlocked", "stuck"):
            text += "\n" + t(locale, f"raid.alert_end_{latest.lock_status}")
        self.acting.alert(ended.community, text)

    def _locking(self, community: str) -> str:
        """The start alert's line about the community-wide lock, when there is one."""
        if not (self.lock.wanted(community)
                and self.acting.platforms.can(community, Capability.LOCK)):
            return ""
        return "\n" + t(self._locale(community), "raid.alert_locking")

    def _locale(self, community: str) -> str:
        return supported(self.acting.rulebook.for_community(community).locale)


def summarise(rows: list[RuleCaseCount]) -> dict[str, object]:
    """Cases per action and status, and the first and last case numbers."""
    actions: dict[str, dict[str, int]] = {}
    first = last = None
    for action, status, count, low, high in rows:
        actions.setdefault(action, {})[status] = count
        first = low if first is None else min(first, low)
        last = high if last is None else max(last, high)
    return {"actions": actions, "first": first, "last": last}


def closing_text(locale: str, ended: Lockdown, summary: dict[str, object],
                 by_name: str) -> str:
    assert ended.ended_at is not None
    how = (t(locale, "raid.ended_by", moderator=by_name or ended.ended_by)
           if ended.ended_by else t(locale, "raid.ended_timer"))
    lines = [t(locale, "raid.alert_end", how=how,
               duration=format_duration(ended.ended_at - ended.started_at), joins=ended.joins)]
    actions = summary.get("actions") or {}
    assert isinstance(actions, dict)
    for action, statuses in sorted(actions.items()):
        lines.append(t(locale, "raid.alert_end_action",
                       action=t(locale, f"raid.action.{action}"),
                       count=sum(statuses.values()), done=statuses.get("done", 0),
                       failed=statuses.get("failed", 0), pending=statuses.get("pending", 0)))
    if summary.get("first") is not None:
        lines.append(t(locale, "raid.alert_end_cases", first=summary["first"],
                       last=summary["last"]))
    else:
        lines.append(t(locale, "raid.alert_end_no_cases"))
    return "\n".join(lines)
