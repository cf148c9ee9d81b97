"""Keyed pseudonyms: a member's id replaced by HMAC-SHA256 of it under the database's key.

The key (migration 0010, `privacy_key`) is random per database, so the same member gets
the same pseudonym in every table of one database (counts per member still add up) and a
pseudonym means nothing outside it. Pseudonyms start with `anon-`, which no platform id
does: pseudonymising twice changes nothing, and a re-run of the retention skips them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable

from storage.access import Connection

PREFIX = "anon-"


def pseudonym(key: bytes, value: str) -> str:
    if value.startswith(PREFIX):
        return value
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:24]


def pseudonymiser(key: bytes) -> Callable[[str | None], str | None]:
    """`pseudonym` for a cell: NULL and '' stay as they are. Applied in Python between a
    batch's read and its write (storage/rows.py), on SQLite and PostgreSQL alike."""

    def apply(value: str | None) -> str | None:
        if not value:
            return value
        return pseudonym(key, str(value))

    return apply


async def read_key(conn: Connection) -> bytes:
    rows = list(await conn.execute_fetchall("SELECT key FROM privacy_key WHERE id = 1"))
    return bytes(rows[0][0])


def pseudonymise_period(key: bytes,
                        member_days: dict[str, tuple[dict[str, int], dict[str, float]]],
                        membership: list[tuple[str, str, str, float, str]]
                        ) -> list[tuple[str, str, str, float, str]]:
    """A report period that reaches pseudonymised days: every member id of it as its
    pseudonym (in place for `member_days`; the new membership rows returned), so a member
    counts once whether their rows were pseudonymised yet or not."""
    for day, (counts, last) in list(member_days.items()):
        member_days[day] = ({pseudonym(key, m): n for m, n in counts.items()},
                            {pseudonym(key, m): t for m, t in last.items()})
    return [(c, d, pseudonym(key, m), at, change) for c, d, m, at, change in membership]


async def pseudonym_key(conn: Connection) -> bytes:
    """The database's key, for an erasure (the same key as the retention's: a member
    erased and one pruned get the same pseudonym)."""
    return await read_key(conn)
