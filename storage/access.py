"""The two ways a table module reaches its database: the group-committing writer, committed reads.

`SQLiteStore` and `PostgresStore` are assembled from the same table mixins
(`CommandRecords`, `NewcomerRecords`, `TimerRecords`, `NoteRecords`, `InsightRecords`...)
so each module keeps one job; this base types what they all rely on, so a mixin's
`await self._write(op)` returns what `op` returns instead of an untyped value.
An operation gets a `Connection`: aiosqlite's own, or storage/postgres/adapter.py's,
which speaks the same subset (`?` and `:name` placeholders) to PostgreSQL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")

# A result row: a plain tuple at run time (aiosqlite without row_factory, or the
# PostgreSQL adapter). Its cells are what the database stored, so the row decoders
# are the typed boundary.
Row = Sequence[Any]
# Query parameters: named (a mapping) or positional.
Params = dict[str, Any] | Iterable[Any]


class Cursor(Protocol):
    """What the mixins read from a write statement they ran: the rows it changed."""

    @property
    def rowcount(self) -> int: ...


class Connection(Protocol):
    """The subset of aiosqlite's connection the table mixins use inside a write."""

    async def execute(self, sql: str, parameters: Any = None, /) -> Cursor: ...

    async def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...

    async def execute_fetchall(self, sql: str, parameters: Any = None, /) -> Iterable[Any]: ...


# One write, run by the writer inside its batch transaction.
Operation = Callable[[Connection], Awaitable[T]]


class Numbering(Generic[T]):
    """A write that numbers a case in `community`: PostgreSQL's writer takes the
    communities' locks of a whole batch first, in one order, so two processes' batches
    never wait on each other in a cycle (storage/postgres/writer.py)."""

    def __init__(self, community: str, operation: Operation[T]) -> None:
        self.community = community
        self._operation = operation

    def __call__(self, conn: Connection) -> Awaitable[T]:
        return self._operation(conn)


class SQLiteAccess(ABC):
    """What every table mixin needs from the store it is mixed into."""

    # "sqlite" or "postgresql": the few statements that differ pick their variant by it
    dialect = "sqlite"

    @abstractmethod
    async def _write(self, operation: Operation[T], light: bool = False) -> T:
        """Run `operation` in the writer's next batch; return its result once committed.
        `light`: it writes a few rows at most (a case opened or finished), so the SQLite
        writer may run it on the loop's thread (storage/inline.py)."""

    @abstractmethod
    async def _read(self, sql: str, params: Params = ()) -> list[Row]:
        """Rows of a query on the read connection, which sees only committed data."""
