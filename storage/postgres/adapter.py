"""The table mixins' SQL on asyncpg: placeholders and the one reserved column name.

The mixins write SQLite's `?` and `:name` placeholders; PostgreSQL wants `$1, $2...`.
`user` is a column in many tables and a reserved word in PostgreSQL, so it is quoted.
Nothing else is rewritten: a statement whose SQL differs between the two picks its
variant by the store's `dialect` (storage/access.py), so this stays a tokenizer over
string literals, quoted names and those two things, not a SQL parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import asyncpg

# a string literal, a quoted name, a cast, a placeholder, or the bare word `user`
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|::|\?|:([A-Za-z_]\w*)|\b(user)\b""",
                    re.IGNORECASE)


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, tuple[str, ...] | int]:
    """PostgreSQL's text of `sql`, and how to order its parameters.

    The second item is the names of `:name` placeholders in `$n` order (a name used
    twice is one parameter), or the count of `?` placeholders. Mixing both is refused,
    as SQLite's driver does for a mapping against `?`.
    """
    names: list[str] = []
    positional = 0
    out: list[str] = []
    last = 0
    for match in _TOKEN.finditer(sql):
        text = match.group(0)
        out.append(sql[last:match.start()])
        last = match.end()
        if text == "?":
            positional += 1
            out.append(f"${positional}")
        elif match.group(1) is not None:
            name = match.group(1)
            if name not in names:
                names.append(name)
            out.append(f"${names.index(name) + 1}")
        elif match.group(2) is not None:
            out.append('"user"')
        else:
            out.append(text)
    out.append(sql[last:])
    if names and positional:
        raise ValueError("a statement mixes `?` and `:name` placeholders")
    return "".join(out), (tuple(names) if names else positional)


def bind(sql: str, parameters: Any) -> tuple[str, list[Any]]:
    """The translated SQL and its arguments in `$n` order."""
    text, order = translate(sql)
    if parameters is None:
        parameters = ()
    if isinstance(order, tuple):
        if not isinstance(parameters, Mapping):
            raise ValueError("named placeholders need a mapping of parameters")
        return text, [parameters[name] for name in order]
    if isinstance(parameters, Mapping):
        if order:
            raise ValueError("`?` placeholders need a sequence of parameters")
        return text, []
    args = list(parameters)
    if len(args) != order:
        raise ValueError(f"the statement has {order} placeholders, {len(args)} parameters given")
    return text, args


def rows_changed(status: str) -> int:
    """Rows an INSERT / UPDATE / DELETE touched, from asyncpg's status ("UPDATE 3"); -1 else."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class Cursor:
    """What a write statement left: how many rows it changed (-1: not known)."""

    def __init__(self, rowcount: int) -> None:
        self.rowcount = rowcount


class PgConnection:
    """aiosqlite's `execute`, `executemany` and `execute_fetchall` on one asyncpg connection.

    Statements go through asyncpg's per-connection cache of prepared statements.
    """

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.raw = conn
        self.numbering: frozenset[str] = frozenset()   # communities locked for this batch

    async def execute(self, sql: str, parameters: Any = None, /) -> Cursor:
        text, args = bind(sql, parameters)
        return Cursor(rows_changed(await self.raw.execute(text, *args)))

    async def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor:
        """All sets of parameters pipelined in one round trip; PostgreSQL then tells no
        count, so `rowcount` is -1 (no mixin sums it on this backend)."""
        batches = list(parameters)
        if batches:
            text, _ = bind(sql, batches[0])
            await self.raw.executemany(text, [bind(sql, batch)[1] for batch in batches])
        return Cursor(-1 if batches else 0)

    async def execute_fetchall(self, sql: str, parameters: Any = None, /) -> list[tuple[Any, ...]]:
        text, args = bind(sql, parameters)
        return [tuple(row) for row in await self.raw.fetch(text, *args)]
