"""SQLite table behind archives on platforms that cannot read history (Telegram).

A mixin of `SQLiteStore` like `WatchRecords`. Only communities whose rule file sets
`archive: true` have messages here; the bot keeps them in memory and writes them in batches
(bot/archive/keeper.py), one transaction per batch. A message is keyed by (community,
channel, message id): an edit updates its text, mentions, attachments and `edited_at`,
never when it was posted or who wrote it, so a batch written twice adds nothing.

PERSONAL DATA: author ids and names, texts and file names. The privacy issue will add the
retention (rows past an age deleted, one member's rows on request); until then nothing
deletes them. The columns are named for what they hold, so that it can find them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from storage import codec
from storage.access import Connection, Row, SQLiteAccess

_COLUMNS = ("community, channel, message_id, author_id, author_name, author_bot, text, at, "
            "edited_at, reply_to, mentions, attachments")


@dataclass(frozen=True, slots=True)
class KeptMessage:
    """One message (or its last edit) kept for archives."""

    community: str
    channel: str
    message_id: str
    author_id: str
    at: datetime                        # when it was posted (an edit's first sight: then)
    author_name: str = ""
    author_bot: bool = False
    text: str = ""
    edited_at: datetime | None = None
    reply_to: str = ""
    mentions: tuple[str, ...] = ()
    attachments: tuple[tuple[str, int], ...] = ()   # (file name, size in bytes)


def _row(message: KeptMessage) -> tuple[object, ...]:
    return (message.community, message.channel, message.message_id, message.author_id,
            message.author_name, int(message.author_bot), message.text,
            codec.to_us(message.at), codec.to_us_or_none(message.edited_at), message.reply_to,
            json.dumps(list(message.mentions)),
            json.dumps([[name, size] for name, size in message.attachments]))


def _kept(row: Row) -> KeptMessage:
    return KeptMessage(
        community=row[0], channel=row[1], message_id=row[2], author_id=row[3],
        author_name=row[4], author_bot=bool(row[5]), text=row[6], at=codec.from_us(row[7]),
        edited_at=codec.from_us_or_none(row[8]), reply_to=row[9],
        mentions=tuple(str(m) for m in json.loads(row[10])),
        attachments=tuple((str(name), int(size)) for name, size in json.loads(row[11])))


class ArchiveRecords(SQLiteAccess):
    async def keep_messages(self, messages: Sequence[KeptMessage]) -> None:
        """One batch in one transaction: new messages added, edits applied (an edit of a
        message never seen is kept as it is now)."""
        if not messages:
            return
        rows = [_row(m) for m in messages]

        async def op(conn: Connection) -> None:
            await conn.executemany(
                f"INSERT INTO archived_messages ({_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (community, channel, message_id) DO UPDATE SET "
                "text = excluded.text, mentions = excluded.mentions, "
                "attachments = excluded.attachments, "
                "edited_at = COALESCE(excluded.edited_at, archived_messages.edited_at)", rows)

        await self._write(op)

    async def kept_messages(self, community: str, channel: str, since: datetime | None,
                            until: datetime | None, limit: int) -> list[KeptMessage]:
        """The channel's kept messages posted in [since, until), oldest first, at most
        `limit` (ask one more than you need to learn whether there were more)."""
        # ids in numeric order; PostgreSQL refuses to cast an id that is not a number, and
        # ids of the same length sort as numbers do
        numeric = ("CAST(message_id AS INTEGER)" if self.dialect == "sqlite"
                   else "length(message_id)")
        rows = await self._read(
            f"SELECT {_COLUMNS} FROM archived_messages "
            "WHERE community = ? AND channel = ? AND at >= ? AND at < ? "
            f"ORDER BY at, {numeric}, message_id LIMIT ?",
            (community, channel, codec.to_us(since) if since else -(2 ** 62),
             codec.to_us(until) if until else 2 ** 62, limit))
        return [_kept(row) for row in rows]
