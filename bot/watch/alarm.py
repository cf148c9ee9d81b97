"""The crisis alarm while the bot runs: recorded, told to moderators, slow mode and back.

A crisis is written to the database before anything is posted or set, one open per
community (the store refuses a second), so a restart knows it is under way and its
end is told once. With `crisis.slowmode` on a platform that has it (Discord), the
channels the window's negative messages came from get that slow mode: each channel's
slow mode is read and stored first, then set; at the end exactly what was read is set
back, also after a restart (an ended crisis whose slow mode was never restored).
A community's starts and ends are handled in order, one at a time.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import UTC, datetime

import structlog

from bot.adapter import Capability
from bot.clock import Clock
from bot.platforms import Platforms
from bot.rulebook import Rulebook
from bot.watch.alerts import end_text, start_text
from bot.watch.crisis import Change, CrisisEnded, CrisisStarted
from catalogue import t
from storage.roles import WatchStore
from storage.watch import CrisisRecord

log = structlog.get_logger("gardien.watch")

SLOWMODE_CHANNELS = 10   # channels slowed at most per crisis (the most negative first)


def _when(at: float) -> datetime:
    return datetime.fromtimestamp(at, UTC)


class CrisisAlarm:
    def __init__(self, store: WatchStore, rulebook: Rulebook, platforms: Platforms,
                 clock: Clock) -> None:
        self.store = store
        self.rulebook = rulebook
        self.platforms = platforms
        self.clock = clock
        self.open: dict[str, CrisisRecord] = {}
        self._order: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def load(self) -> list[CrisisRecord]:
        """At start: the crises left open (the caller restores their waves), and the slow
        modes an ended crisis left set are restored."""
        records = await self.store.open_crises()
        self.open = {record.community: record for record in records}
        for record in await self.store.slowmodes_to_restore():
            await self._restore(record, [])
        return records

    async def changed(self, change: Change) -> None:
        async with self._order[change.community]:
            if isinstance(change, CrisisStarted):
                await self._started(change)
            else:
                await self._ended(change)

    async def _started(self, started: CrisisStarted) -> None:
        community = started.community
        record = await self.store.open_crisis(community, _when(started.at), started.negative,
                                              started.usual, started.terms)
        if record is None:   # one is open already (a restart restored it): nothing new
            log.info("crisis_already_open", community=community)
            return
        self.open[community] = record
        ruleset = self.rulebook.for_community(community)
        policy = ruleset.crisis
        log.warning("crisis_started", community=community, negative=started.negative,
                    usual=round(started.usual, 2), crisis=record.id)
        lines = [start_text(ruleset.locale, started, policy.window if policy else 0.0,
                            lambda channel, message: self.platforms.message_link(
                                community, channel, message))]
        if policy is not None and policy.slowmode and self.platforms.can(
                community, Capability.SLOWMODE):
            channels = list(started.channels[:SLOWMODE_CHANNELS])
            lines += await self._slow(record, channels, int(policy.slowmode), ruleset.locale)
        await self._tell(community, "\n".join(lines))

    async def _slow(self, record: CrisisRecord, channels: list[str], seconds: int,
                    locale: str) -> list[str]:
        """Read then store every channel's slow mode, then set the crisis's."""
        previous: dict[str, int] = {}
        lines: list[str] = []
        for channel in channels:
            now, attempt = await self.platforms.slowmode(record.community, channel)
            if now is None:
                lines.append(t(locale, "crisis.slowmode_failed", channel=channel,
                               error=self.platforms.reason(attempt, locale)))
            else:
                previous[channel] = now
        if not previous:
            return lines
        await self.store.save_crisis_slowmode(record.id, previous, "saved")
        reason = t(locale, "crisis.audit_start")
        set_ = 0
        for channel in previous:
            attempt = await self.platforms.set_slowmode(record.community, channel, seconds,
                                                        reason)
            if attempt.ok:
                set_ += 1
            else:
                lines.append(t(locale, "crisis.slowmode_failed", channel=channel,
                               error=self.platforms.reason(attempt, locale)))
        await self.store.save_crisis_slowmode(record.id, None, "set")
        if set_:
            lines.insert(0, t(locale, "crisis.slowmode", seconds=seconds, count=set_))
        return lines

    async def _ended(self, ended: CrisisEnded) -> None:
        community = ended.community
        record = self.open.pop(community, None)
        if record is None:
            return
        closed = await self.store.end_crisis(record.id, _when(ended.at), ended.peak)
        if closed is None:
            return
        log.warning("crisis_ended", community=community, crisis=record.id, peak=ended.peak)
        locale = self.rulebook.for_community(community).locale
        lines = [end_text(locale, ended)]
        await self._restore(closed, lines)
        await self._tell(community, "\n".join(lines))

    async def _restore(self, record: CrisisRecord, lines: list[str]) -> None:
        if not record.slowmode or record.slowmode_status not in ("saved", "set"):
            return
        locale = self.rulebook.for_community(record.community).locale
        restored, failed = 0, False
        for channel, seconds in record.slowmode.items():
            attempt = await self.platforms.set_slowmode(record.community, channel, seconds,
                                                        t(locale, "crisis.audit_end"))
            if attempt.ok:
                restored += 1
            else:
                failed = True
                lines.append(t(locale, "crisis.slowmode_restore_failed", channel=channel,
                               error=self.platforms.reason(attempt, locale)))
        await self.store.save_crisis_slowmode(record.id, None,
                                              "failed" if failed else "restored")
        if restored:
            lines.append(t(locale, "crisis.slowmode_restored", count=restored))

    async def _tell(self, community: str, text: str) -> None:
        log_channel = self.rulebook.for_community(community).log_channel
        if log_channel is None:
            log.info("crisis_not_posted", community=community, reason="no log_channel")
            return
        await self.platforms.alert(community, log_channel, text, "crisis")
