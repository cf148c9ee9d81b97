"""A member's erasure (FORMATS.md, "Privacy": `privacy erase [--cases]`), driven by the
inventory (storage/inventory.py): each declared table gets its declared treatment, in one
transaction per table, and the counts are returned.

- `delete`: the member's rows go. A column naming who acted for the community (a note's
  moderator, an appeal's decider) is pseudonymised instead, so another member's record
  stays; the member's id is taken out of other messages' mentions.
- `blank`: their cases stay, evidence emptied (the community's record of sanctions).
- `keep`: kept as it is; timers: finished ones go, an active temporary sanction's timer
  stays (an erasure never lifts a sanction: it is still lifted at its end).
- `pseudonymise` (with --cases): the member's id is replaced by a keyed pseudonym
  (storage/pseudonym.py), evidence emptied.
Then their id and known names (from archived messages) are replaced by the pseudonym in
every declared free-text column left, and in the folded daily activity. `erase_files`
also compacts the file after --cases so no byte of them remains (WAL included).

One code path for SQLite and PostgreSQL: mentions and free texts are rewritten in Python,
batch by batch (storage/rows.py). SQLite also zeroes freed bytes (`secure_delete`); on
PostgreSQL dead row versions stay in the table files until (auto)vacuum reuses them, so
the store runs VACUUM on the erased tables afterwards (storage/postgres/store.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from storage import codec
from storage.access import Connection, Operation, Row, SQLiteAccess
from storage.insight import pack_day, unpack_day
from storage.inventory import PERSONAL, Erasure, PersonalTable
from storage.member_export import acting, matches, scope
from storage.pseudonym import pseudonym, pseudonym_key
from storage.rows import Rewrite, contains, in_json_array, primary_key, sweep

MIN_NAME = 3      # a shorter name would match inside ordinary words


@dataclass
class ActiveSanction:
    community: str
    kind: str
    due_at: str
    case: int | None


@dataclass
class ErasureReport:
    user: str
    with_cases: bool
    pseudonym: str
    tables: dict[str, dict[str, int]] = field(default_factory=dict)  # table: {what: rows}
    cases_kept: int = 0           # the member's cases, kept (without --cases)
    active: list[ActiveSanction] = field(default_factory=list)
    names: int = 0                # free-text cells where their id or name was replaced


def mode(entry: PersonalTable, with_cases: bool) -> Erasure:
    if with_cases and entry.erase_with_cases is not None:
        return entry.erase_with_cases
    return entry.erase


def scrubber(user: str, names: list[str], replacement: str) -> Rewrite:
    """A row rewrite replacing the id (exact, as a whole token) and names (any case) in
    its one text cell; None when there is nothing to replace (or it is not text)."""
    words = [re.escape(user)] + [re.escape(n) for n in names if len(n) >= MIN_NAME]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)

    def scrub(row: Row) -> tuple[str] | None:
        (value,) = row
        if not isinstance(value, str):
            return None
        changed = pattern.sub(replacement, value)
        return None if changed == value else (changed,)

    return scrub


def unmentioned(user: str) -> Rewrite:
    """A row rewrite taking `user` out of a JSON array of mentioned ids."""

    def drop(row: Row) -> tuple[str] | None:
        mentions = json.loads(row[0])
        if user not in mentions:
            return None
        return (json.dumps([m for m in mentions if m != user]),)

    return drop


class MemberErasure(SQLiteAccess):
    async def member_erase(self, user: str, community: str | None = None,
                           with_cases: bool = False) -> ErasureReport:
        where, params = scope(community)
        key = await self._write(pseudonym_key)
        alias = pseudonym(key, user)
        report = ErasureReport(user, with_cases, alias)
        if self.dialect == "sqlite":
            await self._write(_secure_delete)
        names = sorted({str(n) for (n,) in await self._read(
            f"SELECT DISTINCT author_name FROM archived_messages WHERE author_id = ? "
            f"AND author_name != '' AND {where}", [user, *params])}, key=len, reverse=True)
        for entry in PERSONAL:
            removed = 0
            if "mentions" in entry.members and mode(entry, with_cases) == "delete":
                removed = await sweep(
                    self, entry.table, await primary_key(self, entry.table),
                    f"{in_json_array(self.dialect, 'mentions')} AND {where}",
                    [user, *params], f"UPDATE {entry.table} SET mentions = ?",
                    (("mentions",), unmentioned(user)))
            report.tables[entry.table] = await self._write(self._erase_table(
                entry, user, alias, where, params, with_cases, self.dialect))
            if removed:
                report.tables[entry.table]["mention removed"] = removed
        report.cases_kept = report.tables["cases"].get("kept", 0)
        report.active = [ActiveSanction(c, k, codec.from_us(d).isoformat(), n)
                         for c, k, d, n in await self._read(
                             "SELECT community, kind, due_at, case_number FROM timers "
                             f"WHERE user = ? AND done_at IS NULL AND {where} ORDER BY due_at",
                             [user, *params])]
        report.names = await self._scrub(user, names, alias, where, params)
        return report

    @staticmethod
    def _erase_table(entry: PersonalTable, user: str, alias: str, where: str,
                     params: list[object], with_cases: bool, dialect: str
                     ) -> Operation[dict[str, int]]:
        async def op(conn: Connection) -> dict[str, int]:
            how = mode(entry, with_cases)
            done: dict[str, int] = {}

            async def run(label: str, sql: str, args: list[object]) -> None:
                cursor = await conn.execute(sql, args)
                if cursor.rowcount > 0:
                    done[label] = done.get(label, 0) + cursor.rowcount

            table = entry.table
            if how == "delete":
                subject = [c for c in entry.members if not acting(c) and c != "mentions"]
                for column in entry.members:
                    if acting(column):
                        await run("pseudonymised", f"UPDATE {table} SET {column} = ? WHERE "
                                  f"{column} = ? AND {where}", [alias, user, *params])
                held = " OR ".join(f"{c} = ?" for c in subject)
                await run("deleted", f"DELETE FROM {table} WHERE ({held}) AND {where}",
                          [*([user] * len(subject)), *params])
            elif how == "blank":
                await run("evidence blanked", f"UPDATE {table} SET evidence = '' WHERE user = ?"
                          f" AND evidence != '' AND {where}", [user, *params])
                done["kept"] = len(list(await conn.execute_fetchall(
                    f"SELECT 1 FROM {table} WHERE user = ? AND {where}", [user, *params])))
            elif how == "pseudonymise":
                for column in entry.members:
                    await run("pseudonymised", f"UPDATE {table} SET {column} = ? WHERE "
                              f"{column} = ? AND {where}", [alias, user, *params])
                if table == "cases":
                    await run("evidence blanked", f"UPDATE {table} SET evidence = '' WHERE "
                              f"user = ? AND evidence != '' AND {where}", [alias, *params])
            elif table == "timers":   # keep: only what is over goes
                await run("deleted", f"DELETE FROM {table} WHERE user = ? AND done_at IS NOT "
                          f"NULL AND {where}", [user, *params])
                await _count(conn, done, "kept", entry, user, where, params, dialect)
            else:
                await _count(conn, done, "kept", entry, user, where, params, dialect)
            return {k: v for k, v in done.items() if v}

        return op

    async def _scrub(self, user: str, names: list[str], alias: str, where: str,
                     params: list[object]) -> int:
        """Their id and names out of every free text left, and out of folded activity."""
        scrub = scrubber(user, names, alias)
        changed = 0
        for entry in PERSONAL:
            keys = await primary_key(self, entry.table)
            for column in entry.texts:
                if entry.table == "timers":   # an active sanction's payload lifts it
                    continue
                changed += await sweep(
                    self, entry.table, keys, f"{column} IS NOT NULL AND {where}", params,
                    f"UPDATE {entry.table} SET {column} = ?", ((column,), scrub))
        changed += await self._write(self._unfold(user, alias, where, params))
        return changed

    def _unfold(self, user: str, alias: str, where: str, params: list[object]
                ) -> Operation[int]:
        """The member's folded daily activity under their pseudonym."""
        found = f"{contains(self.dialect, 'members')} AND {where}"

        async def op(conn: Connection) -> int:
            changed = 0
            for name, day, members, counts, last in await conn.execute_fetchall(
                    "SELECT community, day, members, messages, last_at FROM "
                    f"insight_member_days WHERE {found}", [f'"{user}"', *params]):
                messages, times = unpack_day(members, counts, last)
                if user not in messages:
                    continue
                messages[alias] = messages.pop(user) + messages.get(alias, 0)
                times[alias] = max(times.pop(user), times.get(alias, 0.0))
                await conn.execute(
                    "UPDATE insight_member_days SET members = ?, messages = ?, last_at = ? "
                    "WHERE community = ? AND day = ?", (*pack_day(messages, times), name, day))
                changed += 1
            return changed

        return op


async def _secure_delete(conn: Connection) -> None:
    """SQLite zeroes the bytes it frees from here on (the writer's connection keeps it)."""
    await conn.execute("PRAGMA secure_delete = ON")


async def _count(conn: Connection, done: dict[str, int], label: str,
                 entry: PersonalTable, user: str, where: str, params: list[object],
                 dialect: str) -> None:
    match, binds = matches(entry, dialect)
    rows = list(await conn.execute_fetchall(
        f"SELECT 1 FROM {entry.table} WHERE {match} AND {where}",
        [*([user] * binds), *params]))
    done[label] = len(rows)
