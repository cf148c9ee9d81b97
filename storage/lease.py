"""One writer per database: an exclusive lock on `<database>.lock`, held while the store is open.

Two processes writing one ledger take each other's in-flight cases for crash
leftovers and keep separate points, so the second must refuse to start. The
lock is `flock` on a sidecar file (never on the database itself, which SQLite
locks its own way), taken without waiting; the kernel drops it when the holder
exits, however it exits, so a crash never leaves a stale lease. The file holds
the holder's pid, host and start time, so the refusal can name who to stop.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storage.diagnose import not_writable, read_only_directory
from storage.errors import LeaseHeldError, StoreError

_HOLDER_BYTES = 4096      # far more than a pid, a host name and a time
_HOLDER_WAIT = 0.5        # seconds: a holder writes its name just after taking the lock


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@dataclass(frozen=True)
class Holder:
    """Who holds a lease, as its lock file says."""

    pid: int
    host: str
    since: str   # ISO 8601 UTC

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, since {self.since}"


class Lease:
    """The exclusive right to write one database; `take` it, `release` it once."""

    def __init__(self, database: Path, fd: int, holder: Holder) -> None:
        self.database = database
        self.path = lock_path(database)
        self.holder = holder
        self._fd: int | None = fd

    @classmethod
    def take(cls, database: Path) -> Lease:
        """Lock `<database>.lock` or raise `LeaseHeldError` naming the process that has it."""
        path = lock_path(database)
        fd = _open_lock_file(database, path)
        try:
            if not _lock(fd):
                raise LeaseHeldError(_held_message(database, path, _read_holder(fd)))
            holder = Holder(os.getpid(), socket.gethostname(),
                            datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"))
            _write_holder(fd, holder)
        except BaseException:
            os.close(fd)
            raise
        return cls(database, fd, holder)

    def verify(self) -> None:
        """Make sure the lock file at the path is still the one locked.

        Someone deleting or replacing it would let a second writer in; then the
        lease is taken again on the new file, or refused if another process
        already holds that one.
        """
        if self._fd is None:
            raise StoreError(f"{self.database}: the write lease was released")
        try:
            at_path = os.stat(self.path)
            held = os.fstat(self._fd)
            if (at_path.st_dev, at_path.st_ino) == (held.st_dev, held.st_ino):
                return
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(f"{self.path}: cannot check the write lease: {error}") from error
        try:
            renewed = Lease.take(self.database)
        except LeaseHeldError as error:
            raise LeaseHeldError(
                f"{self.database}: its lock file was deleted or replaced, and another process "
                f"took the write lease: {error}") from error
        self.release()
        self._fd, renewed._fd = renewed._fd, None
        self.holder = renewed.holder

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)    # before unlocking: never erase the next holder's name
        os.close(fd)               # closing the last descriptor drops the lock


def _open_lock_file(database: Path, path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            if error.errno == errno.EROFS:
                raise read_only_directory(database) from error
            raise (not_writable(path) or StoreError(
                f"{database}: the lock file {path} is not writable by this user")) from error
        raise StoreError(f"{database}: cannot create the lock file {path}: "
                         f"{error.strerror}") from error


def _lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_holder(fd: int, holder: Holder) -> None:
    text = json.dumps({"pid": holder.pid, "host": holder.host, "since": holder.since})
    os.ftruncate(fd, 0)
    os.pwrite(fd, (text + "\n").encode("utf-8"), 0)


def _read_holder(fd: int) -> Holder | None:
    deadline = time.monotonic() + _HOLDER_WAIT
    while True:
        holder = _parse_holder(os.pread(fd, _HOLDER_BYTES, 0))
        if holder is not None or time.monotonic() >= deadline:
            return holder
        time.sleep(0.02)


def _parse_holder(data: bytes) -> Holder | None:
    try:
        fields = json.loads(data.decode("utf-8"))
        return Holder(int(fields["pid"]), str(fields["host"]), str(fields["since"]))
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def _held_message(database: Path, path: Path, holder: Holder | None) -> str:
    who = holder.describe() if holder is not None else "its details are not in the lock file"
    return (
        f"{database}: another Gardien is already writing this database ({who}; lock file "
        f"{path}); stop it first, or give this instance its own `storage`"
    )
