"""The storage roles: one protocol per concern, so a component can ask for only what it uses.

`Store` (storage/base.py) combines them all and is what the bot is handed; a
part that only schedules timers, or only records appeals, can name the role it
needs instead, and a test double for it implements a handful of methods, not
fifty. Every write is durable when its `await` returns; times are aware UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from storage.archives import KeptMessage
from storage.feeds import FeedState, SeenItem
from storage.followups import FollowupTuple
from storage.insight import InsightCase, InsightCommunity, InsightReport, InsightRows
from storage.member_erase import ErasureReport
from storage.models import (
    Appeal,
    Case,
    CaseChange,
    Cooldown,
    LastTimeout,
    Lockdown,
    MemberPoints,
    NewCase,
    NewTimer,
    Note,
    PointEntry,
    Report,
    Revision,
    RuleCaseCount,
    Timer,
    Upload,
    Verification,
)
from storage.schedules import EngagementPost
from storage.watch import CrisisRecord, MinuteTuple, WatchHit


@runtime_checkable
class CaseLedger(Protocol):
    """The numbered cases and what happened to them since.

    Its own role because the ledger is the bot's record of every sanction: it
    must hold a case before the platform is asked to carry it out.
    """

    async def open_case(self, new: NewCase) -> Case:
        """Number the case (from 1 per community) and commit it as pending, with its points."""

    async def open_cases(self, news: Sequence[NewCase],
                         cooldowns: Sequence[Cooldown] = ()) -> list[Case]:
        """A decision's cases (one community's) and its rules' cooldowns, in one write:
        all committed as pending, or none (one trip to the ledger for the whole verdict)."""

    async def finish_case(
        self, community: str, number: int, status: str, error: str | None = None,
        *, at: datetime | None = None,
    ) -> Case:
        """Mark a pending case `done` or `failed` (with the platform's error)."""

    async def pending_cases(self) -> list[Case]:
        """Cases still pending (to reconcile at start-up), oldest first."""

    async def case(self, community: str, number: int) -> Case | None: ...

    async def cases(
        self, community: str | None = None, user: str | None = None, limit: int | None = None,
    ) -> list[Case]:
        """Matching cases oldest first; with `limit`, the latest `limit` of them."""

    async def update_reason(
        self, community: str, number: int, reason: str, *, at: datetime | None = None,
    ) -> Case | None: ...

    async def amend_reason(
        self, community: str, number: int, reason: str, by: str, at: datetime,
    ) -> Case | None:
        """Set a case's reason, keeping the old one with who and when; None: no such case."""

    async def note_change(
        self, community: str, number: int, kind: str, by: str, at: datetime, new: str = "",
    ) -> None:
        """Record an appeal's outcome on its case (kind appeal_accepted / appeal_denied)."""

    async def case_changes(self, community: str, number: int) -> list[CaseChange]: ...

    async def rule_case_counts(
        self, community: str, rule: str, since: datetime, until: datetime,
    ) -> list[RuleCaseCount]:
        """Per action and status, how many of a rule's cases fall in a span, first and last."""

    async def last_timeout(self, community: str, user: str,
                           before: datetime) -> LastTimeout | None:
        """The member's latest done timeout or untimeout opened before `before`."""


@runtime_checkable
class PointStore(Protocol):
    """Warning points, each row linked to the case that gave it.

    Its own role because escalation reads points apart from cases: the engine
    warms its in-memory totals from them, and an accepted appeal takes them back.
    """

    async def points_since(self, community: str, user: str, since: datetime) -> list[PointEntry]:
        ...

    async def all_points_since(self, since: datetime) -> list[MemberPoints]:
        """Every member's points since `since`, to warm the in-memory state at start-up."""

    async def withdraw_points(self, community: str, number: int) -> int:
        """Remove the points a case added; returns how many were removed."""


@runtime_checkable
class CooldownStore(Protocol):
    """Rule cooldowns, kept so a restart does not let a member trip the same rule again."""

    async def save_cooldown(
        self, community: str, user: str, rule: str, until: datetime,
    ) -> None: ...

    async def cooldowns_after(self, now: datetime) -> list[Cooldown]:
        """Cooldowns still running after `now`."""


@runtime_checkable
class TimerStore(Protocol):
    """Work due later (lift a timeout, unban, expire a newcomer's gate), across restarts.

    Its own role because the timer loop needs nothing else from storage.
    """

    async def schedule(self, timer: NewTimer) -> Timer: ...

    async def due_timers(self, now: datetime) -> list[Timer]:
        """Open timers with due_at <= now, oldest first."""

    async def next_due(self) -> datetime | None:
        """When the earliest open timer is due, or None without any."""

    async def next_due_by_community(self) -> dict[str, datetime]:
        """When each community's earliest open timer is due."""

    async def claim_timers(self, ids: Sequence[int], now: datetime,
                           until: datetime) -> set[int]:
        """Move these timers, if still open and due at `now`, to `until`; those moved."""

    async def complete_timer(self, id: int, result: str, at: datetime) -> None: ...

    async def cancel_timers(
        self, community: str, user: str, kind: str, *, at: datetime | None = None,
    ) -> int:
        """Cancel a member's open timers of `kind`; return how many were open."""

    async def open_timers(self, community: str, kind: str) -> list[Timer]:
        """A community's open timers of `kind` (a weekly report's next slot), oldest first."""


@runtime_checkable
class NoteStore(Protocol):
    """Moderators' free-text notes on members: kept apart because a note is not a sanction."""

    async def add_note(
        self, community: str, user: str, moderator: str, text: str, at: datetime,
    ) -> Note: ...

    async def notes(self, community: str, user: str) -> list[Note]: ...


@runtime_checkable
class RuleRevisionStore(Protocol):
    """Which rule file is in force, and every revision accepted before it.

    Files read from disk are recorded by digest; files uploaded from chat are
    stored whole, per community, so one can be put back in force later.
    """

    async def record_revision(self, path: str, digest: str, size: int, at: datetime) -> bool:
        """Record an accepted rule file; False when `digest` is already its latest revision."""

    async def revisions(self, path: str) -> list[Revision]: ...

    async def add_upload(
        self, community: str, file_name: str, content: bytes, digest: str, by: str,
        at: datetime,
    ) -> Upload:
        """Store a new rule-file revision for a community and make it active."""

    async def activate_upload(
        self, community: str, revision: int | None, by: str, at: datetime,
    ) -> None:
        """Put a stored revision in force; None: the config's file on disk."""

    async def uploads(self, community: str) -> list[Upload]: ...

    async def upload(self, community: str, revision: int) -> Upload | None: ...

    async def active_uploads(self) -> list[Upload]:
        """The revision in force in each community that has one."""


@runtime_checkable
class AppealStore(Protocol):
    """Members' appeals of their own cases: one per case, decided once by a moderator."""

    async def open_appeal(
        self, community: str, number: int, user: str, text: str, at: datetime,
    ) -> Appeal | None:
        """Record an appeal; None when the case was already appealed."""

    async def appeal(self, id: int) -> Appeal | None: ...

    async def appeal_of(self, community: str, number: int) -> Appeal | None: ...

    async def decide_appeal(self, id: int, status: str, by: str, at: datetime) -> Appeal | None:
        """Accept or deny an open appeal; None when it is not open."""


@runtime_checkable
class ReportStore(Protocol):
    """Members' reports of messages, kept so the rate of reports per member can be limited."""

    async def add_report(
        self, community: str, reporter: str, at: datetime, *, user: str = "", channel: str = "",
        message_id: str = "", reason: str = "", excerpt: str = "",
    ) -> Report: ...

    async def reports_since(
        self, community: str, reporter: str, since: datetime,
    ) -> list[Report]: ...


@runtime_checkable
class VerificationStore(Protocol):
    """The verification gate: newcomers pending until they accept the code of conduct.

    Its own role because its transitions act once (a press racing the deadline).
    """

    async def gate(
        self, community: str, user: str, joined_at: datetime, deadline: datetime | None,
        *, request: bool = False,
    ) -> Verification:
        """Put a member behind the verification gate (pending), replacing an older record."""

    async def verification(self, community: str, user: str) -> Verification | None: ...

    async def settle_verification(
        self, community: str, user: str, status: str, at: datetime,
    ) -> Verification | None:
        """pending -> verified or expired; None when it was not pending (acts once)."""


@runtime_checkable
class LockdownStore(Protocol):
    """Raid lockdowns: at most one open per community, restored at start-up."""

    async def start_lockdown(
        self, community: str, at: datetime, ends_at: datetime, action: str,
        *, reason: str = "", by: str | None = None,
    ) -> Lockdown:
        """Open a lockdown; StoreError while one is already open in the community."""

    async def extend_lockdown(self, id: int, ends_at: datetime) -> Lockdown | None: ...

    async def end_lockdown(
        self, id: int, at: datetime, *, by: str | None = None, joins: int = 0,
    ) -> Lockdown | None:
        """Close an open lockdown (adding `joins` seen); None when it was already closed."""

    async def end_lockdown_summary(self, id: int, summary: dict[str, Any]) -> None:
        """Keep a closed lockdown's figures (cases per action and status, first/last case)."""

    async def save_lock_state(self, id: int, state: str) -> Lockdown | None:
        """Keep the posting state a lock replaces (written once; status `saved`)."""

    async def set_lock_status(self, id: int, status: str, error: str | None = None) -> None: ...

    async def locks_to_undo(self) -> list[Lockdown]:
        """Closed lockdowns whose lock was never undone (a restart undoes it)."""

    async def open_lockdowns(self) -> list[Lockdown]: ...

    async def lockdowns(self, community: str) -> list[Lockdown]: ...

    async def lockdown(self, id: int) -> Lockdown | None: ...


@runtime_checkable
class InsightStore(Protocol):
    """Community insight: counts the bot flushes in batches, read back by period, and what
    reports read from the ledger. Its own role because the counting needs nothing else."""

    async def write_insight_rows(self, rows: InsightRows) -> None:
        """One batch in one transaction: counts added to what is there, timed rows appended."""

    async def insight_rows(self, community: str, first_day: date, last_day: date
                           ) -> InsightRows:
        """What was counted from `first_day` to `last_day` (local days, both included)."""

    async def insight_communities(self) -> list[InsightCommunity]: ...

    async def fold_insight_days(self, before: date) -> int:
        """Fold the member rows of the days before `before`; how many days were folded."""

    async def insight_cases(self, community: str, since: datetime, until: datetime
                            ) -> list[InsightCase]:
        """Sanction cases opened in [since, until), shadow ones left out."""

    async def insight_reports(self, community: str, since: datetime, until: datetime
                              ) -> list[InsightReport]:
        """Members' reports in [since, until), each with the first moderator's case after it."""


@runtime_checkable
class WatchStore(Protocol):
    """The e-reputation watch: hits of watched terms, per-minute sentiment counts, crises.
    Its own role because the watch needs nothing else of the store."""

    async def add_watch_hits(self, hits: Sequence[WatchHit]) -> list[WatchHit]:
        """Record hits; the ones not recorded before (each message's term once)."""

    async def watch_hits(self, community: str, since: datetime, until: datetime
                         ) -> list[WatchHit]: ...

    async def write_sentiment_minutes(self, rows: Sequence[MinuteTuple]) -> None:
        """Per-minute (messages, negative) counts, added to what is there."""

    async def sentiment_minutes(self, community: str, since: int, until: int
                                ) -> list[tuple[int, int, int]]: ...

    async def sentiment_communities(self) -> list[str]: ...

    async def fold_sentiment_minutes(self, before: int) -> int:
        """Fold the minutes before `before` (POSIX minutes) into hours."""

    async def open_crisis(self, community: str, at: datetime, negative: int, usual: float,
                          terms: Sequence[tuple[str, int]]) -> CrisisRecord | None:
        """Open a crisis; None when one is open already (one per community)."""

    async def end_crisis(self, id: int, at: datetime, peak: int) -> CrisisRecord | None: ...

    async def save_crisis_slowmode(self, id: int, previous: dict[str, int] | None,
                                   status: str) -> None: ...

    async def open_crises(self) -> list[CrisisRecord]: ...

    async def slowmodes_to_restore(self) -> list[CrisisRecord]: ...

    async def crises(self, community: str, since: datetime, until: datetime
                     ) -> list[CrisisRecord]: ...


@runtime_checkable
class FeedStore(Protocol):
    """The outside feeds of the e-reputation watch: each community's state of each feed and
    the items it already saw. Its own role because the feed watch needs nothing else."""

    async def feed_state(self, community: str, url: str) -> FeedState | None: ...

    async def feed_states(self, community: str | None = None) -> list[FeedState]:
        """Every feed's state (of one community), by community and URL."""

    async def seen_items(self, community: str, url: str, items: Sequence[str]
                         ) -> dict[str, SeenItem]:
        """The items among `items` this community already saw in this feed."""

    async def record_feed_poll(self, state: FeedState, items: Sequence[SeenItem],
                               at: datetime) -> None:
        """The feed's new state and the items seen (new or changed), in one transaction."""

    async def mark_feed_alerted(self, community: str, url: str) -> bool:
        """Record that moderators were told of a pause; False when told already."""

    async def resume_feed(self, url: str, community: str | None = None) -> int:
        """Resume a paused feed (failures reset, due now); how many were paused."""


@runtime_checkable
class ScheduleStore(Protocol):
    """Scheduled posts, polls and announcements sent: one row per occurrence, written before
    the platform call, so each occurrence is posted once across restarts and reloads. Its
    own role because the engagement service needs nothing else of the store but timers."""

    async def claim_occurrence(self, community: str, item: str, due_at: datetime, kind: str,
                               channel: str, at: datetime) -> tuple[EngagementPost, int] | None:
        """Record it `pending` with its rotation index; None when already recorded."""

    async def finish_occurrence(self, id: int, status: str, at: datetime, *,
                                channel: str | None = None, message_id: str = "",
                                poll_id: str = "", error: str = "") -> None: ...

    async def close_poll_record(self, id: int, counts: tuple[int, ...], voters: int,
                                at: datetime) -> None: ...

    async def abandon_pending_posts(self, at: datetime) -> list[EngagementPost]:
        """Rows a previous run left `pending`, marked `unknown` (never posted again)."""

    async def engagement_post(self, id: int) -> EngagementPost | None: ...

    async def engagement_posts(self, community: str | None = None,
                               since: datetime | None = None) -> list[EngagementPost]: ...

    async def occurrence_count(self, community: str, item: str) -> int: ...

    async def schedule_communities(self) -> list[str]: ...
class ArchiveStore(Protocol):
    """Messages kept for archives where the platform cannot read history (`archive: true`).
    Personal data: the privacy issue adds its retention. Its own role because the keeping
    needs nothing else of the store."""

    async def keep_messages(self, messages: Sequence[KeptMessage]) -> None:
        """One batch: new messages added, edits applied."""

    async def kept_messages(self, community: str, channel: str, since: datetime | None,
                            until: datetime | None, limit: int) -> list[KeptMessage]:
        """Posted in [since, until), oldest first, at most `limit`."""


class MemberDataStore(Protocol):
    """A member's rights over what is held on them (storage/member_export.py,
    storage/member_erase.py): everything in one readable export, and its erasure."""

    async def member_export(self, user: str, community: str | None = None,
                            now: datetime | None = None) -> dict[str, Any]:
        """FORMATS.md's export object; `community` may be a platform prefix (`telegram:`)."""

    async def member_erase(self, user: str, community: str | None = None,
                           with_cases: bool = False) -> ErasureReport:
        """Each declared table's erasure, one transaction per table."""


@runtime_checkable
class FollowupStore(Protocol):
    """What followed each scheduled post (reports' engagement): messages in the hour after."""

    async def save_followups(self, rows: Sequence[FollowupTuple]) -> None:
        """(post id, community, messages, complete): the larger count kept."""

    async def followups(self, community: str) -> dict[int, tuple[int, bool]]: ...
