"""Light write batches on the event loop's own thread, beside aiosqlite's.

Why: SQLite releases the GIL around every statement step, so a batch on
aiosqlite's thread hands the GIL back and forth with the event loop at each
statement, and each hand-over waits for the other thread to reach a release
point. Under load the thread then spends most of its time waiting and every
GIL-releasing call of the loop (an epoll, a regex scan) waits behind it:
measured on the live pipeline, a 1 µs regex scan took 13 µs and the pipeline
lost 40% of its speed. A light batch (a few case rows, a few µs a statement)
costs less than those hand-overs, so the writer runs it here, on a second
connection opened on the loop's thread.

What stays on aiosqlite's thread: operations not marked light (retention
sweeps, erasures, imports: rows without bound), a batch whose BEGIN finds
another process holding the write lock (this connection never waits for it:
`busy_timeout = 0`, the thread waits instead), and checkpoints, which fsync:
this connection never checkpoints by itself (`wal_autocheckpoint = 0`), the
writer asks the thread for a passive checkpoint every `CHECKPOINT_EVERY`
commits made here.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from storage.access import Operation
from storage.direct import run_batch

CHECKPOINT_EVERY = 100   # commits here between two checkpoints asked of the thread
MAX_OPERATIONS = 64      # a light batch's size at most: the loop waits for it


class Locked(Exception):
    """Another process holds the write lock: the batch goes to the thread, which waits."""


class InlineConnection:
    """A write connection on the event loop's thread, for light batches only."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self.commits = 0   # since the last checkpoint asked for

    @classmethod
    def open(cls, path: Path) -> InlineConnection:
        db = sqlite3.connect(path, isolation_level=None)
        try:
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA busy_timeout = 0")
            db.execute("PRAGMA wal_autocheckpoint = 0")
        except BaseException:
            db.close()
            raise
        return cls(db)

    def run(self, operations: list[Operation[Any]]) -> list[Any]:
        """The operations in one transaction, here and now (storage/direct.py's contract:
        `Suspended` when one awaits more than its connection). Raises `Locked` when
        another process holds the write lock, before anything ran."""
        try:
            outcomes = run_batch(operations, self._db)
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY:
                raise Locked(str(error)) from error
            raise
        self.commits += 1
        return outcomes

    def checkpoint_due(self) -> bool:
        return self.commits >= CHECKPOINT_EVERY

    def close(self) -> None:
        self._db.close()
