"""Rewrite a database file so that nothing erased survives in it (after `privacy erase
--cases`): the write-ahead log is checkpointed and emptied, the file rebuilt by VACUUM
(freed pages and the slack of live ones hold old bytes otherwise), the log emptied again.

Run with no store open on the file; it takes the writer's lease itself (storage/lease.py),
so it never runs beside `gardien run`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.lease import Lease


def compact(path: Path) -> None:
    lease = Lease.take(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    finally:
        lease.release()
