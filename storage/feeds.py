"""SQLite tables behind the outside feeds of the e-reputation watch: state and items seen.

A mixin of `SQLiteStore` like `NoteRecords`. A poll's outcome (the feed's new state and the
items it saw) is written in one transaction, so a crash never leaves items recorded
without the state that says the feed was primed, or the reverse: an item is told once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from storage import codec
from storage.access import Connection, Row, SQLiteAccess
from storage.models import require_aware

_STATE = ("community, url, etag, last_modified, primed, failures, paused, alerted, every, "
          "next_at, last_error, polled_at")
_ITEMS_PER_QUERY = 500   # under SQLite's bound-parameter limit, with room for the keys


@dataclass(frozen=True, kw_only=True)
class FeedState:
    """One community's view of one feed: what the next conditional request sends, and the
    failures in a row behind the backoff and the pause."""

    community: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    primed: bool = False          # the first poll is done: later items are news
    failures: int = 0             # in a row; a success resets it
    paused: bool = False          # no more polls until resumed
    alerted: bool = False         # moderators were told of the pause
    every: float = 0.0            # the rule file's interval at the last poll (seconds)
    next_at: datetime | None = None   # not polled before (None: due now)
    last_error: str = ""
    polled_at: datetime | None = None

    def __post_init__(self) -> None:
        require_aware("next_at", self.next_at)
        require_aware("polled_at", self.polled_at)
        if self.failures < 0:
            raise ValueError(f"failures must not be negative, got {self.failures}")


@dataclass(frozen=True, kw_only=True)
class SeenItem:
    """An item a feed showed: its identity, a digest of what it said, the terms told."""

    item: str
    digest: str
    terms: tuple[str, ...] = ()


def _state(row: Row) -> FeedState:
    (community, url, etag, last_modified, primed, failures, paused, alerted, every, next_at,
     last_error, polled_at) = row
    return FeedState(community=community, url=url, etag=etag, last_modified=last_modified,
                     primed=bool(primed), failures=failures, paused=bool(paused),
                     alerted=bool(alerted), every=float(every),
                     next_at=codec.from_us(next_at) if next_at else None,
                     last_error=last_error, polled_at=codec.from_us_or_none(polled_at))


def _state_params(state: FeedState) -> tuple[object, ...]:
    return (state.community, state.url, state.etag, state.last_modified, int(state.primed),
            state.failures, int(state.paused), int(state.alerted), state.every,
            codec.to_us(state.next_at) if state.next_at is not None else 0,
            state.last_error, codec.to_us_or_none(state.polled_at))


def _chunks(values: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


class FeedRecords(SQLiteAccess):
    """Store methods for feeds; see `FeedStore` in storage/roles.py."""

    async def feed_state(self, community: str, url: str) -> FeedState | None:
        rows = await self._read(
            f"SELECT {_STATE} FROM feeds WHERE community = ? AND url = ?", (community, url))
        return _state(rows[0]) if rows else None

    async def feed_states(self, community: str | None = None) -> list[FeedState]:
        """Every feed's state (of one community), by community and URL."""
        where, params = ("WHERE community = ?", (community,)) if community else ("", ())
        rows = await self._read(
            f"SELECT {_STATE} FROM feeds {where} ORDER BY community, url", params)
        return [_state(row) for row in rows]

    async def seen_items(self, community: str, url: str, items: Sequence[str]
                         ) -> dict[str, SeenItem]:
        """The items among `items` this community already saw in this feed."""
        found: dict[str, SeenItem] = {}
        for chunk in _chunks(list(dict.fromkeys(items)), _ITEMS_PER_QUERY):
            marks = ", ".join("?" * len(chunk))
            rows = await self._read(
                "SELECT item, digest, terms FROM feed_items WHERE community = ? AND url = ? "
                f"AND item IN ({marks})", (community, url, *chunk))
            for item, digest, terms in rows:
                found[item] = SeenItem(item=item, digest=digest, terms=tuple(json.loads(terms)))
        return found

    async def record_feed_poll(self, state: FeedState, items: Sequence[SeenItem],
                               at: datetime) -> None:
        """The feed's new state and the items seen (new or changed), in one transaction."""
        params = _state_params(state)
        seen_at = codec.to_us(at)
        rows = [(state.community, state.url, item.item, item.digest,
                 json.dumps(list(item.terms), ensure_ascii=False), seen_at) for item in items]

        async def op(conn: Connection) -> None:
            await conn.execute(
                f"INSERT INTO feeds ({_STATE}) VALUES ({', '.join('?' * 12)}) "
                "ON CONFLICT (community, url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, primed = excluded.primed, "
                "failures = excluded.failures, paused = excluded.paused, "
                "alerted = excluded.alerted, every = excluded.every, "
                "next_at = excluded.next_at, last_error = excluded.last_error, "
                "polled_at = excluded.polled_at", params)
            if rows:
                await conn.executemany(
                    "INSERT INTO feed_items (community, url, item, digest, terms, seen_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (community, url, item) DO UPDATE "
                    "SET digest = excluded.digest, terms = excluded.terms", rows)

        await self._write(op)

    async def mark_feed_alerted(self, community: str, url: str) -> bool:
        """Record that moderators were told of a pause; False when it was told already (or
        the feed is not paused): the alert is posted once."""

        async def op(conn: Connection) -> bool:
            cursor = await conn.execute(
                "UPDATE feeds SET alerted = 1 WHERE community = ? AND url = ? AND paused = 1 "
                "AND alerted = 0", (community, url))
            return cursor.rowcount > 0

        return await self._write(op)

    async def resume_feed(self, url: str, community: str | None = None) -> int:
        """Resume a paused feed (in one community, or all): polled at once, failures reset.
        How many were paused."""
        where, params = ("AND community = ?", (url, community)) if community else ("", (url,))

        async def op(conn: Connection) -> int:
            cursor = await conn.execute(
                "UPDATE feeds SET paused = 0, alerted = 0, failures = 0, next_at = 0 "
                f"WHERE url = ? AND paused = 1 {where}", params)
            return cursor.rowcount

        return await self._write(op)
