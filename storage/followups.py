"""SQLite table behind reports' engagement: messages in the hour after each scheduled post.

A mixin of `SQLiteStore`. The bot counts in memory (bot/insight/follow.py) and writes a
post's count when its hour is over, or at shutdown (then `complete` is false and the
count a lower bound); a later write replaces an earlier one with the larger count.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.access import Connection, SQLiteAccess

FollowupTuple = tuple[int, str, int, bool]   # (post id, community, messages, complete)


class FollowupRecords(SQLiteAccess):
    async def save_followups(self, rows: Sequence[FollowupTuple]) -> None:
        if not rows:
            return

        async def op(conn: Connection) -> None:
            await conn.executemany(
                "INSERT INTO engagement_followups (post_id, community, messages, complete) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (post_id) DO UPDATE SET "
                # CASE, not SQLite's scalar max(): PostgreSQL has GREATEST instead
                # (the old row named by its table: PostgreSQL finds a bare name ambiguous)
                "messages = CASE WHEN engagement_followups.messages >= excluded.messages "
                "THEN engagement_followups.messages ELSE excluded.messages END, "
                "complete = CASE WHEN engagement_followups.complete >= excluded.complete "
                "THEN engagement_followups.complete "
                "ELSE excluded.complete END",
                [(post, community, messages, int(complete))
                 for post, community, messages, complete in rows])

        await self._write(op)

    async def followups(self, community: str) -> dict[int, tuple[int, bool]]:
        """post id -> (messages in the hour after it, whether the hour was seen whole)."""
        rows = await self._read(
            "SELECT post_id, messages, complete FROM engagement_followups WHERE community = ?",
            (community,))
        return {int(r[0]): (int(r[1]), bool(r[2])) for r in rows}
