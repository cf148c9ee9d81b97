"""The `activity` retention of insight: member ids of old days replaced by pseudonyms.

After `activity`, a day's per-member rows are folded into its one `insight_member_days`
row (storage/insight.py's fold), whose member ids, like those of the day's joins and
leaves (`insight_membership`), become keyed pseudonyms (storage/pseudonym.py). Counts stay
exact: messages, active members (distinct, over any period), communicators, joins,
leaves and newcomers who posted or stayed all add up as before; no id is left.
`insight_pseudonymous` records up to which day a community was done, so a report whose
period reaches those days pseudonymises the later ones alike (storage/insight.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, timedelta

from storage import pseudonym
from storage.access import Connection, Operation, SQLiteAccess
from storage.insight import pack_day, unpack_day
from storage.rows import sweep


async def pseudonymise_days(store: SQLiteAccess, before_day: str,
                            folded: set[tuple[str, str]],
                            rename: Callable[[str | None], str | None]) -> tuple[int, int]:
    """Days before `before_day` not done yet (or just folded again); (days, membership rows)."""
    marks = {c: t for c, t in await store._read(
        "SELECT community, through FROM insight_pseudonymous")}
    rows = await store._read(
        "SELECT community, day FROM insight_member_days WHERE day < ?", (before_day,))
    todo = [(c, d) for c, d in rows if d > marks.get(c, "") or (c, d) in folded]
    for community, day in todo:   # a day is one row: one transaction each
        await store._write(_rewrite_day(community, day))
        await asyncio.sleep(0)
    changed = await sweep(
        store, "insight_membership", ("id",),
        f"day < ? AND member NOT LIKE '{pseudonym.PREFIX}%'", (before_day,),
        "UPDATE insight_membership SET member = ?",
        (("member",), lambda row: (rename(row[0]),)))
    through = (date.fromisoformat(before_day) - timedelta(days=1)).isoformat()

    async def mark(conn: Connection) -> None:
        await conn.execute(
            "INSERT INTO insight_pseudonymous (community, through) "
            "SELECT DISTINCT community, ? FROM (SELECT community FROM insight_member_days "
            "WHERE day < ? UNION SELECT community FROM insight_membership WHERE day < ?) AS seen "
            "WHERE true ON CONFLICT (community) DO UPDATE SET "
            "through = CASE WHEN insight_pseudonymous.through >= excluded.through "
            "THEN insight_pseudonymous.through "
            "ELSE excluded.through END", (through, before_day, before_day))

    await store._write(mark)
    return len(todo), changed


def _rewrite_day(community: str, day: str) -> Operation[None]:
    async def op(conn: Connection) -> None:
        rows = list(await conn.execute_fetchall(
            "SELECT members, messages, last_at FROM insight_member_days "
            "WHERE community = ? AND day = ?", (community, day)))
        if not rows:
            return
        key = await pseudonym.read_key(conn)
        counts, last = unpack_day(*rows[0])
        ids = {member: pseudonym.pseudonym(key, member) for member in counts}
        await conn.execute(
            "UPDATE insight_member_days SET members = ?, messages = ?, last_at = ? "
            "WHERE community = ? AND day = ?",
            (*pack_day({ids[m]: n for m, n in counts.items()},
                       {ids[m]: t for m, t in last.items()}), community, day))

    return op
