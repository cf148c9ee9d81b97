"""The events `simulate` and `report --events` replay: a JSON Lines stream, or an export
(DiscordChatExporter, Telegram Desktop) recognised by its first bytes and converted on
the fly. Standard input is always read as JSON Lines (it cannot be sniffed and re-read).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bot.eventstream import read_lines
from bot.imports.sniff import export_events, kind_of_file
from gardien.progress import progress_bar
from gardien.streams import Unreadable, reading


def _warn(message: str) -> None:
    print(message, file=sys.stderr)


def _counted(lines: Iterator[bytes], progress: Callable[[int], None] | None,
             ) -> Iterator[bytes]:
    if progress is None:
        yield from lines
        return
    size = 0
    for number, line in enumerate(lines, start=1):
        size += len(line)
        if number % 4096 == 0:
            progress(size)
            size = 0
        yield line
    progress(size)


@contextmanager
def events_of(path: str) -> Iterator[Iterator[bytes] | Iterator[dict[str, Any] | str]]:
    """The lines to replay. Iterating may raise `Unreadable` (the file cannot be opened,
    or an I/O error) or `ExportError` (an export that is not JSON)."""
    if path == "-":
        yield reading(read_lines(sys.stdin.buffer))
        return
    try:
        kind = kind_of_file(path)
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from error
    with stream, progress_bar([path], "replay") as progress:
        if kind != "stream":
            yield export_events(kind, [path], _warn, progress)
        else:
            yield reading(_counted(read_lines(stream), progress))
