"""`gardien cases`: the recorded cases, as JSON lines or a readable table."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TextIO

from catalogue import t
from storage.models import Case


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, as FORMATS.md asks."""
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


def case_record(case: Case) -> dict[str, object]:
    return {
        "case": case.number,
        "community": case.community,
        "user": case.user,
        "action": case.action,
        "rule": case.rule,
        "status": case.status,
        "error": case.error,
        "reason": case.reason,
        "moderator": case.moderator,
        "at": iso(case.created_at),
        "expires_at": iso(case.expires_at),
        "points": case.points,
        "evidence": case.evidence,
        "message": case.message_id,
        "channel": case.channel,
    }


def write_json(cases: list[Case], out: TextIO) -> None:
    for case in cases:
        out.write(json.dumps(case_record(case), ensure_ascii=False) + "\n")


def _reason(reason: str) -> str:
    """The table reads like the mod log (JSON keeps the stored "": what was typed)."""
    if not reason:
        return t("en", "case.no_reason")
    return (reason[:60] + "…") if len(reason) > 60 else reason


def write_table(cases: list[Case], out: TextIO) -> None:
    if not cases:
        out.write("No cases recorded.\n")
        return
    header = ("case", "community", "user", "action", "rule", "status", "at", "reason")
    rows = [
        (
            f"#{c.number}", c.community, c.user, c.action, c.rule,
            c.status + (f" ({c.error})" if c.error else ""),
            c.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            _reason(c.reason),
        )
        for c in cases
    ]
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        out.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")
