"""Messages kept for archives where the platform cannot read history (Telegram).

The pipeline hands every message of a community whose rule file sets `archive: true` to
`observe` (synchronous: one dict assignment). Nothing is written per message: `run` writes
what was seen every few seconds as one batch (the store upserts it), and `gardien run`
flushes once more at shutdown. An edit replaces the pending row of its message, or, once
written, updates the stored text. A batch the store refuses is kept for the next flush;
the failure is logged once, never raised.

PERSONAL DATA: the privacy issue will add how long kept messages stay (storage/archives.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

import structlog

from rules.events import Message
from storage.archives import KeptMessage
from storage.roles import ArchiveStore

if TYPE_CHECKING:
    from bot.rulebook import Rulebook

log = structlog.get_logger("gardien.archive")

FLUSH_EVERY = 5.0          # seconds between two writes
MAX_PENDING = 50_000       # messages held while the store refuses; the oldest go first


def kept(message: Message) -> KeptMessage:
    """What is kept of a message (an edit: its text now, and when it was edited)."""
    return KeptMessage(
        community=message.community, channel=message.channel_id or message.channel,
        message_id=message.id, author_id=message.user.id, author_name=message.user.name,
        author_bot=message.user.bot, text=message.text, at=message.at,
        edited_at=message.at if message.edited else None, reply_to=message.reply_to,
        mentions=tuple(m for m in message.mentions if m),
        attachments=tuple((a.filename, a.size) for a in message.attachments))


class ArchiveKeeper:
    def __init__(self, store: ArchiveStore, rulebook: Rulebook, *,
                 flush_every: float = FLUSH_EVERY) -> None:
        self.store = store
        self.rulebook = rulebook
        self.flush_every = flush_every
        self._pending: dict[tuple[str, str, str], KeptMessage] = {}
        self._lock = asyncio.Lock()
        self._failing = False

    def observe(self, message: Message) -> None:
        """Keep one message (or an edit) when its community archives (`archive: true`)."""
        if not self.rulebook.for_community(message.community).archive:
            return
        row = kept(message)
        key = (row.community, row.channel, row.message_id)
        earlier = self._pending.get(key)
        if earlier is not None and row.edited_at is not None:   # an edit of one not written
            row = replace(row, at=earlier.at)
        self._pending[key] = row
        if len(self._pending) > MAX_PENDING:
            self._pending.pop(next(iter(self._pending)))

    async def flush(self) -> int:
        """Write what was seen since the last flush as one batch; how many messages."""
        async with self._lock:
            if not self._pending:
                return 0
            batch, self._pending = self._pending, {}
            try:
                await self.store.keep_messages(list(batch.values()))
            except Exception as error:   # StoreError, or anything: never the pipeline's
                for key, row in batch.items():   # newer sightings since stay newer
                    self._pending.setdefault(key, row)
                if not self._failing:
                    self._failing = True
                    log.warning("archive_flush_failed", messages=len(batch), error=str(error),
                                hint="the messages are kept in memory and written later")
                return 0
            if self._failing:
                self._failing = False
                log.info("archive_flush_recovered", messages=len(batch))
            return len(batch)

    async def run(self, stop: asyncio.Event) -> None:
        """Flush every `flush_every` seconds until `stop`, then once more."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.flush_every)
            await self.flush()
