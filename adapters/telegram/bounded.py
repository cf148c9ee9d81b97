"""Small pieces of the adapter's memory and set-up, kept apart to keep adapter.py short."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

REMEMBERED = 50_000       # message dates and joins kept, oldest forgotten first


def file_base_url(base_url: str) -> str:
    """`https://host/bot` -> `https://host/file/bot`, as the Bot API lays files out."""
    head, found, tail = base_url.rpartition("/bot")
    return f"{head}/file/bot{tail}" if found else base_url.rstrip("/") + "/file/bot"


class Bounded(OrderedDict[tuple[int, int], datetime]):
    """(chat, id) -> when, forgetting the oldest past REMEMBERED entries."""

    def remember(self, key: tuple[int, int], value: datetime) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > REMEMBERED:
            self.popitem(last=False)
