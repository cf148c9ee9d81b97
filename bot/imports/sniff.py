"""Which kind of file a path holds, from its first bytes: an event stream, a
DiscordChatExporter export or a Telegram Desktop export; and any of them as event lines.

Cheap on purpose (64 KB read, no parse): a JSON Lines event is one object per line whose
keys are the stream's; an export is one object whose first key (or an early structural
key) names it. Quotes inside JSON strings are escaped, so `"messages": [` in the head
is the document's own structure, never a member's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

import orjson

from bot.eventstream import MAX_LINE_BYTES
from bot.imports import discord, telegram
from bot.imports.common import Pseudonyms, event_line

Kind = Literal["stream", "discord", "telegram"]
HEAD_BYTES = 64 * 1024
_FIRST_KEY = re.compile(rb'\s*\{\s*"([^"\\]{1,40})"\s*:')
_TELEGRAM_FIRST = frozenset({b"about", b"personal_information", b"profile_pictures",
                             b"chats", b"left_chats", b"frequent_contacts", b"contacts"})


def kind_of(head: bytes) -> Kind:
    head = head.removeprefix(b"\xef\xbb\xbf")
    first = _FIRST_KEY.match(head)
    if first is None:
        return "stream"
    key = first.group(1)
    if key == b"guild" or (re.search(rb'"guild"\s*:\s*\{', head)
                           and re.search(rb'"channel"\s*:\s*\{', head)):
        return "discord"
    if key in _TELEGRAM_FIRST or re.search(rb'"(messages|chats)"\s*:\s*[\[{]', head):
        return "telegram"
    return "stream"


def kind_of_file(path: str) -> Kind:
    with open(path, "rb") as stream:
        return kind_of(stream.read(HEAD_BYTES))


def export_lines(kind: Kind, paths: Sequence[str], warn: Callable[[str], None],
                 pseudonyms: Pseudonyms | None = None,
                 progress: Callable[[int], None] | None = None) -> Iterator[str]:
    """The export's events as stream lines (what `gardien import` prints)."""
    events = _events(kind, paths, warn, progress)
    if pseudonyms is None:
        yield from discord.lines(events) if kind == "discord" else map(event_line, events)
    else:
        yield from map(event_line, map(pseudonyms.event, events))


def export_events(kind: Kind, paths: Sequence[str], warn: Callable[[str], None],
                  progress: Callable[[int], None] | None = None,
                  ) -> Iterator[dict[str, Any] | str]:
    """The export's events as `simulate` replays them: the dicts, not their lines read
    back (bot.eventstream.event_of gives the same event). One whose line might be longer
    than the stream allows goes as its line, to be refused as that line is: its compact
    orjson text, doubled, bounds the line (a space at most after each of its characters)."""
    for event in _events(kind, paths, warn, progress):
        try:
            small = 2 * len(orjson.dumps(event)) <= MAX_LINE_BYTES
        except orjson.JSONEncodeError:   # a lone surrogate: the line's own path
            small = False
        yield event if small else event_line(event)


def _events(kind: Kind, paths: Sequence[str], warn: Callable[[str], None],
            progress: Callable[[int], None] | None) -> Iterator[dict[str, Any]]:
    if kind == "discord":
        return discord.read_files(paths, warn, progress)
    if kind == "telegram":
        return (e for path in paths for e in telegram.read_file(path, warn, progress))
    raise ValueError(f"not an export: {kind}")
