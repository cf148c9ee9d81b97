"""The contract every condition kind follows, and what it gets while compiling.

A kind is a YAML key (`words`, `flood`...), a pydantic type for its options
(which also gives the JSON Schema), a `compile` function turning validated
options into a predicate over a `MessageContext`, and a cost used to test
cheap conditions first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rules.checks import Predicate as Predicate  # the one definition, beside the predicates
from rules.problems import Problem
from rules.regexbank import RegexBank
from rules.wordmatch import WordUnion
from rules.yamlsource import Path as YamlPath
from rules.yamlsource import Source


@dataclass
class CompileContext:
    """Shared state while one rule file compiles: where problems go and what is pooled."""

    source: Source
    base_dir: Path
    bank: RegexBank = field(default_factory=RegexBank)
    problems: list[Problem] = field(default_factory=list)
    rule_id: str | None = None
    words: WordUnion = field(default_factory=WordUnion)  # every `words` condition, one matcher
    flood_keep: int = 0  # the most messages any flood rule counts
    repeat_keep: int = 0  # how many past texts repeat rules need
    horizon: float = 0.0  # the longest window any condition looks back over (seconds)
    wants_folded_history: bool = False
    local_files: bool = True  # False for files uploaded from chat: they must not read the host

    def problem(self, path: YamlPath, message: str, *, key: bool = False) -> None:
        line, column = self.source.position(path, key=key)
        self.problems.append(Problem(self.source.file, line, column, message, self.rule_id))


@dataclass(frozen=True)
class ConditionKind:
    """One condition kind, found in the registry by its YAML name."""

    name: str
    options: Any  # a type pydantic can validate
    compile: Callable[[Any, CompileContext, YamlPath], Predicate | None]
    summary: str
    cost: int = 10  # relative cost per message; cheap first
