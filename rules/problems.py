"""Validation problems: what an admin reads when a rule file is refused.

Every problem carries the file, line, column and rule id so an admin can jump
straight to it; a file is rejected as a whole with all its problems at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a rule file, in plain words."""

    file: str
    line: int
    column: int
    message: str
    rule: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        rule = f" [rule {self.rule}]" if self.rule else ""
        return f"{where}:{rule} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "message": self.message,
        }


class RuleFileError(Exception):
    """A rule file was refused; `problems` lists every reason, sorted by position."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True, slots=True)
class CompileBudget:
    """How long a compile may run, and how much memory it may add: checked between steps, so
    that a file from chat that takes too much is refused (and its work stopped) instead of
    holding a worker, or the host's memory, for good. `memory` tells the bytes in use now
    (the caller's probe: the engine does no I/O of its own); None when it cannot tell."""

    seconds: float
    ends: float   # on the `time.monotonic()` clock
    memory: Callable[[], int | None] | None = None
    max_growth: int = 0   # bytes the compile may add to what was in use when it started
    start_memory: int = 0

    @classmethod
    def starting_now(cls, seconds: float, *, memory: Callable[[], int | None] | None = None,
                     max_growth: int = 0) -> CompileBudget:
        start = memory() if memory is not None else None
        if start is None:
            memory = None
        return cls(seconds, time.monotonic() + seconds, memory, max_growth, start or 0)

    def check(self, file: str, line: int, column: int, rule: str | None = None) -> None:
        """Raise RuleFileError, pointing where the compile had got to, once time is up or the
        memory it added is over the limit."""
        if time.monotonic() > self.ends:
            raise RuleFileError([self.problem(file, line, column, rule)])
        if self.memory is not None and self.max_growth:
            now = self.memory()
            if now is not None and now - self.start_memory > self.max_growth:
                raise RuleFileError([Problem(
                    file, line, column,
                    f"checking the file needs more than the {self.max_growth // 2**20} MiB of "
                    "memory allowed (it got this far); make it smaller or simpler", rule)])

    def problem(self, file: str, line: int = 1, column: int = 1,
                rule: str | None = None) -> Problem:
        return Problem(file, line, column,
                       f"checking the file takes longer than the {self.seconds:g} s allowed "
                       "(it got this far); make it smaller or simpler", rule)
