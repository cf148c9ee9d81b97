"""Validation problems: what an admin reads when a rule file is refused.

Every problem carries the file, line, column and rule id so an admin can jump
straight to it; a file is rejected as a whole with all its problems at once.
"""

from __future__ import annotations

import time
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
class TimeBudget:
    """How long a compile may run: checked between steps, so that a file from chat that
    takes too long is refused (and its work stopped) instead of holding a worker for good."""

    seconds: float
    ends: float   # on the `time.monotonic()` clock

    @classmethod
    def starting_now(cls, seconds: float) -> TimeBudget:
        return cls(seconds, time.monotonic() + seconds)

    def check(self, file: str, line: int, column: int, rule: str | None = None) -> None:
        """Raise RuleFileError, pointing where the compile had got to, once time is up."""
        if time.monotonic() > self.ends:
            raise RuleFileError([self.problem(file, line, column, rule)])

    def problem(self, file: str, line: int = 1, column: int = 1,
                rule: str | None = None) -> Problem:
        return Problem(file, line, column,
                       f"checking the file takes longer than the {self.seconds:g} s allowed "
                       "(it got this far); make it smaller or simpler", rule)
