"""Frozen records that cross the storage boundary.

All datetimes are aware; the store hands them back in UTC. Ids are strings because
platform ids (Discord snowflakes, Telegram chat ids) do not fit in 32 bits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

EVIDENCE_LIMIT = 200
CASE_STATUSES = ("pending", "done", "failed")
FINAL_STATUSES = ("done", "failed")


def require_aware(name: str, value: datetime | None) -> None:
    """Naive datetimes are refused at the edge: their meaning depends on the host's zone."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be an aware datetime, got {value!r}")


def cut_evidence(text: str) -> str:
    """Keep at most EVIDENCE_LIMIT characters, marking a cut with an ellipsis."""
    if len(text) <= EVIDENCE_LIMIT:
        return text
    return text[: EVIDENCE_LIMIT - 1] + "…"


@dataclass(frozen=True, kw_only=True)
class NewCase:
    """A sanction about to be attempted; the store numbers it and records it as pending."""

    community: str
    user: str
    action: str
    rule: str
    reason: str = ""
    moderator: str | None = None
    evidence: str = ""
    created_at: datetime
    expires_at: datetime | None = None
    points: int = 0
    message_id: str | None = None
    channel: str | None = None
    shadow: bool = False

    def __post_init__(self) -> None:
        require_aware("created_at", self.created_at)
        require_aware("expires_at", self.expires_at)
        if self.points < 0:
            raise ValueError(f"points must not be negative, got {self.points}")


@dataclass(frozen=True, kw_only=True)
class Case:
    """A numbered ledger entry: what was decided, and whether the platform carried it out."""

    community: str
    number: int
    user: str
    action: str
    rule: str
    reason: str
    moderator: str | None
    evidence: str
    created_at: datetime
    expires_at: datetime | None
    points: int
    message_id: str | None
    channel: str | None
    shadow: bool
    status: str
    error: str | None
    updated_at: datetime


class PointEntry(NamedTuple):
    """Warning points one member received at one time (`points_since`).

    Named so callers read `entry.points`, not `row[1]`; still a tuple, so
    `for at, points in ...` keeps working.
    """

    at: datetime
    points: int


class MemberPoints(NamedTuple):
    """Any member's points at one time (`all_points_since`), to warm the engine's state."""

    community: str
    user: str
    at: datetime
    points: int


class Cooldown(NamedTuple):
    """A rule's cooldown on a member, still running (`cooldowns_after`): survives restarts."""

    community: str
    user: str
    rule: str
    until: datetime


@dataclass(frozen=True, kw_only=True)
class NewTimer:
    """Work due at `due_at` (lift a timeout, unban...), stored so it survives restarts."""

    community: str
    user: str
    kind: str
    due_at: datetime
    case_number: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        require_aware("due_at", self.due_at)


@dataclass(frozen=True, kw_only=True)
class Timer:
    """A stored timer; `done_at`/`result` are set once it ran or was cancelled."""

    id: int
    community: str
    user: str
    kind: str
    due_at: datetime
    case_number: int | None
    payload: dict[str, Any]
    done_at: datetime | None
    result: str | None


@dataclass(frozen=True, kw_only=True)
class Revision:
    """A rule file content accepted at some time, identified by its digest."""

    path: str
    digest: str
    accepted_at: datetime
    size: int


@dataclass(frozen=True, kw_only=True)
class Note:
    """A moderator's free-text note about a member; not a sanction."""

    community: str
    user: str
    moderator: str
    text: str
    at: datetime
    id: int


class LastTimeout(NamedTuple):
    """A member's latest carried-out timeout or untimeout (`last_timeout`).

    What a rejoin needs to re-apply a timeout the member tried to leave behind.
    """

    action: str                   # timeout | untimeout
    number: int                   # the case number
    expires_at: datetime | None
    rule: str


class RuleCaseCount(NamedTuple):
    """How many of a rule's cases had one action and status in a span (`rule_case_counts`).

    A raid lockdown's closing summary is made of these.
    """

    action: str
    status: str
    cases: int                    # not `count`: that would shadow tuple.count
    first: int                    # lowest case number
    last: int                     # highest case number


# --- what commands record (migration 0003) ---------------------------------------------
CHANGE_KINDS = ("reason", "appeal_accepted", "appeal_denied")
APPEAL_STATUSES = ("open", "accepted", "denied")


@dataclass(frozen=True, kw_only=True)
class CaseChange:
    """A change to a case after it was opened: an amended reason (`old` kept), an appeal's end."""

    community: str
    number: int
    kind: str
    old: str
    new: str
    by: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class Appeal:
    """A member's appeal of their own case; decided once, by a moderator."""

    id: int
    community: str
    number: int
    user: str
    text: str
    status: str
    decided_by: str | None
    created_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True, kw_only=True)
class Report:
    """A member's report of a message to the moderators."""

    id: int
    community: str
    reporter: str
    user: str
    channel: str
    message_id: str
    reason: str
    excerpt: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class Upload:
    """A rule file uploaded from chat for one community, with its content."""

    community: str
    revision: int
    file_name: str
    digest: str
    content: bytes
    uploaded_by: str
    uploaded_at: datetime


# --- newcomers (migration 0004) ------------------------------------------------------------
VERIFICATION_STATUSES = ("pending", "verified", "expired")


@dataclass(frozen=True, kw_only=True)
class Verification:
    """A newcomer behind the verification gate: pending until they accept the code of conduct.

    `expired`: the deadline passed and `on_timeout` removed them (a rejoin starts afresh).
    """

    community: str
    user: str
    status: str
    joined_at: datetime
    deadline: datetime | None
    request: bool                 # a Telegram join request: approved, not unrestricted
    changed_at: datetime


@dataclass(frozen=True, kw_only=True)
class Lockdown:
    """A raid lockdown: newcomers get `action`, no welcome is posted, until it ends."""

    id: int
    community: str
    started_at: datetime
    ends_at: datetime
    action: str                   # timeout | kick | ban | nothing
    reason: str
    started_by: str | None        # None: started by raid detection
    ended_at: datetime | None
    ended_by: str | None          # None with ended_at set: ended by its timer
    joins: int
    summary: dict[str, Any]
    lock_state: str | None = None   # the posting state to restore (raid.lock), once read
    lock_status: str = "none"       # none | saved | locked | failed | unlocked | stuck
    lock_error: str | None = None

    @property
    def active(self) -> bool:
        return self.ended_at is None

    @property
    def holds_lock(self) -> bool:
        """Whether the community may still be locked by it (the lock to undo at its end): a
        failed lock counts when its state was stored, in case part of it was applied."""
        return self.lock_state is not None and self.lock_status in ("saved", "locked", "failed")
