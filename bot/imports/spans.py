"""The fast path of both importers: a top-level `messages` array cut into byte spans of
many messages each, every span decoded at once by orjson (about five times yajl's speed).

Cutting needs no parse: a message ends at a `}` followed by `,` and the next `{` (or by
the array's `]`). Such a `}` may also close an object inside a message, or sit in a text;
a span is right when orjson reads `[` span `]` as a list, and only then (a valid JSON
value starting at a message's `{` ends where that message ends). Spans whose brackets
balance are tried first, so a wrong cut is rare and costs one parse of the span.

Anything else (the messages under `chats.list` of an account export, a number orjson reads
otherwise than yajl, a lone surrogate, a file that is no JSON) raises `Fallback`: the
importer then reads the file again with ijson, which stays the one reference, so the
events and the error's position are the same on both paths.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import orjson

from bot.eventstream import long_integer
from bot.imports.common import CountingReader

CHUNK = 256 * 1024
# A message (or a header value) larger than this is read by ijson instead.
MAX_SPAN = 8 * 1024 * 1024
TRIES = 3
# Keys of a whole Telegram account's export (its chats under `chats.list`): left to ijson.
NESTED = frozenset({"chats", "left_chats", "about", "personal_information",
                    "profile_pictures", "contacts", "frequent_contacts"})

_WS = re.compile(rb"\s*")
_AFTER = re.compile(rb"\s*(?:(,)\s*\{|\])")
_STRING = rb'"(?>[^"\\]++|\\.)*+"'
_SCALAR = re.compile(_STRING + rb"|[^\s,:{}\[\]\"]++")


def _nested(depth: int) -> bytes:
    inner = rb"(?>[^\"{}\[\]]++|" + _STRING
    if depth:
        inner += rb"|[\{\[]" + _nested(depth - 1) + rb"[\}\]]"
    return inner + rb")*+"


# A header value (DiscordChatExporter's `guild`, `channel`...): small, shallow objects.
_CONTAINER = re.compile(rb"[\{\[]" + _nested(12) + rb"[\}\]]")


class Fallback(Exception):
    """The fast path cannot read this file (on): ijson reads it instead."""


class _Buffer:
    """The file's bytes from `pos` on, read CHUNK at a time, consumed bytes dropped."""

    def __init__(self, reader: CountingReader) -> None:
        self.reader = reader
        self.data = b""
        self.pos = 0
        self.eof = False

    def more(self, want: int = CHUNK) -> bool:
        """Read at least `want` more bytes (fewer at the end); False at the end."""
        if self.eof:
            return False
        if self.pos:
            self.data = self.data[self.pos:]
            self.pos = 0
        pieces = [self.data]
        got = 0
        while got < want:
            piece = self.reader.read(max(CHUNK, want - got))
            if not piece:
                self.eof = True
                break
            pieces.append(piece)
            got += len(piece)
        self.data = b"".join(pieces)
        return got > 0

    def skip_ws(self) -> int:
        """The next byte past whitespace (-1 at the end of the file)."""
        while True:
            self.pos = _WS.match(self.data, self.pos).end()   # type: ignore[union-attr]
            if self.pos < len(self.data):
                return self.data[self.pos]
            if not self.more():
                return -1

    def expect(self, byte: bytes) -> None:
        if self.skip_ws() != byte[0]:
            raise Fallback
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value (a header's, small), decoded."""
        first = self.skip_ws()
        pattern = _CONTAINER if first in (0x7B, 0x5B) else _SCALAR
        while True:
            found = pattern.match(self.data, self.pos)
            if found is not None and (found.end() < len(self.data) or self.eof):
                break
            if len(self.data) - self.pos > MAX_SPAN or not self.more(len(self.data)):
                raise Fallback
        span = self.data[self.pos:found.end()]
        self.pos = found.end()
        return _decode(span)


def _decode(span: bytes) -> Any:
    """yajl refuses an integer past 64 bits ("integer overflow"), orjson reads one up to
    2**64 as an integer and past it as a float: a span that may hold one is ijson's, whose
    answer (the number, or the error at its place) stays the file's."""
    if long_integer(span):
        raise Fallback
    try:
        return orjson.loads(span)
    except orjson.JSONDecodeError:
        raise Fallback from None


def messages(reader: CountingReader, header: Callable[[str, Any], None]) -> Iterator[Any]:
    """The items of the top-level `messages` array, in order; every other top-level
    key and its value passed to `header` as met (those before `messages` first)."""
    buffer = _Buffer(reader)
    buffer.expect(b"{")
    seen = False
    if buffer.skip_ws() == 0x7D:
        buffer.pos += 1
    else:
        while True:
            key = buffer.value()
            if not isinstance(key, str) or key in NESTED or (key == "messages" and seen):
                raise Fallback
            buffer.expect(b":")
            if key == "messages":
                seen = True
                buffer.expect(b"[")
                yield from _items(buffer)
            else:
                header(key, buffer.value())
            following = buffer.skip_ws()
            buffer.pos += 1
            if following == 0x7D:
                break
            if following != 0x2C:
                raise Fallback
    if buffer.skip_ws() != -1:
        raise Fallback   # something after the document: ijson says what


def _items(buffer: _Buffer) -> Iterator[Any]:
    """The array's items, buffer.pos just past its `[`; leaves buffer.pos past its `]`."""
    if buffer.skip_ws() == 0x5D:
        buffer.pos += 1
        return
    while True:
        if buffer.data[buffer.pos] != 0x7B:
            raise Fallback   # messages are objects; anything else is ijson's to tell
        if len(buffer.data) - buffer.pos < CHUNK:
            buffer.more()
        cut = _cut(buffer)
        while cut is None:
            if len(buffer.data) - buffer.pos > MAX_SPAN or not buffer.more(len(buffer.data)):
                raise Fallback
            cut = _cut(buffer)
        batch, after, last = cut
        yield from batch
        buffer.pos = after
        if last:
            return


def _cut(buffer: _Buffer) -> tuple[list[Any], int, bool] | None:
    """(messages, where the next starts, whether the array ended) of the longest span
    that reads as messages; None when none does in what is buffered."""
    data, start = buffer.data, buffer.pos
    candidates: list[tuple[int, int, int, bool]] = []   # (depth, `}` at, next at, last)
    end = len(data)
    depth = 0
    at = data.rfind(b"}", start, end)
    while at >= 0 and len(candidates) < 16:
        follows = _AFTER.match(data, at + 1)
        if follows is not None and (follows.end() < len(data) or buffer.eof):
            # depth of the span up to `at`, counted from the end backwards: cheap
            depth += (data.count(b"}", at + 1, end) + data.count(b"]", at + 1, end)
                      - data.count(b"{", at + 1, end) - data.count(b"[", at + 1, end))
            end = at + 1
            last = follows.group(1) is None
            candidates.append((depth, at, follows.end() - 1 if not last else follows.end(),
                               last))
        at = data.rfind(b"}", start, at)
    if not candidates:
        return None
    # the depth counted back from the buffer's end is off by the same amount for all:
    # message boundaries are those at the least depth
    least = min(c[0] for c in candidates)
    ordered = [c for c in candidates if c[0] == least] + [c for c in candidates
                                                          if c[0] != least]
    for _, at, after, last in ordered[:TRIES]:
        span = b"[" + data[start:at + 1] + b"]"
        if long_integer(span):
            raise Fallback
        try:
            return orjson.loads(span), after, last
        except orjson.JSONDecodeError as error:
            if error.pos < _characters(span) - 2:
                raise Fallback from None   # not a wrong cut: a fault inside the span
    return None


def _characters(span: bytes) -> int:
    """The span's length as orjson counts its error positions (characters)."""
    return len(span) if span.isascii() else len(span.decode("utf-8", "replace"))
