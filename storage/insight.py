"""SQLite tables behind community insight: counts flushed in batches, read back by period.

A mixin of `SQLiteStore` like `NewcomerRecords`. The bot counts in memory
(bot/insight/live.py) and writes here every few seconds, one transaction per batch;
counts are upserted (added with `+`, a member's last time of a day kept with max), so a
batch may be written in pieces, twice in a row, or after a failure, and add up the same.
A day's member rows are folded into one row once that day is over everywhere (the bulk
of the data: a 30-day report of a big community reads 30 rows instead of a million).

Tuples keep the field order of the tally's rows (bot/insight/tally.py), which this layer
cannot import: (community, day, hour, messages), (community, day, channel, messages),
(community, day, member, messages, last_at), (community, day, member, at, change),
(community, day, messages). Moderation is read from the ledger (`insight_cases`,
`insight_reports`), where the case path and the `report` command already record it.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from storage import codec
from storage.access import Connection, Operation, Row, SQLiteAccess
from storage.pseudonym import pseudonymise_period

HourTuple = tuple[str, str, int, int]
ChannelTuple = tuple[str, str, str, int]
MemberTuple = tuple[str, str, str, int, float]
MembershipTuple = tuple[str, str, str, float, str]
ModeratedTuple = tuple[str, str, int]

_SANCTIONS = "('warn', 'timeout', 'kick', 'ban')"   # the case actions a report counts


@dataclass(frozen=True, slots=True)
class InsightCommunity:
    """A community counted, in the timezone and language its rule file had at the last flush."""

    community: str
    timezone: str
    locale: str


@dataclass(slots=True)
class InsightRows:
    """One batch of counts (a flush), or what a period holds (`insight_rows`)."""

    hours: list[HourTuple] = field(default_factory=list)
    channels: list[ChannelTuple] = field(default_factory=list)
    members: list[MemberTuple] = field(default_factory=list)
    membership: list[MembershipTuple] = field(default_factory=list)
    moderated: list[ModeratedTuple] = field(default_factory=list)
    communities: list[InsightCommunity] = field(default_factory=list)
    # read back only: folded days, day -> (messages by member, last time by member)
    member_days: dict[str, tuple[dict[str, int], dict[str, float]]] = field(
        default_factory=dict)

    def __len__(self) -> int:
        return (len(self.hours) + len(self.channels) + len(self.members)
                + len(self.membership) + len(self.moderated))


@dataclass(frozen=True, slots=True)
class InsightCase:
    """A sanction case as reports count it (a removal when a kick or ban did not fail)."""

    action: str
    rule: str
    user: str
    at: float           # POSIX seconds
    status: str


@dataclass(frozen=True, slots=True)
class InsightReport:
    """A member's report, and the first moderator's case on the reported member after it."""

    user: str           # the reported member ("" when the report named none)
    at: float
    answered_at: float | None


_UPSERTS = (
    ("hours", "INSERT INTO insight_hours (community, day, hour, messages) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (community, day, hour) DO UPDATE SET "
              "messages = insight_hours.messages + excluded.messages"),
    ("channels", "INSERT INTO insight_channels (community, day, channel, messages) "
                 "VALUES (?, ?, ?, ?) ON CONFLICT (community, day, channel) DO UPDATE SET "
                 "messages = insight_channels.messages + excluded.messages"),
    ("members", "INSERT INTO insight_members (community, day, member, messages, last_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (community, day, member) DO UPDATE SET "
                "messages = insight_members.messages + excluded.messages, "
                "last_at = CASE WHEN insight_members.last_at >= excluded.last_at "
                "THEN insight_members.last_at "
                "ELSE excluded.last_at END"),
    ("membership", "INSERT INTO insight_membership (community, day, member, at, change) "
                   "VALUES (?, ?, ?, ?, ?)"),
    ("moderated", "INSERT INTO insight_moderated (community, day, messages) VALUES (?, ?, ?) "
                  "ON CONFLICT (community, day) DO UPDATE SET "
                  "messages = insight_moderated.messages + excluded.messages"),
)


def _seconds(us: int) -> float:
    """Ledger microseconds as the tally's POSIX seconds (the same float `timestamp()` gives)."""
    return us / 1e6


def pack_day(counts: dict[str, int], last: dict[str, float]) -> tuple[str, bytes, bytes]:
    """A day's member counts as one row's columns (see migration 0006)."""
    messages = array("q", counts.values())
    last_at = array("d", (last[member] for member in counts))
    if sys.byteorder == "big":
        messages.byteswap()
        last_at.byteswap()
    return (json.dumps(list(counts), ensure_ascii=False, separators=(",", ":")),
            messages.tobytes(), last_at.tobytes())


def unpack_day(members: str, messages: bytes, last_at: bytes
               ) -> tuple[dict[str, int], dict[str, float]]:
    ids: list[str] = json.loads(members)
    counts, times = array("q"), array("d")
    counts.frombytes(messages)
    times.frombytes(last_at)
    if sys.byteorder == "big":
        counts.byteswap()
        times.byteswap()
    return dict(zip(ids, counts, strict=True)), dict(zip(ids, times, strict=True))


def _unpack_all(rows: Sequence[Row]) -> dict[str, tuple[dict[str, int], dict[str, float]]]:
    return {day: unpack_day(members, messages, last_at)
            for day, members, messages, last_at in rows}


def _add_member(days: dict[str, tuple[dict[str, int], dict[str, float]]], day: str,
                member: str, messages: int, last_at: float) -> None:
    counts, last = days.setdefault(day, ({}, {}))
    counts[member] = counts.get(member, 0) + messages
    if last_at > last.get(member, -1e300):
        last[member] = last_at


class InsightRecords(SQLiteAccess):
    """Store methods for insight; see storage/roles.py (`InsightStore`) for the role."""

    async def write_insight_rows(self, rows: InsightRows) -> None:
        """One batch, in one transaction: counts added, timed rows appended."""
        at = time.time()
        communities = [(c.community, c.timezone, c.locale, at) for c in rows.communities]

        async def op(conn: Connection) -> None:
            for name, sql in _UPSERTS:
                batch = getattr(rows, name)
                if batch:
                    await conn.executemany(sql, batch)
            if communities:
                await conn.executemany(
                    "INSERT INTO insight_communities (community, timezone, locale, updated_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (community) DO UPDATE SET "
                    "timezone = excluded.timezone, locale = excluded.locale, "
                    "updated_at = excluded.updated_at", communities)

        await self._write(op)

    async def insight_rows(self, community: str, first_day: date, last_day: date
                           ) -> InsightRows:
        """What was counted in a community from `first_day` to `last_day`, both included."""
        span = (community, first_day.isoformat(), last_day.isoformat())
        where = "WHERE community = ? AND day >= ? AND day <= ?"
        found = InsightRows()
        found.hours = [(community, d, h, n) for d, h, n in await self._read(
            f"SELECT day, hour, messages FROM insight_hours {where}", span)]
        found.channels = [(community, d, c, n) for d, c, n in await self._read(
            f"SELECT day, channel, messages FROM insight_channels {where}", span)]
        found.membership = [(community, d, m, at, change) for d, m, at, change in
                            await self._read("SELECT day, member, at, change FROM "
                                             f"insight_membership {where} ORDER BY id", span)]
        found.moderated = [(community, d, n) for d, n in await self._read(
            f"SELECT day, messages FROM insight_moderated {where}", span)]
        folded = await self._read(
            f"SELECT day, members, messages, last_at FROM insight_member_days {where}", span)
        # decoding a month of a big community takes a while: not on the event loop
        found.member_days = await asyncio.to_thread(_unpack_all, folded)
        for day, member, messages, last_at in await self._read(
                f"SELECT day, member, messages, last_at FROM insight_members {where}", span):
            _add_member(found.member_days, day, member, messages, last_at)
        marks = await self._read(
            "SELECT through FROM insight_pseudonymous WHERE community = ?", (community,))
        if marks and str(marks[0][0]) >= span[1]:   # the period reaches pseudonymised days
            ((key,),) = await self._read("SELECT key FROM privacy_key WHERE id = 1")
            found.membership = pseudonymise_period(bytes(key), found.member_days,
                                                   found.membership)
        return found

    async def insight_communities(self) -> list[InsightCommunity]:
        rows = await self._read(
            "SELECT community, timezone, locale FROM insight_communities ORDER BY community")
        return [InsightCommunity(c, z, loc) for c, z, loc in rows]

    async def fold_insight_days(self, before: date) -> int:
        """Fold the member rows of every day before `before` into one row per community and
        day (one transaction each); how many days were folded."""
        pending = await self._read(
            "SELECT DISTINCT community, day FROM insight_members WHERE day < ?",
            (before.isoformat(),))
        for community, day in pending:
            await self._write(_fold(community, day))
        return len(pending)

    # -- what reports read from the ledger -------------------------------------------------

    async def insight_cases(self, community: str, since: datetime, until: datetime
                            ) -> list[InsightCase]:
        """Sanction cases opened in [since, until), shadow ones left out, in ledger order."""
        rows = await self._read(
            "SELECT action, rule, user, created_at, status FROM cases WHERE community = ? "
            f"AND created_at >= ? AND created_at < ? AND shadow = 0 AND action IN {_SANCTIONS} "
            "ORDER BY id", (community, codec.to_us(since), codec.to_us(until)))
        return [InsightCase(a, r, u, _seconds(at), s) for a, r, u, at, s in rows]

    async def insight_reports(self, community: str, since: datetime, until: datetime
                              ) -> list[InsightReport]:
        """Members' reports made in [since, until), each with the time of the first case a
        moderator opened on the reported member at or after it (whenever that came)."""
        rows = await self._read(
            "SELECT r.user, r.at, (SELECT min(c.created_at) FROM cases c "
            "WHERE c.community = r.community AND c.user = r.user AND r.user != '' "
            "AND c.created_at >= r.at AND (c.moderator IS NOT NULL OR c.rule = 'manual')) "
            "FROM reports r WHERE r.community = ? AND r.at >= ? AND r.at < ? ORDER BY r.at, r.id",
            (community, codec.to_us(since), codec.to_us(until)))
        return [InsightReport(user, _seconds(at), None if answered is None else
                              _seconds(answered)) for user, at, answered in rows]


def _fold(community: str, day: str) -> Operation[None]:
    async def op(conn: Connection) -> None:
        rows = await conn.execute_fetchall(
            "SELECT member, messages, last_at FROM insight_members "
            "WHERE community = ? AND day = ?", (community, day))
        before = list(await conn.execute_fetchall(
            "SELECT members, messages, last_at FROM insight_member_days "
            "WHERE community = ? AND day = ?", (community, day)))
        days: dict[str, tuple[dict[str, int], dict[str, float]]] = {}
        if before:
            days[day] = unpack_day(*before[0])
        for member, messages, last_at in rows:
            _add_member(days, day, member, messages, last_at)
        if day not in days:
            return
        await conn.execute(
            "INSERT INTO insight_member_days (community, day, members, messages, last_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (community, day) DO UPDATE SET "
            "members = excluded.members, messages = excluded.messages, "
            "last_at = excluded.last_at", (community, day, *pack_day(*days[day])))
        await conn.execute("DELETE FROM insight_members WHERE community = ? AND day = ?",
                           (community, day))

    return op
