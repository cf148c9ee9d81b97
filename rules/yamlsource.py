"""Safe YAML reading that remembers where every value came from.

Admins' errors must point at a line and column, so the document is composed
into nodes and turned into plain Python values by hand, recording the mark of
each value and each mapping key by its path. Doing the construction ourselves
also lets us refuse alias bombs (expansion is counted, not trusted), huge files
(size checked before parsing), duplicate keys, numbers too long for Python to
read, and YAML 1.1 surprises: `off`, `no` and `on` stay strings, as an admin
writing `mode: off` means.

Files are read only when they are regular files, and never past the limit: a
FIFO, a device such as /dev/zero, a socket or a directory is refused unopened.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

import yaml

from rules.problems import CompileBudget, Problem

MAX_FILE_BYTES = 1_048_576
MAX_NODES = 200_000
MAX_DEPTH = 64
# Python refuses to read longer decimal integers (sys.int_info.default_max_str_digits); no
# count, id or duration needs a fraction of that.
MAX_INT_DIGITS = 4300
_MAX_INT_BITS = 14_284   # 10**4300 needs this many bits: the same bound for 0x and 0o numbers
_BUDGET_EVERY = 256      # nodes composed between two looks at the clock

Path = tuple[str | int, ...]

_INT_RE = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf")}


@dataclass
class Source:
    """A parsed document with the position of every value and key."""

    file: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of `path`, or of its nearest known parent."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))


class _Budget(Exception):
    """The document is refused as a whole; `mark` (line, column) is where, when known."""

    def __init__(self, reason: str, mark: tuple[int, int] | None = None) -> None:
        super().__init__(reason)
        self.mark = mark


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _CountingLoader(yaml.SafeLoader):
    """Composes nodes like SafeLoader, but stops at MAX_NODES and when time is up, so that
    a document is refused before all of it has been turned into nodes."""

    def __init__(self, text: str, file: str, budget: CompileBudget | None) -> None:
        super().__init__(text)
        self.file = file
        self.budget = budget
        self.composed = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.composed += 1
        if self.composed > MAX_NODES:
            raise _Budget(f"the document has more than {MAX_NODES} values", self._next())
        if self.budget is not None and self.composed % _BUDGET_EVERY == 0:
            self.budget.check(self.file, *self._next())
        return super().compose_node(parent, index)

    def _next(self) -> tuple[int, int]:
        """Line and column (1-based) of the node about to be composed."""
        mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        return mark.line + 1, mark.column + 1


class _Builder:
    """Turns composed nodes into Python values, recording marks and counting work."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.nodes = 0
        self.problems: list[Problem] = []
        self.marks: dict[Path, tuple[int, int]] = {}
        self.key_marks: dict[Path, tuple[int, int]] = {}

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Budget(f"the document expands to more than {MAX_NODES} values (alias bomb?)")
        if depth > MAX_DEPTH:
            raise _Budget(f"the document nests deeper than {MAX_DEPTH} levels")
        self.marks[path] = _mark(node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        raise _Budget(f"unsupported YAML node {type(node).__name__}")

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        if node.tag == "tag:yaml.org,2002:str" and node.style is not None:
            return text
        if node.style in ("'", '"', "|", ">"):
            return text
        lowered = text.lower()
        if lowered in ("", "~", "null"):
            return None
        if lowered in ("true", "false"):
            return lowered == "true"
        if _INT_RE.fullmatch(text):
            return _integer(text, node)
        if lowered in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[lowered]
        if _FLOAT_RE.fullmatch(text) and any(ch.isdigit() for ch in text):
            return float(text)
        return text

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.build(value_node, path, depth + 1)
                for item in merged if isinstance(merged, list) else [merged]:
                    if isinstance(item, dict):
                        for merged_key, merged_value in item.items():
                            result.setdefault(merged_key, merged_value)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.file, line, column, "a key must be plain text"))
                continue
            key = key_node.value
            if key in result:
                self.problems.append(
                    Problem(
                        self.file, line, column, f"duplicate key {key!r}: it is already set above"
                    )
                )
                continue
            self.key_marks[(*path, key)] = (line, column)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result


def _integer(text: str, node: yaml.ScalarNode) -> int:
    """The integer `text` spells, refusing numbers longer than MAX_INT_DIGITS digits (which
    Python would refuse with a ValueError) where they are written."""
    if text.startswith(("0x", "0o")):
        value = int(text, 0)   # power-of-two bases have no digit limit: bound the value
        if value.bit_length() <= _MAX_INT_BITS:
            return value
        raise _Budget(f"this number is longer than {MAX_INT_DIGITS} decimal digits, "
                      "the longest Gardien reads", _mark(node))
    digits = len(text.lstrip("+-"))
    if digits > MAX_INT_DIGITS:
        raise _Budget(f"this number has {digits} digits: the limit is {MAX_INT_DIGITS}",
                      _mark(node))
    return int(text, 10)


def load_yaml(text: str | bytes, file: str,
              budget: CompileBudget | None = None) -> tuple[Source | None, list[Problem]]:
    """Parse one YAML document; return the source, or None with the reasons it was refused.

    With a `budget`, raise RuleFileError when parsing outlasts it."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(file, 1, 1, f"the file is {size} bytes: the limit is {MAX_FILE_BYTES}")
        ]
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return None, [Problem(file, 1, 1, f"the file is not UTF-8 text ({error.reason})")]
    try:   # the reader refuses control characters as it is built
        loader = _CountingLoader(text, file, budget)
    except yaml.reader.ReaderError as error:
        return None, [Problem(file, 1, error.position + 1 if error.position >= 0 else 1,
                              f"YAML error: {error.reason}: character "
                              f"#x{error.character:04x} is not allowed in YAML"
                              if isinstance(error.character, int) else f"YAML error: {error}")]
    try:
        node = loader.get_single_node()
    except _Budget as error:
        line, column = error.mark or (1, 1)
        return None, [Problem(file, line, column, f"refused: {error}")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(filter(None, [error.context, error.problem]))
        return None, [Problem(file, line, column, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as error:
        return None, [Problem(file, 1, 1, f"YAML error: {error}")]
    except RecursionError:
        return None, [Problem(file, 1, 1, "the document nests too deeply")]
    finally:
        loader.dispose()
    if node is None:
        return Source(file, None), []
    builder = _Builder(file)
    try:
        data = builder.build(node, (), 0)
    except _Budget as error:
        line, column = error.mark or _mark(node)
        return None, [Problem(file, line, column, f"refused: {error}")]
    source = Source(file, data, builder.marks, builder.key_marks)
    return source, builder.problems


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def not_regular(path: FilePath, what: str) -> str | None:
    """Why `path` (followed through symlinks) cannot be a `what`, or None when it is a regular
    file or does not exist. Only regular files have a size to trust and reads that end."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return _not_regular(mode, what)


def _not_regular(mode: int, what: str) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    if kind == "a directory":
        return f"this is a directory, not a {what}"
    return f"this is {kind}, not a {what}: only regular files are read"


def read_limited(path: FilePath, what: str) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, or the reason it cannot be read: refusing unread anything but a regular
    file, and never reading past MAX_FILE_BYTES, whatever the size the file claims.

    `what` names the file for the admin ("rule file", "config file").
    """
    name = str(path)
    try:
        reason = _not_regular(os.stat(path).st_mode, what)
        if reason is not None:
            return None, Problem(name, 1, 1, reason)
        # Non-blocking: should the path have become a FIFO since, opening it does not wait.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_NOCTTY", 0))
        try:
            info = os.fstat(fd)
            reason = _not_regular(info.st_mode, what)
            if reason is not None:
                return None, Problem(name, 1, 1, reason)
            if info.st_size > MAX_FILE_BYTES:
                return None, _too_big(name, info.st_size)
            raw = _read_at_most(fd, MAX_FILE_BYTES + 1)
        finally:
            os.close(fd)
        if len(raw) > MAX_FILE_BYTES:   # it grew while being read
            return None, _too_big(name, max(len(raw), os.stat(path).st_size))
        return raw, None
    except FileNotFoundError:
        return None, Problem(name, 1, 1, f"no such {what}")
    except IsADirectoryError:
        return None, Problem(name, 1, 1, f"this is a directory, not a {what}")
    except OSError as error:
        return None, Problem(name, 1, 1, f"cannot read the {what}: {error.strerror or error}")


def _too_big(name: str, size: int) -> Problem:
    return Problem(name, 1, 1, f"the file is {size} bytes: the limit is {MAX_FILE_BYTES}")


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
