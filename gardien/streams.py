"""Reading an event stream from the command line: an I/O error mid-way is told apart from
an error writing the results, so `simulate` and `report` can say which failed."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


class Unreadable(Exception):
    """The event stream failed mid-way (an I/O error), as opposed to writing the results."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def reading(lines: Iterator[bytes]) -> Iterator[bytes]:
    """The lines, with an OSError while reading them raised as `Unreadable`."""
    try:
        yield from lines
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from error


@contextmanager
def bulk() -> Iterator[None]:
    """A long read (import, simulate) makes millions of short-lived objects and no cycles:
    the collector then scans its young objects every 50,000 allocations, not every 700
    (a sixth of an import's time), and never the startup's modules (frozen)."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
