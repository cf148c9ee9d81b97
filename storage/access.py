"""The two ways a table module reaches SQLite: the group-committing writer, committed reads.

`SQLiteStore` is assembled from table mixins (`CommandRecords`, `NewcomerRecords`,
`TimerRecords`, `NoteRecords`, `InsightRecords`)
so each module keeps one job; this base types what they all rely on, so a mixin's
`await self._write(op)` returns what `op` returns instead of an untyped value.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")

# A result row: typed sqlite3.Row by aiosqlite, a plain tuple at run time (no row_factory).
# Its cells are whatever SQLite stored, so the row decoders are the typed boundary.
Row = Sequence[Any]
# Query parameters: named (a mapping) or positional.
Params = dict[str, Any] | Iterable[Any]
# One write, run by the writer inside its batch transaction.
Operation = Callable[[aiosqlite.Connection], Awaitable[T]]


class SQLiteAccess(ABC):
    """What every table mixin needs from the store it is mixed into."""

    @abstractmethod
    async def _write(self, operation: Operation[T]) -> T:
        """Run `operation` in the writer's next batch; return its result once committed."""

    @abstractmethod
    async def _read(self, sql: str, params: Params = ()) -> list[Row]:
        """Rows of a query on the read connection, which sees only committed data."""
