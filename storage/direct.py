"""A whole write batch in one trip to the SQLite connection's thread.

aiosqlite runs each statement in its connection's own thread, and every round trip
there (queue, wake the thread, wake the event loop) costs far more than the INSERT it
carries: ~100 µs against 3-4 µs on a busy machine. So the writer sends the batch as
one function: BEGIN IMMEDIATE, every operation, COMMIT, all on the thread.

The operations stay the `async def op(conn)` both stores share: on the thread they get
`DirectConnection`, whose methods run the statement at once, so an operation's awaits
never suspend and its coroutine finishes in a single `send`. One that does suspend
(it awaited something other than its connection) rolls the batch back with
`Suspended`, and the writer runs that batch the old way, one trip per statement.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any, TypeVar, cast

import aiosqlite

from storage.access import Operation
from storage.errors import StoreError

T = TypeVar("T")


class Suspended(Exception):
    """An operation awaited something its connection does not answer at once."""


class DirectConnection:
    """aiosqlite's connection methods (the subset of storage/access.py's `Connection`) on
    the raw sqlite3 connection, for code already on its thread."""

    __slots__ = ("_db",)

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    async def execute(self, sql: str, parameters: Any = None, /) -> sqlite3.Cursor:
        return self._db.execute(sql, () if parameters is None else parameters)

    async def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        return self._db.executemany(sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Any = None, /) -> list[Any]:
        return self._db.execute(sql, () if parameters is None else parameters).fetchall()


def finish(awaitable: Awaitable[T]) -> T:
    """Run an operation's coroutine to its end, here and now (see the module docstring)."""
    if not isinstance(awaitable, Coroutine):
        raise Suspended(f"{awaitable!r} is not a coroutine")
    coroutine = cast(Coroutine[Any, Any, T], awaitable)
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return cast(T, finished.value)
    coroutine.close()
    raise Suspended("an operation awaited something other than its connection")


def run_batch(operations: list[Operation[Any]], db: sqlite3.Connection) -> list[Any]:
    """On the connection's thread: the operations in one transaction, each one's result (or
    the StoreError it refused with); any other error rolls it all back and propagates."""
    conn = DirectConnection(db)
    db.execute("BEGIN IMMEDIATE")
    try:
        outcomes: list[Any] = []
        for operation in operations:
            try:
                outcomes.append(finish(operation(conn)))
            except StoreError as refused:
                outcomes.append(refused)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise
    return outcomes


async def in_thread(conn: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """`work(the sqlite3 connection)` on aiosqlite's thread, the only one allowed to use it,
    in one round trip. aiosqlite has no public call for this: `_execute` and `_conn` are
    what its own methods use. A release without them raises `Suspended`, so the writer
    takes the statement-by-statement path instead of failing every write."""
    send = getattr(conn, "_execute", None)
    raw = getattr(conn, "_conn", None)
    if send is None or not isinstance(raw, sqlite3.Connection):
        raise Suspended("this aiosqlite offers no call on its thread: one trip per statement")
    return await cast(Callable[..., Awaitable[T]], send)(work, raw)
