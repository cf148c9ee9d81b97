"""Community insight while the bot runs: counted in memory, flushed in batches, reported.

The pipeline hands every message, join and leave to `observe` (synchronous, a few dict
updates: the same `Tally.feed` an offline report uses), with the verdict on it, which
only adds "a rule acted on this message". Nothing is written per message: `run` flushes
what was counted every few seconds as one batch (`Tally.drain`, upserted by the store),
and `gardien run` flushes once more at shutdown. A batch the store refuses goes back
into the tally for the next flush; the failure is logged once, never raised.

Moderation is not counted here: every case the bot or a moderator opens is in the
ledger already (the one case path), and so is every member report. A report reads
them for its period: cases by action and rule, the bot's kicks and bans as removals
(a leave), and for each member report the first case a moderator opened on the reported
member after it. Everything goes into one fresh `Tally` with the period's stored counts
and what is still in memory, and `build_report` computes the figures exactly as it does
offline, so the live and the offline report of the same events agree.

The watch part (bot/insight/watch.py) reads what the watch service recorded: its hits
(written as they happen), its per-minute sentiment counts (flushed every few seconds by
that service, so the last seconds may be missing from a report made in the meantime)
and its crises. It is there when the community's rule file has `watch` or `crisis`, or
when the period has watch records anyway (a watch since taken out of the file).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

import structlog

from bot.clock import Clock
from bot.insight.compute import build_report
from bot.insight.engagement import engagement_part
from bot.insight.follow import Follows
from bot.insight.model import Report
from bot.insight.tally import (
    REMOVALS,
    ChannelRow,
    HourRow,
    MemberRow,
    MembershipRow,
    ModeratedRow,
    Row,
    Tally,
)
from bot.insight.watch import WatchCounts, read_watch
from rules.events import Event, Join, Leave, Message
from rules.ruleset import Ruleset
from rules.verdict import Verdict
from storage.insight import InsightCase, InsightCommunity, InsightReport, InsightRows
from storage.roles import FollowupStore, InsightStore, ScheduleStore, WatchStore

if TYPE_CHECKING:   # only the type: `gardien report` reads no rule file
    from bot.rulebook import Rulebook

log = structlog.get_logger("gardien.insight")

FLUSH_EVERY = 5.0        # seconds between two flushes
FOLD_EVERY = 3600.0      # seconds between two folds of finished days
FOLD_AFTER = 2           # UTC days: a local day is over everywhere by then (UTC-12..+14)


class ReportStore(InsightStore, WatchStore, ScheduleStore, FollowupStore, Protocol):
    """What a live report reads: the counts and the ledger, the watch's records, and the
    scheduled posts with what followed them."""


class LiveInsight:
    """Counts for every community the bot serves, in its rule file's `timezone`."""

    def __init__(self, store: ReportStore, rulebook: Rulebook, clock: Clock, *,
                 flush_every: float = FLUSH_EVERY) -> None:
        self.store = store
        self.rulebook = rulebook
        self.clock = clock
        self.flush_every = flush_every
        self.tally = Tally(self._zone)
        self.follows = Follows()      # messages in the hour after each scheduled post
        self._lock = asyncio.Lock()   # a flush and a report never interleave (exact reports)
        self._failing = False

    def _zone(self, community: str) -> str:
        return self.rulebook.for_community(community).timezone

    # -- counting (the pipeline's hot path) -------------------------------------------------
    def observe(self, event: Event, verdict: Verdict | None) -> None:
        """Count one event the pipeline judged (message texts are never kept)."""
        if isinstance(event, Message):
            self.tally.feed(event)
            if not event.edited and not event.user.bot:
                self.follows.message(event.community, event.at.timestamp())
            if verdict is not None and verdict.moderates:   # what an enforced rule acted on
                counts = self.tally.of(event.community)
                counts.moderated_message(counts.day(event.at.timestamp()))
        elif isinstance(event, Join | Leave):
            self.tally.feed(event)

    # -- writing ----------------------------------------------------------------------------
    async def flush(self, *, final: bool = False) -> int:
        """Write what was counted since the last flush as one batch; how many rows. A
        refused batch is kept for the next flush (logged once until a flush succeeds).
        `final` (shutdown): the post follow-ups still running are written as they stand."""
        await self._flush_follows(final)
        async with self._lock:
            communities = [InsightCommunity(c, counts.timezone, self._locale(c))
                           for c, counts in self.tally.counts.items()]
            rows = self.tally.drain()
            if not rows:
                return 0
            try:
                await self.store.write_insight_rows(_batch(rows, communities))
            except Exception as error:   # StoreError, or anything: never the pipeline's
                self.tally.merge(rows)
                if not self._failing:
                    self._failing = True
                    log.warning("insight_flush_failed", rows=len(rows), error=str(error),
                                hint="the counts are kept in memory and written later")
                return 0
            if self._failing:
                self._failing = False
                log.info("insight_flush_recovered", rows=len(rows))
            return len(rows)

    async def _flush_follows(self, final: bool) -> None:
        rows = self.follows.drain(self.clock().timestamp(), final=final)
        try:
            await self.store.save_followups(rows)
        except Exception as error:   # never the pipeline's: kept for the next flush
            self.follows.keep([row for row in rows if row[3]])
            log.warning("followups_not_flushed", rows=len(rows), error=str(error))

    def _locale(self, community: str) -> str:
        return self.rulebook.for_community(community).locale

    async def run(self, stop: asyncio.Event) -> None:
        """Flush every `flush_every` seconds until `stop`, then once more; fold the days
        that are over about once an hour."""
        folded_at: float | None = None
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.flush_every)
            await self.flush()
            now = self.clock().timestamp()
            if folded_at is None or now - folded_at >= FOLD_EVERY:
                folded_at = now
                await self.fold()

    async def fold(self) -> int:
        """Fold the member rows of the days that are over everywhere (storage/insight.py)."""
        before = self.clock().astimezone(UTC).date() - timedelta(days=FOLD_AFTER - 1)
        try:
            return await self.store.fold_insight_days(before)
        except Exception as error:   # tried again within the hour; the counts stay valid
            log.warning("insight_fold_failed", error=str(error))
            return 0

    # -- reporting --------------------------------------------------------------------------
    async def report(self, community: str, start: date, end: date) -> Report:
        """The community's report for [start, end): the database's counts, what is still in
        memory, and the ledger's moderation (exact right after the events, flushed or not)."""
        locale = self._locale(community)
        ruleset = self.rulebook.for_community(community)
        async with self._lock:
            zone = self.tally.zone(community)
            period = await read_period(self.store, community, zone, start, end, ruleset)
            counts = self.tally.counts.get(community)
            memory = list(counts.rows()) if counts is not None else []
        report = await asyncio.to_thread(period.report, memory, locale)
        zone_info = ZoneInfo(zone)
        since = datetime.combine(start, time(), zone_info).astimezone(UTC)
        until = datetime.combine(end, time(), zone_info).astimezone(UTC)
        engaged = await engagement_part(self.store, community, since, until,
                                        report["active_members"])
        if engaged is not None:
            report["engagement"] = engaged
        return report


@dataclass
class Period:
    """What a period's report needs from the database, before the figures are computed."""

    community: str
    zone: str
    start: date
    end: date
    rows: InsightRows
    cases: list[InsightCase]
    reports: list[InsightReport]
    watch: WatchCounts | None = None     # None: the community's watch was not read
    terms: tuple[str, ...] = ()          # the rule file's watched terms, in its order
    senses: bool = False                 # the rule file has `watch` or `crisis`

    def report(self, memory: Iterable[Row] = (), locale: str | None = None) -> Report:
        """Everything into one fresh tally, then `build_report` (with moderation)."""
        community = self.community
        tally = Tally(lambda _: self.zone)
        counts = tally.of(community)
        rows = self.rows
        tally.merge(HourRow(*row) for row in rows.hours)
        tally.merge(ChannelRow(*row) for row in rows.channels)
        for day, (messages, last) in rows.member_days.items():
            counts.merge_members(day, messages, last)
        tally.merge(MembershipRow(*row) for row in rows.membership)
        tally.merge(ModeratedRow(*row) for row in rows.moderated)
        tally.merge(memory)
        for case in self.cases:
            day = counts.day(case.at)
            counts.case(day, case.action, case.rule)
            if case.action in REMOVALS and case.status != "failed":
                counts.change(case.at, case.user, "removed", day)
        for report in self.reports:
            tally.report(community, report.at, report.user)
            if report.answered_at is not None:
                tally.moderator_action(community, report.answered_at, report.user)
        watch = self.watch
        if watch is not None and not (self.senses or watch):
            watch = None   # rules that do not watch, and nothing recorded: no watch part
        return build_report(tally, community, self.start, self.end, tz=self.zone,
                            moderation=True, locale=locale,
                            watch=(watch, self.terms) if watch is not None else None)


async def read_period(store: ReportStore, community: str, zone: str, start: date,
                      end: date, ruleset: Ruleset | None = None) -> Period:
    """The stored counts of [start, end) and the ledger's cases and reports around it (a
    day's margin each side: each is then placed in its local day by the tally), and the
    watch's records of the period. `ruleset` (the community's current rules, when known)
    gives the watched terms and whether the rule file senses at all."""
    tz = ZoneInfo(zone)
    since = datetime.combine(start, time(), tz).astimezone(UTC) - timedelta(days=1)
    until = datetime.combine(end, time(), tz).astimezone(UTC) + timedelta(days=1)
    rows = await store.insight_rows(community, start, end - timedelta(days=1))
    cases = await store.insight_cases(community, since, until)
    reports = await store.insight_reports(community, since, until)
    watch = await read_watch(store, community, zone, start, end)
    terms = ruleset.watch.terms if ruleset is not None and ruleset.watch is not None else ()
    return Period(community, zone, start, end, rows, cases, reports, watch, terms,
                  ruleset is not None and ruleset.senses)


def _batch(rows: list[Row], communities: list[InsightCommunity]) -> InsightRows:
    """A drained tally as the store's batch (the row kinds live counting produces)."""
    batch = InsightRows(communities=communities)
    members, hours, channels = batch.members, batch.hours, batch.channels
    for row in rows:
        if isinstance(row, MemberRow):
            members.append(row)
        elif isinstance(row, HourRow):
            hours.append(row)
        elif isinstance(row, ChannelRow):
            channels.append(row)
        elif isinstance(row, MembershipRow):
            batch.membership.append(row)
        elif isinstance(row, ModeratedRow):
            batch.moderated.append(row)
        # cases, reports and moderators' actions are never counted live: the ledger has them
    return batch
