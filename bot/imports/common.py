"""What both importers share: the event lines they write, the error with a position, the
keyed pseudonyms, and a byte-counting reader (progress, error offsets).

Importers build plain dicts shaped as FORMATS.md's event stream and write them as JSON
lines; `gardien simulate` on an export takes the dicts themselves to the stream's parser
(bot.eventstream.event_of: the checks and the event of that dict's line, without the
text in between).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from bot.eventstream import dumps_line

KEY_VARIABLE = "GARDIEN_PSEUDONYM_KEY"


class ExportError(ValueError):
    """The file is not a readable export; the message says where (line, column, byte)."""


# An event's line: the stream's own writer, not a call wrapped around it (one a message).
event_line = dumps_line


def utc_text(moment: datetime) -> str:
    """The stream's time: UTC, seconds (milliseconds when there are some), `Z`."""
    if moment.utcoffset() is not None and not moment.utcoffset():
        if moment.microsecond:   # already UTC (DiscordChatExporter's usual): no conversion
            return moment.isoformat(timespec="milliseconds")[:-6] + "Z"
        return moment.isoformat(timespec="seconds")[:-6] + "Z"
    moment = moment.astimezone(UTC)
    spec = "milliseconds" if moment.microsecond else "seconds"
    return moment.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


_DAYS: dict[int, str] = {}   # day number -> "YYYY-MM-DDT"
_TWO_DIGITS = tuple(f"{n:02d}" for n in range(60))   # hours, minutes, seconds as written


def unix_text(seconds: int) -> str:
    """`utc_text` of a whole POSIX second, by arithmetic: the day's date is made once, the
    clock's digits looked up (a format spec apiece cost twice as much)."""
    day, rest = divmod(seconds, 86400)   # rest in [0, 86400), even before 1970
    date = _DAYS.get(day)
    if date is None:
        if len(_DAYS) >= 100_000:
            _DAYS.clear()
        date = _DAYS[day] = datetime.fromtimestamp(day * 86400, UTC).isoformat()[:11]
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    return f"{date}{_TWO_DIGITS[hours]}:{_TWO_DIGITS[minutes]}:{_TWO_DIGITS[rest]}Z"


class Pseudonyms:
    """Stable keyed pseudonyms: the same key gives the same pseudonym in every run.

    HMAC-SHA256 of the id: the id becomes the decimal of the first 8 bytes (an id-looking
    number), the name `member-<6 hex>` (derived from the id, so one member keeps one name
    whatever they were called). Message texts are left as they are.
    """

    def __init__(self, key: bytes) -> None:
        # imported here: an import without --pseudonymise need not load OpenSSL's hashes
        import hashlib
        import hmac

        self._key = key
        self._hmac, self._sha256 = hmac.new, hashlib.sha256
        self._ids: dict[str, str] = {}
        self._names: dict[str, str] = {}   # one HMAC a member, not one an event

    @classmethod
    def from_environment(cls, warn: Callable[[str], None]) -> Pseudonyms:
        key = os.environ.get(KEY_VARIABLE, "")
        if key:
            return cls(key.encode("utf-8"))
        warn(f"{KEY_VARIABLE} is not set: a random key is used, so these pseudonyms match "
             "no other run")
        import secrets

        return cls(secrets.token_bytes(32))

    def _digest(self, ident: str) -> bytes:
        return self._hmac(self._key, ident.encode("utf-8"), self._sha256).digest()

    def ident(self, ident: str) -> str:
        known = self._ids.get(ident)
        if known is None:
            if len(self._ids) > 1_000_000:   # bounded: a huge export must not grow it forever
                self._ids.clear()
            known = self._ids[ident] = str(int.from_bytes(self._digest(ident)[:8], "big"))
        return known

    def name(self, ident: str) -> str:
        known = self._names.get(ident)
        if known is None:
            if len(self._names) > 1_000_000:
                self._names.clear()
            known = self._names[ident] = f"member-{self._digest(ident).hex()[:6]}"
        return known

    def user(self, user: dict[str, Any]) -> dict[str, Any]:
        return {**user, "id": self.ident(user["id"]), "name": self.name(user["id"])}

    def event(self, event: dict[str, Any]) -> dict[str, Any]:
        event["user"] = self.user(event["user"])
        if event.get("mentions"):
            event["mentions"] = [self.ident(m) for m in event["mentions"]]
        return event


class CountingReader:
    """A binary file that remembers how many bytes were read from it and the last piece:
    the progress bar's position, and where a JSON error was found."""

    def __init__(self, raw: IO[bytes], path: str) -> None:
        self._raw = raw
        self._path = path
        self.consumed = 0
        self.last = b""

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._raw.read(size)
        except OSError as error:   # a disk error mid-way: told with the file, not a trace
            raise ExportError(f"{self._path}: cannot read: {error.strerror or error}") from None
        self.consumed += len(data)
        if data:
            self.last = data
        return data


_CONTEXT = re.compile(r"error: (?P<what>[^\n]*)\n(?P<snippet>[^\n]*)\n(?P<arrow>[^\n]*)\^")


def json_error(path: str, error: Exception, reader: CountingReader) -> ExportError:
    """The parser's error with a position a person can find in the file.

    yajl says what is wrong and shows the text before the fault; that text is looked up
    in the last piece read, which gives the byte offset, then the line and column.
    """
    raw = error.args[0] if error.args else None
    if isinstance(raw, bytes):   # yajl's message quotes the file's bytes as they are
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:   # bytes that are no text outside any string (UTF-16)
            return not_utf8(path)
    text = raw if isinstance(raw, str) else str(error)
    if "invalid bytes in UTF8" in text:   # placed exactly, where yajl's context is vague
        return not_utf8(path)
    found = _CONTEXT.search(text)
    what = found.group("what").strip() if found else text.strip().splitlines()[0]
    offset = reader.consumed   # premature end: the fault is at the end of what was read
    if found and "premature EOF" not in what:
        column = len(found.group("arrow"))
        snippet = found.group("snippet")
        lead = len(snippet) - len(snippet.lstrip(" "))
        before = snippet[lead:column].encode("utf-8", "replace")
        piece = re.sub(rb"[\r\n\t]", b" ", reader.last)
        at = piece.rfind(before) if before else -1
        if at >= 0:
            # the arrow stands just past the character yajl refused
            offset = max(0, reader.consumed - len(reader.last) + at + len(before) - 1)
    if "premature EOF" in what:
        what = "the file ends in the middle of the JSON (cut short?)"
    return ExportError(f"{path}: {position(path, offset)}: {what}")


def position(path: str, offset: int) -> str:
    """`line L column C (byte offset B)` of a byte offset, counted by reading up to it."""
    line, start, done = 1, 0, 0
    try:
        with open(path, "rb") as stream:
            while done < offset:
                chunk = stream.read(min(1 << 20, offset - done))
                if not chunk:
                    break
                newlines = chunk.count(b"\n")
                if newlines:
                    line += newlines
                    start = done + chunk.rindex(b"\n") + 1
                done += len(chunk)
    except OSError:
        return f"byte offset {offset}"
    return f"line {line} column {offset - start + 1} (byte offset {offset})"


def not_utf8(path: str) -> ExportError:
    """The error of a file with bytes that are not UTF-8, placed at the first of them."""
    done, carry = 0, b""
    try:
        with open(path, "rb") as stream:
            while True:
                chunk = stream.read(1 << 20)
                data = carry + chunk
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as error:
                    if chunk and error.reason == "unexpected end of data":
                        done, carry = done + error.start, data[error.start:]   # cut: read on
                        continue
                    byte = data[error.start]
                    return ExportError(f"{path}: {position(path, done + error.start)}: "
                                       f"not UTF-8 (byte 0x{byte:02x})")
                if not chunk:
                    break
                done, carry = done + len(data), b""
    except OSError as error:
        return ExportError(f"{path}: cannot read: {error.strerror or error}")
    lone = _lone_surrogate(path)   # UTF-8 itself: yajl made bytes of a "\\udc00" escape
    where = f"{position(path, lone)}: " if lone is not None else ""
    return ExportError(f"{path}: {where}a string holds half of a surrogate pair (\\ud800 to "
                       "\\udfff alone): not text")


_SURROGATE = re.compile(rb"(\\+)u[dD][89a-fA-F][0-9a-fA-F]{2}(\\u[dD][c-fC-F][0-9a-fA-F]{2})?")


def _lone_surrogate(path: str) -> int | None:
    """The byte offset of the first escape of half a surrogate pair, alone."""
    done, carry = 0, b""
    with open(path, "rb") as stream:
        while True:
            chunk = stream.read(1 << 20)
            data = carry + chunk
            for found in _SURROGATE.finditer(data):
                escaped = len(found.group(1)) % 2 == 1   # "\\ud800" is no escape
                high = found.group(0)[len(found.group(1)) + 2] in b"89abAB"
                cut = chunk and found.end() > len(data) - 12   # its pair may follow
                if escaped and not (high and found.group(2)) and not cut:
                    return done + found.start() + len(found.group(1)) - 1
            if not chunk:
                return None
            keep = min(len(data), 64)   # an escape cut at the chunk's end is read again
            done, carry = done + len(data) - keep, data[-keep:]


class Skip(ValueError):
    """One message that cannot be converted: reported, the rest goes on."""


def numbered(items: Iterator[Any], path: str, reader: CountingReader,
             json_errors: tuple[type[Exception], ...]) -> Iterator[tuple[int, Any]]:
    """The export's messages numbered from 1; a parser error (`json_errors`, the streaming
    parser's) becomes an ExportError with the position a person can find."""
    number = 0
    while True:
        try:
            body = next(items)
        except StopIteration:
            return
        except json_errors as error:
            raise json_error(path, error, reader) from None
        except UnicodeDecodeError:   # yajl's bytes in a string are no UTF-8
            raise not_utf8(path) from None
        number += 1
        yield number, body


def skipped(path: str, number: int, body: Any, problem: Exception) -> str:
    """What is said of a message that could not be converted."""
    ident = body.get("id") if isinstance(body, dict) else None
    return (f"{path}: message {number}" + (f" (id {ident})" if ident else "")
            + f": skipped: {problem}")


Progress = Callable[[int], None]   # told how many more bytes of the file were read


class ProgressTeller:
    """Tells `progress` how many more bytes were read since it was last told (a reader's
    running count in, increments out), so a progress bar advances by what is new."""

    __slots__ = ("_progress", "_told")

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._told = 0

    def __call__(self, consumed: int) -> None:
        if self._progress is not None and consumed > self._told:
            self._progress(consumed - self._told)
            self._told = consumed
