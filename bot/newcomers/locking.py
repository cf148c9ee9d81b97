"""`raid.lock`: one community-wide call at a lockdown's start, undone exactly at its end.

A raid is hundreds of accounts posting at once; acting on each of them takes the
platform's time, so the first thing a lockdown with `lock: true` does is stop
everyone without an explicit right from posting (the adapter's `Locks`). The
posting state it replaces is read first and stored with the lockdown before the
lock is applied (written once, never overwritten), so the end of the lockdown
puts back exactly what was there: by its timer, by a moderator, or after a
restart. The calls jump the community's paced queue (`first`): the lock must not
wait behind the per-member actions it makes less urgent.
"""

from __future__ import annotations

import structlog

from bot.adapter import Capability
from bot.newcomers.acting import Acting
from catalogue import supported, t
from storage.models import Lockdown

log = structlog.get_logger("gardien.newcomers")


class CommunityLock:
    def __init__(self, acting: Acting) -> None:
        self.acting = acting

    def wanted(self, community: str) -> bool:
        """Whether lockdowns in `community` lock it (its rule file says so)."""
        raid = self.acting.rulebook.for_community(community).raid
        return raid is not None and raid.lock

    def apply(self, record: Lockdown) -> None:
        """Queue the lock (again, after an extension or a restart: locking is idempotent)."""
        if self.wanted(record.community):
            self.acting.pacer.submit(record.community, lambda: self._apply(record.id),
                                     first=True)

    def undo(self, record: Lockdown) -> None:
        """Queue the restoring of what the lock replaced (nothing when it holds no lock)."""
        self.acting.pacer.submit(record.community, lambda: self._undo(record.id), first=True)

    async def resume(self, open_lockdowns: list[Lockdown]) -> None:
        """At start-up: re-apply a lock the previous run saved but never confirmed, and undo
        the locks of lockdowns that ended while it could not (closed, lock still held)."""
        for record in open_lockdowns:
            if record.lock_status == "saved":
                self.apply(record)
        for record in await self.acting.store.locks_to_undo():
            log.info("lock_undo_resumed", community=record.community, lockdown=record.id)
            self.undo(record)

    async def _apply(self, lockdown_id: int) -> None:
        store, platforms = self.acting.store, self.acting.platforms
        record = await store.lockdown(lockdown_id)
        if record is None or not record.active:
            return   # ended before its lock came up in the queue
        community = record.community
        if not platforms.can(community, Capability.LOCK):
            log.info("lock_unsupported", community=community, lockdown=record.id)
            return
        locale = self._locale(community)
        reason = t(locale, "raid.lock_reason", id=record.id)
        if record.lock_state is None:
            state, read = await platforms.lock_state(community)
            if state is None:
                await self._failed(record, platforms.reason(read, locale) or "")
                return
            saved = await store.save_lock_state(record.id, state)
            if saved is None or not saved.active:
                return
            record = saved
        attempt = await platforms.lock(community, record.ends_at, reason)
        if attempt.ok:
            await store.set_lock_status(record.id, "locked")
            log.warning("community_locked", community=community, lockdown=record.id,
                        until=record.ends_at.isoformat())
            return
        await self._failed(record, platforms.reason(attempt, locale) or "")

    async def _failed(self, record: Lockdown, why: str) -> None:
        """Told once in the log channel; a state already stored is still put back at the
        end, in case part of the lock was applied."""
        await self.acting.store.set_lock_status(record.id, "failed", why)
        log.warning("lock_failed", community=record.community, lockdown=record.id)
        self.acting.alert(record.community,
                          t(self._locale(record.community), "raid.lock_failed", reason=why))

    async def _undo(self, lockdown_id: int) -> None:
        store, platforms = self.acting.store, self.acting.platforms
        record = await store.lockdown(lockdown_id)
        if record is None or record.lock_state is None or not record.holds_lock:
            return
        community = record.community
        locale = self._locale(community)
        attempt = await platforms.unlock(community, record.lock_state,
                                         t(locale, "raid.unlock_reason", id=record.id))
        if attempt.ok:
            await store.set_lock_status(record.id, "unlocked")
            log.warning("community_unlocked", community=community, lockdown=record.id)
            return
        why = platforms.reason(attempt, locale) or ""
        await store.set_lock_status(record.id, "stuck", why)
        log.error("unlock_failed", community=community, lockdown=record.id)
        self.acting.alert(community, t(locale, "raid.unlock_failed", reason=why))

    def _locale(self, community: str) -> str:
        return supported(self.acting.rulebook.for_community(community).locale)
