"""SQLite table behind scheduled posts, polls and announcements (`engagement_posts`).

A mixin of `SQLiteStore`. One row per occurrence, written before the platform call:
`claim_occurrence` inserts it `pending` (or finds it there: then nothing is posted), and
returns how many occurrences of that item were recorded before it, which is the
rotation's index. What reports will need later (posts and polls sent, poll voters) is
here too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from storage import codec
from storage.access import Connection, Row, SQLiteAccess

COLUMNS = ("id, community, item, due_at, kind, status, channel, message_id, poll_id, error, "
           "created_at, posted_at, closed_at, voters, counts")


@dataclass(frozen=True, slots=True)
class EngagementPost:
    id: int
    community: str
    item: str
    due_at: datetime
    kind: str                 # post | poll | announce
    status: str               # pending | posted | failed | unknown
    channel: str
    message_id: str
    poll_id: str
    error: str
    created_at: datetime
    posted_at: datetime | None
    closed_at: datetime | None
    voters: int | None
    counts: tuple[int, ...] | None


def _from_row(row: Row) -> EngagementPost:
    counts = json.loads(row[14]) if row[14] else None
    return EngagementPost(
        id=int(row[0]), community=str(row[1]), item=str(row[2]),
        due_at=codec.from_us(int(row[3])), kind=str(row[4]), status=str(row[5]),
        channel=str(row[6]), message_id=str(row[7]), poll_id=str(row[8]), error=str(row[9]),
        created_at=codec.from_us(int(row[10])), posted_at=codec.from_us_or_none(row[11]),
        closed_at=codec.from_us_or_none(row[12]),
        voters=int(row[13]) if row[13] is not None else None,
        counts=tuple(int(c) for c in counts) if counts is not None else None)


class ScheduleRecords(SQLiteAccess):
    async def claim_occurrence(self, community: str, item: str, due_at: datetime, kind: str,
                               channel: str, at: datetime) -> tuple[EngagementPost, int] | None:
        """Record an occurrence as `pending`, with how many of `item` came before it (the
        rotation index); None when it was already recorded (it must not be posted again)."""
        params = (community, item, codec.to_us(due_at), kind, channel, codec.to_us(at))

        async def op(conn: Connection) -> tuple[EngagementPost, int] | None:
            rows = list(await conn.execute_fetchall(
                "INSERT INTO engagement_posts (community, item, due_at, kind, channel, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?) "
                f"ON CONFLICT (community, item, due_at) DO NOTHING RETURNING {COLUMNS}",
                params))
            if not rows:
                return None
            ((before,),) = await conn.execute_fetchall(
                "SELECT COUNT(*) FROM engagement_posts WHERE community = ? AND item = ? "
                "AND id < ?", (community, item, rows[0][0]))
            return _from_row(rows[0]), int(before)

        return await self._write(op)

    async def finish_occurrence(self, id: int, status: str, at: datetime, *,
                                channel: str | None = None, message_id: str = "",
                                poll_id: str = "", error: str = "") -> None:
        """`posted` (with where and the message's ids) or `failed` (with the reason)."""
        params = (status, codec.to_us(at) if status == "posted" else None, message_id,
                  poll_id, error[:500], channel, id)

        async def op(conn: Connection) -> None:
            await conn.execute(
                "UPDATE engagement_posts SET status = ?, posted_at = ?, message_id = ?, "
                "poll_id = ?, error = ?, channel = COALESCE(?, channel) WHERE id = ?", params)

        await self._write(op)

    async def close_poll_record(self, id: int, counts: tuple[int, ...], voters: int,
                                at: datetime) -> None:
        """A poll's final figures, read when it closed."""
        params = (json.dumps(list(counts)), voters, codec.to_us(at), id)

        async def op(conn: Connection) -> None:
            await conn.execute(
                "UPDATE engagement_posts SET counts = ?, voters = ?, closed_at = ? "
                "WHERE id = ?", params)

        await self._write(op)

    async def abandon_pending_posts(self, at: datetime) -> list[EngagementPost]:
        """Rows a previous run left `pending` (it stopped between recording and hearing
        back): marked `unknown`, never posted again; returned for the log."""
        params = (codec.to_us(at),)

        async def op(conn: Connection) -> list[EngagementPost]:
            rows = await conn.execute_fetchall(
                "UPDATE engagement_posts SET status = 'unknown', error = 'the bot stopped "
                "before the platform answered' WHERE status = 'pending' "
                f"AND created_at <= ? RETURNING {COLUMNS}", params)
            return [_from_row(row) for row in rows]

        return await self._write(op)

    async def engagement_post(self, id: int) -> EngagementPost | None:
        rows = await self._read(f"SELECT {COLUMNS} FROM engagement_posts WHERE id = ?", (id,))
        return _from_row(rows[0]) if rows else None

    async def engagement_posts(self, community: str | None = None,
                               since: datetime | None = None) -> list[EngagementPost]:
        """What was sent (every status), in time order: for reports and the CLI."""
        where, params = ("community = ? AND ", [community]) if community is not None else ("", [])
        rows = await self._read(
            f"SELECT {COLUMNS} FROM engagement_posts WHERE {where}due_at >= ? "
            "ORDER BY due_at, id", (*params, codec.to_us(since) if since else 0))
        return [_from_row(row) for row in rows]

    async def occurrence_count(self, community: str, item: str) -> int:
        """How many occurrences of `item` are recorded: the next one's rotation index."""
        ((count,),) = await self._read(
            "SELECT COUNT(*) FROM engagement_posts WHERE community = ? AND item = ?",
            (community, item))
        return int(count)

    async def schedule_communities(self) -> list[str]:
        """Communities with an open schedule timer or a recorded post: planned at start even
        when silent and absent from the config (a default file's)."""
        rows = await self._read(
            "SELECT community FROM timers WHERE kind = 'schedule' AND done_at IS NULL "
            "UNION SELECT community FROM engagement_posts ORDER BY 1")
        return [str(row[0]) for row in rows]
