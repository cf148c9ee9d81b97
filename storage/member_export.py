"""A member's export: every row of every table the inventory declares personal that names
them, in a form a person can read (FORMATS.md, "Privacy": `privacy export`, `mydata`).

Driven by storage/inventory.py, never by a list of its own: a table declared there is read
here, under the export key declared there, so a new table cannot be left out. A case where
the member is the moderator goes under `cases_as_moderator`. Times are ISO 8601 in UTC;
internal row ids are left out; JSON columns are shown parsed. Messages of others that only
mention the member show where and when, never what others wrote. The same on SQLite and
PostgreSQL: only the catalogue and JSON lookups differ (storage/rows.py).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from storage import codec
from storage.access import Row, SQLiteAccess
from storage.insight import unpack_day
from storage.inventory import PERSONAL, PersonalTable
from storage.rows import contains, in_json_array, table_columns

# FORMATS.md's keys, in its order, then the inventory's own.
KEYS = ("cases", "cases_as_moderator", "notes", "points", "timers", "reports", "appeals",
        "activity", "watch", "verification", "cooldowns", "archived_messages")
_HIDDEN = {"id", "case_id", "community"}
_JSON = {"payload", "mentions", "attachments", "summary", "lock_state"}
_FLAGS = {"shadow", "request", "author_bot"}
_SECONDS = {"insight_members", "insight_membership"}   # POSIX seconds (REAL), not us
_ACTING = {"moderator", "decided_by", "by", "started_by", "ended_by", "uploaded_by",
           "changed_by"}


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def scope(community: str | None) -> tuple[str, list[object]]:
    """SQL and parameters limiting rows to a community, a platform (`telegram:`: every
    community of that platform, as a private chat asks) or nowhere."""
    if community is None:
        return "TRUE", []
    if community.endswith(":"):
        return "substr(community, 1, ?) = ?", [len(community), community]
    return "community = ?", [community]


def matches(entry: PersonalTable, dialect: str) -> tuple[str, int]:
    """SQL true when any member column names the member, and how many times it binds."""
    parts = [in_json_array(dialect, column) if column == "mentions" else f"{column} = ?"
             for column in entry.members]
    return "(" + " OR ".join(parts) + ")", len(parts)


def _time(table: str, column: str, value: Any) -> Any:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return value
    if column not in ("at", "until", "deadline") and not column.endswith("_at"):
        return value
    if table in _SECONDS:
        return iso(datetime.fromtimestamp(float(value), UTC))
    return iso(codec.from_us(int(value)))


def _cell(table: str, column: str, value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if column in _JSON and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if column in _FLAGS:
        return bool(value)
    return _time(table, column, value)


def readable(table: str, columns: list[str], row: Row) -> dict[str, Any]:
    found: dict[str, Any] = {"table": table}
    for column, value in zip(columns, row, strict=True):
        if column not in _HIDDEN:
            found[column] = _cell(table, column, value)
    return found


def _key(entry: PersonalTable, user: str, record: dict[str, Any]) -> str:
    """The inventory's key; a record of the community's own (a case, an amendment) that
    names the member only as who acted goes under `cases_as_moderator`."""
    about = [c for c in entry.members if not acting(c)]
    if entry.export == "cases" and all(record.get(c) != user for c in about):
        return "cases_as_moderator"
    return entry.export


def _only_mentioned(user: str, record: dict[str, Any]) -> dict[str, Any]:
    """Someone else's message that mentions the member: where and when, not its words."""
    if record.get("author_id") == user:
        return record
    return {"table": record["table"], "channel": record["channel"],
            "message_id": record["message_id"], "at": record["at"], "mentions_you": True}


class MemberExport(SQLiteAccess):
    async def member_export(self, user: str, community: str | None = None,
                            now: datetime | None = None) -> dict[str, Any]:
        """Everything held on `user` (in `community`, or every community; a platform
        prefix such as `telegram:` takes that platform's), as FORMATS.md shapes it."""
        where, params = scope(community)
        found: dict[str, dict[str, list[dict[str, Any]]]] = {}

        def place(name: str, key: str, record: dict[str, Any]) -> None:
            rows = found.setdefault(name, {k: [] for k in KEYS})
            rows[key].append(record)

        for entry in PERSONAL:
            columns = await table_columns(self, entry.table)
            match, binds = matches(entry, self.dialect)
            rows = await self._read(
                f"SELECT {', '.join(columns)} FROM {entry.table} WHERE {match} AND {where}",
                [*([user] * binds), *params])
            for row in rows:
                record = readable(entry.table, columns, row)
                if entry.table == "archived_messages":
                    record = _only_mentioned(user, record)
                place(str(row[columns.index("community")]), _key(entry, user, record), record)
        for name, day, members, counts, last in await self._read(
                "SELECT community, day, members, messages, last_at FROM insight_member_days "
                f"WHERE {contains(self.dialect, 'members')} AND {where}",
                [json.dumps(user), *params]):
            messages, times = unpack_day(members, counts, last)
            if user in messages:
                place(name, "activity", {
                    "table": "insight_member_days", "day": day, "messages": messages[user],
                    "last_at": iso(datetime.fromtimestamp(times[user], UTC))})
        return {"user": user, "generated_at": iso(now or datetime.now(UTC)),
                "communities": found}


def acting(column: str) -> bool:
    """A column naming who acted for the community (a moderator), not whom it is about."""
    return column in _ACTING
