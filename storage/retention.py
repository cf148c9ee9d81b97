"""The privacy retention (FORMATS.md, "Privacy"): what is kept, and for how long.

Driven by the inventory (storage/inventory.py): every personal table's declared retention
key must be the one a rule here implements for it (`RULES`), or `prune` refuses to run
and tests/privacy/test_retention_inventory.py fails: a table added later cannot go
unpruned. Erasing a community the bot was removed from walks the real schema instead:
every table with a `community` column, personal or not.

Every step is batched (`BATCH` rows per transaction through the store's single writer,
walking the table by key so a batch never re-reads the previous one), and yields to the
event loop between batches: events keep being recorded while a large prune runs, their
writes sharing the writer with it. The SQL runs in aiosqlite's thread (or on asyncpg's
connection), never blocking the loop. Pseudonyms are computed in Python between a batch's
read and its write (storage/rows.py), so SQLite and PostgreSQL prune alike; giving the
freed space back is each backend's own (`_return_space`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from storage import codec, pseudonym
from storage.access import Connection, Operation, Row, SQLiteAccess
from storage.errors import StoreError
from storage.insight import _fold
from storage.inventory import PERSONAL
from storage.pseudonym import pseudonymiser
from storage.retention_activity import pseudonymise_days
from storage.rows import BATCH, Rewrite, community_tables, sweep

APPEAL_KEPT = timedelta(days=180)    # an appeal decided less than this ago keeps its case
LIVE_KEPT = timedelta(days=1)        # a done timer or settled verification, kept this long
VACUUM_STEP = 2000                   # pages returned per transaction

# table -> the retention key the rules below implement for it (checked against PERSONAL)
RULES: dict[str, str] = {
    "cases": "cases", "case_changes": "cases", "points": "cases", "appeals": "cases",
    "lockdowns": "cases", "rule_uploads": "cases", "rule_active": "cases",
    "cooldowns": "live", "timers": "live", "verifications": "live",
    "notes": "notes",
    "reports": "evidence", "watch_hits": "evidence",
    "insight_members": "activity", "insight_membership": "activity",
    "archived_messages": "activity",
}


@dataclass(frozen=True, slots=True)
class Periods:
    """How long each kind of data is kept (the config's `privacy.retention`)."""

    evidence: timedelta = timedelta(days=90)
    activity: timedelta = timedelta(days=400)
    notes: timedelta = timedelta(days=365)
    cases: timedelta = timedelta(days=730)
    removed_community: timedelta = timedelta(days=30)


@dataclass(slots=True)
class Pruned:
    """What a prune did: per table, rows per verb (`blanked`, `folded`, ...); never ids."""

    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    communities_erased: int = 0
    pages_returned: int = 0
    bytes_returned: int = 0
    incremental_vacuum: bool = True   # False: the file needs one VACUUM first (see CLI)

    def add(self, table: str, verb: str, rows: int) -> None:
        if rows:
            verbs = self.tables.setdefault(table, {})
            verbs[verb] = verbs.get(verb, 0) + rows


def check_inventory() -> None:
    """Every personal table declared has the rule of its declared key, or nothing runs."""
    for entry in PERSONAL:
        if RULES.get(entry.table) != entry.retention:
            raise StoreError(f"retention: table {entry.table} is declared `{entry.retention}` "
                             f"but has the rule {RULES.get(entry.table)!r}: add it to "
                             "storage/retention.py")


class RetentionStore(Protocol):
    """What the bot's retention service needs from the store."""

    async def prune(self, periods: Periods, now: datetime | None = None) -> Pruned: ...

    async def bot_removed(self, community: str, at: datetime) -> None: ...

    async def bot_added(self, community: str) -> None: ...


class RetentionRecords(SQLiteAccess):
    """Store methods for the retention; see the module docstring."""

    _clock: Callable[[], datetime]

    async def bot_removed(self, community: str, at: datetime) -> None:
        """The bot was removed from `community`: its data goes `removed_community` after."""
        params = (community, codec.to_us(at))

        async def op(conn: Connection) -> None:
            await conn.execute("INSERT INTO communities_left (community, left_at) VALUES (?, ?) "
                               "ON CONFLICT (community) DO NOTHING", params)

        await self._write(op)

    async def bot_added(self, community: str) -> None:
        """The bot is in `community` again: nothing of it is to be erased."""

        async def op(conn: Connection) -> None:
            await conn.execute("DELETE FROM communities_left WHERE community = ?", (community,))

        await self._write(op)

    async def communities_left(self) -> dict[str, datetime]:
        rows = await self._read("SELECT community, left_at FROM communities_left")
        return {community: codec.from_us(at) for community, at in rows}

    async def prune(self, periods: Periods, now: datetime | None = None) -> Pruned:
        """Apply every retention rule as of `now` (default: the store's clock)."""
        check_inventory()
        now = now or self._clock()
        done = Pruned()
        ((key,),) = await self._read("SELECT key FROM privacy_key WHERE id = 1")
        rename = pseudonymiser(bytes(key))
        await self._erase_removed(now - periods.removed_community, done)
        await self._evidence(codec.to_us(now - periods.evidence), done)
        await self._activity(now - periods.activity, rename, done)
        done.add("notes", "deleted", await self._sweep(
            "notes", ("id",), "at < ?", (codec.to_us(now - periods.notes),), "DELETE FROM notes"))
        await self._cases(now - periods.cases, now - APPEAL_KEPT, rename, done)
        await self._live(now, done)
        await self._return_space(done)
        return done

    # -- the rules ---------------------------------------------------------------------------

    async def _evidence(self, before: int, done: Pruned) -> None:
        done.add("cases", "evidence_blanked", await self._sweep(
            "cases", ("id",), "created_at < ? AND evidence != ''", (before,),
            "UPDATE cases SET evidence = ''"))
        done.add("reports", "blanked", await self._sweep(
            "reports", ("id",), "at < ? AND (excerpt != '' OR reason != '')", (before,),
            "UPDATE reports SET excerpt = '', reason = ''"))
        done.add("watch_hits", "blanked", await self._sweep(
            "watch_hits", ("id",), "at < ? AND excerpt != ''", (before,),
            "UPDATE watch_hits SET excerpt = ''"))

    async def _activity(self, before: datetime, rename: Callable[[str | None], str | None],
                        done: Pruned) -> None:
        day = before.date().isoformat()
        pending = await self._read(
            "SELECT community, day, count(*) FROM insight_members WHERE day < ? "
            "GROUP BY community, day", (day,))
        for community, folded_day, rows in pending:   # one day of a community per transaction
            await self._write(_fold(community, folded_day))
            done.add("insight_members", "folded", int(rows))
            await asyncio.sleep(0)
        folded = {(str(c), str(d)) for c, d, _ in pending}
        days, members = await pseudonymise_days(self, day, folded, rename)
        done.add("insight_member_days", "pseudonymised", days)
        done.add("insight_membership", "pseudonymised", members)
        at = codec.to_us(before)
        done.add("watch_hits", "deleted", await self._sweep(
            "watch_hits", ("id",), "at < ?", (at,), "DELETE FROM watch_hits"))
        done.add("archived_messages", "deleted", await self._sweep(
            "archived_messages", ("community", "channel", "message_id"), "at < ?", (at,),
            "DELETE FROM archived_messages"))

    async def _cases(self, before: datetime, appeal_after: datetime,
                     rename: Callable[[str | None], str | None], done: Pruned) -> None:
        cutoff, recent = codec.to_us(before), codec.to_us(appeal_after)
        last = 0
        while True:
            counts, last = await self._write(_pseudonymise_cases(last, cutoff, recent, rename))
            for table, verb, n in counts:
                done.add(table, verb, n)
            if counts[0][2] < BATCH:
                break
            await asyncio.sleep(0)
        not_done = f"NOT LIKE '{pseudonym.PREFIX}%'"
        done.add("lockdowns", "pseudonymised", await self._sweep(
            "lockdowns", ("id",),
            f"ended_at IS NOT NULL AND ended_at < ? AND (reason != '' "
            f"OR started_by IS NOT NULL AND started_by {not_done} "
            f"OR ended_by IS NOT NULL AND ended_by {not_done})", (cutoff,),
            "UPDATE lockdowns SET started_by = ?, ended_by = ?, reason = ''",
            (("started_by", "ended_by"), _renamed(rename))))
        done.add("rule_uploads", "pseudonymised", await self._sweep(
            "rule_uploads", ("id",), f"uploaded_at < ? AND uploaded_by {not_done}", (cutoff,),
            "UPDATE rule_uploads SET uploaded_by = ?", (("uploaded_by",), _renamed(rename))))
        done.add("rule_active", "pseudonymised", await self._sweep(
            "rule_active", ("community",),
            f"changed_at < ? AND changed_by != '' AND changed_by {not_done}", (cutoff,),
            "UPDATE rule_active SET changed_by = ?", (("changed_by",), _renamed(rename))))

    async def _live(self, now: datetime, done: Pruned) -> None:
        old = codec.to_us(now - LIVE_KEPT)
        done.add("cooldowns", "deleted", await self._sweep(
            "cooldowns", ("community", "user", "rule"), "until < ?", (codec.to_us(now),),
            "DELETE FROM cooldowns"))
        done.add("timers", "deleted", await self._sweep(
            "timers", ("id",), "done_at IS NOT NULL AND done_at < ?", (old,),
            "DELETE FROM timers"))
        done.add("verifications", "deleted", await self._sweep(
            "verifications", ("community", "user"), "status != 'pending' AND changed_at < ?",
            (old,), "DELETE FROM verifications"))

    async def _erase_removed(self, left_before: datetime, done: Pruned) -> None:
        rows = await self._read("SELECT community FROM communities_left WHERE left_at < ?",
                                (codec.to_us(left_before),))
        if not rows:
            return
        tables = await community_tables(self)
        for (community,) in rows:
            for table, keys in tables:
                done.add(table, "deleted", await self._sweep(
                    table, keys, "community = ?", (community,), f"DELETE FROM {table}"))
            done.communities_erased += 1

    async def _return_space(self, done: Pruned) -> None:
        """Give the freed pages back to the filesystem, a bounded step per transaction
        (SQLite; PostgreSQL's store overrides this with VACUUM of the tables pruned)."""
        ((mode,),) = await self._read("PRAGMA auto_vacuum")
        if int(mode) != 2:   # a database created before 0010: one VACUUM converts it
            done.incremental_vacuum = False
            return
        ((page_size,),) = await self._read("PRAGMA page_size")

        async def step(conn: Connection) -> int:
            ((free,),) = await conn.execute_fetchall("PRAGMA freelist_count")
            if not free:
                return 0
            await conn.execute_fetchall(f"PRAGMA incremental_vacuum({VACUUM_STEP})")
            ((left,),) = await conn.execute_fetchall("PRAGMA freelist_count")
            return int(free) - int(left)

        while freed := await self._write(step):
            done.pages_returned += freed
            await asyncio.sleep(0)
        done.bytes_returned = done.pages_returned * int(page_size)

    async def _sweep(self, table: str, keys: tuple[str, ...], where: str,
                     params: tuple[object, ...], change: str,
                     rewrite: tuple[tuple[str, ...], Rewrite] | None = None) -> int:
        """storage/rows.py's batched `sweep` on this store."""
        return await sweep(self, table, keys, where, params, change, rewrite)


def _renamed(rename: Callable[[str | None], str | None]) -> Rewrite:
    """Every column read, as its pseudonym (NULL and '' stay)."""
    return lambda row: tuple(rename(value) for value in row)


def _pseudonymise_cases(after: int, cutoff: int, recent: int,
                        rename: Callable[[str | None], str | None]
                        ) -> Operation[tuple[list[tuple[str, str, int]], int]]:
    """One batch of old cases (after case id `after`), with their points, changes, appeals
    and finished timers; the pseudonyms computed here, every count the rows matched."""

    async def op(conn: Connection) -> tuple[list[tuple[str, str, int]], int]:
        rows: list[Row] = list(await conn.execute_fetchall(
            "SELECT id, user, moderator FROM cases c WHERE id > ? AND created_at < ? "
            f"AND status != 'pending' AND user NOT LIKE '{pseudonym.PREFIX}%' "
            "AND NOT EXISTS (SELECT 1 FROM timers t WHERE t.community = c.community "
            "AND t.case_number = c.number AND t.done_at IS NULL) "
            "AND NOT EXISTS (SELECT 1 FROM appeals a WHERE a.community = c.community "
            "AND a.number = c.number AND (a.status = 'open' OR a.decided_at >= ?)) "
            f"ORDER BY id LIMIT {BATCH}", (after, cutoff, recent)))
        if not rows:
            return [("cases", "pseudonymised", 0)], after
        ids = [row[0] for row in rows]
        among = f"c.id IN ({', '.join('?' * len(ids))})"

        async def linked(table: str, columns: str, number: str, extra: str = ""
                         ) -> list[Row]:
            return list(await conn.execute_fetchall(
                f"SELECT x.id, {columns} FROM {table} x JOIN cases c ON c.community = "
                f"x.community AND c.number = x.{number} WHERE {among}{extra}", ids))

        changes = await linked("case_changes", "x.by", "number")
        appeals = await linked("appeals", "x.user, x.decided_by", "number")
        timers = await linked("timers", "x.user", "case_number", " AND x.done_at IS NOT NULL")
        await conn.executemany(
            "UPDATE cases SET user = ?, moderator = ?, reason = '', evidence = '', "
            "error = CASE WHEN error IS NULL THEN NULL ELSE '' END WHERE id = ?",
            [(rename(user), rename(moderator), id_) for id_, user, moderator in rows])
        points = await conn.execute(
            f"DELETE FROM points WHERE case_id IN ({', '.join('?' * len(ids))})", ids)
        for sql, found in (
            ("UPDATE case_changes SET by = ?, old = '', new = '' WHERE id = ?", changes),
            ("UPDATE appeals SET user = ?, decided_by = ?, text = '' WHERE id = ?", appeals),
            ("UPDATE timers SET user = ?, payload = '{}' WHERE id = ?", timers),
        ):
            if found:
                await conn.executemany(sql, [(*(rename(v) for v in row[1:]), row[0])
                                             for row in found])
        return [("cases", "pseudonymised", len(rows)),
                ("points", "deleted", max(points.rowcount, 0)),
                ("case_changes", "pseudonymised", len(changes)),
                ("appeals", "pseudonymised", len(appeals)),
                ("timers", "pseudonymised", len(timers))], int(rows[-1][0])

    return op
