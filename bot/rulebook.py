"""Each community's compiled code of conduct, reloaded live and never lost.

A changed file (seen by polling, or on SIGHUP) is compiled off the event loop
and swapped in with one assignment; a broken file is logged with every
problem and the last good rules stay active.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import structlog

from rules.compiler import load_ruleset
from rules.problems import RuleFileError
from rules.ruleset import Ruleset
from storage.base import Store

log = structlog.get_logger("gardien.rules")


@dataclass(frozen=True)
class _Stamp:
    mtime_ns: int
    size: int


class Rulebook:
    def __init__(
        self,
        default: Path,
        communities: dict[str, Path],
        store: Store | None = None,
        compile_file: Callable[[Path], Ruleset] = load_ruleset,
    ) -> None:
        self.default = default
        self.communities = dict(communities)
        self.store = store
        self._compile = compile_file
        self._rulesets: dict[Path, Ruleset] = {}
        self._stamps: dict[Path, _Stamp | None] = {}
        self._lock = asyncio.Lock()

    @property
    def paths(self) -> list[Path]:
        return list(dict.fromkeys([self.default, *self.communities.values()]))

    def for_community(self, community: str) -> Ruleset:
        path = self.communities.get(community, self.default)
        return self._rulesets[path]

    def rulesets(self) -> list[Ruleset]:
        return list(self._rulesets.values())

    async def load(self) -> None:
        """Compile every file at start-up; raise RuleFileError listing all problems."""
        problems = []
        for path in self.paths:
            try:
                await self._accept(path, await asyncio.to_thread(self._compile, path))
            except RuleFileError as error:
                problems.extend(error.problems)
        if problems:
            raise RuleFileError(problems)

    async def reload(self, *, force: bool = False) -> dict[Path, str]:
        """Recompile files that changed on disk (all of them with `force`).

        Returns what happened to each file looked at: "reloaded", "rejected" or "unchanged".
        """
        outcome: dict[Path, str] = {}
        async with self._lock:
            for path in self.paths:
                stamp = _stamp(path)
                if not force and stamp == self._stamps.get(path):
                    continue
                current = self._rulesets.get(path)
                try:
                    ruleset = await asyncio.to_thread(self._compile, path)
                except RuleFileError as error:
                    self._stamps[path] = stamp   # do not re-log until it changes again
                    outcome[path] = "rejected"
                    log.error(
                        "rules_rejected",
                        file=str(path),
                        problems=[str(p) for p in error.problems],
                        kept=current.digest[:12] if current else None,
                    )
                    continue
                if current is not None and current.digest == ruleset.digest:
                    self._stamps[path] = stamp
                    outcome[path] = "unchanged"
                    continue
                await self._accept(path, ruleset, stamp)
                outcome[path] = "reloaded"
                log.info("rules_reloaded", file=str(path), rules=len(ruleset.rules),
                         digest=ruleset.digest[:12])
        return outcome

    async def watch(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Poll the files every `interval` seconds until `stop` is set."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
            if stop.is_set():
                return
            try:
                await self.reload()
            except Exception:   # a watcher crash must not take rules down
                log.exception("rules_watch_failed")

    async def _accept(self, path: Path, ruleset: Ruleset, stamp: _Stamp | None = None) -> None:
        self._rulesets[path] = ruleset
        self._stamps[path] = stamp if stamp is not None else _stamp(path)
        if self.store is not None:
            size = self._stamps[path].size if self._stamps[path] else 0
            await self.store.record_revision(str(path), ruleset.digest, size, datetime.now(UTC))


def _stamp(path: Path) -> _Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return _Stamp(info.st_mtime_ns, info.st_size)

