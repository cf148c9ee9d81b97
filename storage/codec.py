"""Conversions between records and SQLite rows.

Datetimes are stored as integer microseconds since the Unix epoch (UTC): exact
round trips, cheap comparisons and indexes, no text parsing on the hot path.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from storage.access import Row
from storage.models import Case, Note, Revision, Timer, require_aware

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

CASE_COLUMNS = (
    "community, number, user, action, rule, reason, moderator, evidence, created_at, "
    "expires_at, points, message_id, channel, shadow, status, error, updated_at"
)
TIMER_COLUMNS = "id, community, user, kind, due_at, case_number, payload, done_at, result"
NOTE_COLUMNS = "id, community, user, moderator, text, at"
REVISION_COLUMNS = "path, digest, accepted_at, size"


def to_us(value: datetime) -> int:
    """Microseconds since the epoch; refuses naive datetimes."""
    require_aware("datetime", value)
    return (value - EPOCH) // MICROSECOND


def to_us_or_none(value: datetime | None) -> int | None:
    return None if value is None else to_us(value)


def from_us(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def from_us_or_none(value: int | None) -> datetime | None:
    return None if value is None else from_us(value)


def case_from_row(row: Row) -> Case:
    (community, number, user, action, rule, reason, moderator, evidence, created_at,
     expires_at, points, message_id, channel, shadow, status, error, updated_at) = row
    return Case(
        community=community, number=number, user=user, action=action, rule=rule,
        reason=reason, moderator=moderator, evidence=evidence,
        created_at=from_us(created_at), expires_at=from_us_or_none(expires_at),
        points=points, message_id=message_id, channel=channel, shadow=bool(shadow),
        status=status, error=error, updated_at=from_us(updated_at),
    )


def timer_from_row(row: Row) -> Timer:
    id_, community, user, kind, due_at, case_number, payload, done_at, result = row
    return Timer(
        id=id_, community=community, user=user, kind=kind, due_at=from_us(due_at),
        case_number=case_number, payload=json.loads(payload),
        done_at=from_us_or_none(done_at), result=result,
    )


def note_from_row(row: Row) -> Note:
    id_, community, user, moderator, text, at = row
    return Note(community=community, user=user, moderator=moderator, text=text,
                at=from_us(at), id=id_)


def revision_from_row(row: Row) -> Revision:
    path, digest, accepted_at, size = row
    return Revision(path=path, digest=digest, accepted_at=from_us(accepted_at), size=size)


def dump_payload(payload: dict[str, Any]) -> str:
    """Timer payloads are JSON so a future backend can read them without Python."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"))
