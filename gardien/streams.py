"""Reading an event stream from the command line: an I/O error mid-way is told apart from
an error writing the results, so `simulate` and `report` can say which failed."""

from __future__ import annotations

from collections.abc import Iterator


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
