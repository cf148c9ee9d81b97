"""SQLite tables behind the e-reputation watch: hits, sentiment counts and crises.

A mixin of `SQLiteStore` like `InsightRecords`. Hits are written as they happen (rare,
and each one is told to moderators once: the unique key makes an edit that repeats a
term, or a replay, a no-op, and the caller learns which hits are new). Sentiment counts
are flushed in batches and upserted per minute, so a batch written twice adds up the same
as once; minutes older than a day are folded into hours (the crisis baseline needs a
day of minutes; a report needs hours). Crises: at most one open per community.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage import codec
from storage.access import Connection, Row, SQLiteAccess

MinuteTuple = tuple[str, int, int, int]   # (community, POSIX minute, messages, negative)

_CRISIS_COLUMNS = ("id, community, started_at, ended_at, negative, usual, peak, terms, "
                   "slowmode, slowmode_status")


@dataclass(frozen=True, slots=True)
class WatchHit:
    """A watched term in a message (or an edit). `excerpt` is the start of its text."""

    community: str
    user: str
    term: str
    sentiment: float
    at: datetime
    channel: str = ""
    message_id: str = ""
    excerpt: str = ""


@dataclass(frozen=True, slots=True)
class CrisisRecord:
    id: int
    community: str
    started_at: datetime
    ended_at: datetime | None
    negative: int
    usual: float
    peak: int
    terms: list[tuple[str, int]]
    slowmode: dict[str, int] | None     # the channels' slow mode it replaced
    slowmode_status: str                # none | saved | set | restored | failed


def _crisis(row: Row) -> CrisisRecord:
    return CrisisRecord(
        id=row[0], community=row[1], started_at=codec.from_us(row[2]),
        ended_at=codec.from_us_or_none(row[3]), negative=row[4], usual=row[5], peak=row[6],
        terms=[(str(term), int(count)) for term, count in json.loads(row[7])],
        slowmode=json.loads(row[8]) if row[8] is not None else None, slowmode_status=row[9])


def _hit(row: Row) -> WatchHit:
    return WatchHit(community=row[0], user=row[1], term=row[2], sentiment=row[3],
                    at=codec.from_us(row[4]), channel=row[5], message_id=row[6],
                    excerpt=row[7])


class WatchRecords(SQLiteAccess):
    async def add_watch_hits(self, hits: Sequence[WatchHit]) -> list[WatchHit]:
        """Record hits in one transaction; the ones not recorded before (a message's term is
        recorded once, whatever its edits), in the given order."""
        rows = [(h.community, h.user, h.channel, h.message_id, h.term,
                 max(-1.0, min(1.0, h.sentiment)), h.excerpt, codec.to_us(h.at)) for h in hits]

        async def op(conn: Connection) -> list[WatchHit]:
            new = []
            for hit, row in zip(hits, rows, strict=True):
                cursor = await conn.execute(
                    "INSERT INTO watch_hits (community, user, channel, message_id, term, "
                    "sentiment, excerpt, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (community, message_id, term) DO NOTHING", row)
                if cursor.rowcount:
                    new.append(hit)
            return new

        return await self._write(op)

    async def watch_hits(self, community: str, since: datetime, until: datetime
                         ) -> list[WatchHit]:
        """Hits in [since, until), oldest first."""
        rows = await self._read(
            "SELECT community, user, term, sentiment, at, channel, message_id, excerpt "
            "FROM watch_hits WHERE community = ? AND at >= ? AND at < ? ORDER BY at, id",
            (community, codec.to_us(since), codec.to_us(until)))
        return [_hit(row) for row in rows]

    async def write_sentiment_minutes(self, rows: Sequence[MinuteTuple]) -> None:
        """One batch of per-minute counts, added to what is there."""
        if not rows:
            return

        async def op(conn: Connection) -> None:
            await conn.executemany(
                "INSERT INTO sentiment_minutes (community, minute, messages, negative) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (community, minute) DO UPDATE SET "
                "messages = sentiment_minutes.messages + excluded.messages, "
                "negative = sentiment_minutes.negative + excluded.negative", rows)

        await self._write(op)

    async def sentiment_minutes(self, community: str, since: int, until: int
                                ) -> list[tuple[int, int, int]]:
        """(minute, messages, negative) for minutes in [since, until), in order; folded
        periods come back as one row at the first minute of their hour."""
        rows = await self._read(
            "SELECT minute, messages, negative FROM sentiment_minutes "
            "WHERE community = ? AND minute >= ? AND minute < ? ORDER BY minute",
            (community, since, until))
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]

    async def sentiment_communities(self) -> list[str]:
        rows = await self._read("SELECT DISTINCT community FROM sentiment_minutes")
        return sorted(str(row[0]) for row in rows)

    async def fold_sentiment_minutes(self, before: int) -> int:
        """Fold the minutes before `before` into their hours; how many rows went."""

        async def op(conn: Connection) -> int:
            ((count,),) = await conn.execute_fetchall(
                "SELECT count(*) FROM sentiment_minutes WHERE minute < ? AND minute % 60 != 0",
                (before,))
            if not count:
                return 0
            await conn.execute(
                "INSERT INTO sentiment_minutes (community, minute, messages, negative) "
                "SELECT community, minute - minute % 60, sum(messages), sum(negative) "
                "FROM sentiment_minutes WHERE minute < ? AND minute % 60 != 0 "
                "GROUP BY community, minute - minute % 60 "
                "ON CONFLICT (community, minute) DO UPDATE SET "
                "messages = sentiment_minutes.messages + excluded.messages, "
                "negative = sentiment_minutes.negative + excluded.negative", (before,))
            await conn.execute(
                "DELETE FROM sentiment_minutes WHERE minute < ? AND minute % 60 != 0",
                (before,))
            return int(count)

        return await self._write(op)

    async def open_crisis(self, community: str, at: datetime, negative: int, usual: float,
                          terms: Sequence[tuple[str, int]]) -> CrisisRecord | None:
        """Open a crisis; None when one is already open in the community."""
        params = (community, codec.to_us(at), negative, max(usual, 0.0), negative,
                  json.dumps([list(t) for t in terms], ensure_ascii=False))

        async def op(conn: Connection) -> CrisisRecord | None:
            rows = list(await conn.execute_fetchall(
                "INSERT INTO crises (community, started_at, negative, usual, peak, terms) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
                f"RETURNING {_CRISIS_COLUMNS}", params))
            return _crisis(rows[0]) if rows else None

        return await self._write(op)

    async def end_crisis(self, id: int, at: datetime, peak: int) -> CrisisRecord | None:
        """Close an open crisis; None when it was closed already (acts once)."""

        async def op(conn: Connection) -> CrisisRecord | None:
            rows = list(await conn.execute_fetchall(
                "UPDATE crises SET ended_at = ?, peak = CASE WHEN peak >= ? THEN peak ELSE ? END "
                f"WHERE id = ? AND ended_at IS NULL RETURNING {_CRISIS_COLUMNS}",
                (codec.to_us(at), peak, peak, id)))
            return _crisis(rows[0]) if rows else None

        return await self._write(op)

    async def save_crisis_slowmode(self, id: int, previous: dict[str, int] | None,
                                   status: str) -> None:
        """Keep the slow mode a crisis replaced (before setting it) and what became of it."""

        async def op(conn: Connection) -> None:
            if previous is None:
                await conn.execute("UPDATE crises SET slowmode_status = ? WHERE id = ?",
                                   (status, id))
            else:
                await conn.execute(
                    "UPDATE crises SET slowmode = ?, slowmode_status = ? WHERE id = ?",
                    (json.dumps(previous, sort_keys=True), status, id))

        await self._write(op)

    async def open_crises(self) -> list[CrisisRecord]:
        rows = await self._read(
            f"SELECT {_CRISIS_COLUMNS} FROM crises WHERE ended_at IS NULL ORDER BY id")
        return [_crisis(row) for row in rows]

    async def slowmodes_to_restore(self) -> list[CrisisRecord]:
        """Ended crises whose slow mode was set and never restored (a restart restores)."""
        rows = await self._read(
            f"SELECT {_CRISIS_COLUMNS} FROM crises WHERE ended_at IS NOT NULL "
            "AND slowmode_status IN ('saved', 'set') ORDER BY id")
        return [_crisis(row) for row in rows]

    async def crises(self, community: str, since: datetime, until: datetime
                     ) -> list[CrisisRecord]:
        """Crises that started in [since, until), oldest first."""
        rows = await self._read(
            f"SELECT {_CRISIS_COLUMNS} FROM crises WHERE community = ? AND started_at >= ? "
            "AND started_at < ? ORDER BY started_at, id",
            (community, codec.to_us(since), codec.to_us(until)))
        return [_crisis(row) for row in rows]
