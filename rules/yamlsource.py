"""Safe YAML reading that remembers where every value came from.

Admins' errors must point at a line and column, so the document is composed
into nodes and turned into plain Python values by hand, recording the mark of
each value and each mapping key by its path. Doing the construction ourselves
also lets us refuse alias bombs (expansion is counted, not trusted), huge files
(size checked before parsing), duplicate keys, and YAML 1.1 surprises: `off`,
`no` and `on` stay strings, as an admin writing `mode: off` means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import Any

import yaml

from rules.problems import Problem

MAX_FILE_BYTES = 1_048_576
MAX_NODES = 200_000
MAX_DEPTH = 64

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
    pass


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
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
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
            return int(text, 0) if text.startswith(("0x", "0o")) else int(text, 10)
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


def load_yaml(text: str | bytes, file: str) -> tuple[Source | None, list[Problem]]:
    """Parse one YAML document; return the source, or None with the reasons it was refused."""
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
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(filter(None, [error.context, error.problem]))
        return None, [Problem(file, line, column, f"YAML syntax error: {reason}")]
    except yaml.YAMLError as error:
        return None, [Problem(file, 1, 1, f"YAML error: {error}")]
    except RecursionError:
        return None, [Problem(file, 1, 1, "the document nests too deeply")]
    if node is None:
        return Source(file, None), []
    builder = _Builder(file)
    try:
        data = builder.build(node, (), 0)
    except _Budget as error:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        return None, [Problem(file, line, column, f"refused: {error}")]
    source = Source(file, data, builder.marks, builder.key_marks)
    return source, builder.problems


def read_limited(path: FilePath, what: str) -> tuple[bytes | None, Problem | None]:
    """A file's bytes, or the reason it cannot be read, refusing oversized files unread.

    `what` names the file for the admin ("rule file", "config file").
    """
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(name, 1, 1, f"the file is {size} bytes: the limit is "
                                 f"{MAX_FILE_BYTES}")
        return path.read_bytes(), None
    except FileNotFoundError:
        return None, Problem(name, 1, 1, f"no such {what}")
    except IsADirectoryError:
        return None, Problem(name, 1, 1, f"this is a directory, not a {what}")
    except OSError as error:
        return None, Problem(name, 1, 1, f"cannot read the {what}: {error.strerror or error}")

