"""Each community's compiled code of conduct, reloaded live and never lost.

A changed file (seen by polling, or on SIGHUP) is compiled off the event loop
and swapped in with one assignment; a broken file is logged with every
problem, once per version of the file, and the last good rules stay active.

Admins may also upload a file from chat (`rules upload`): it is stored with
its content as a numbered revision for that community and takes precedence
over the config's file there until rolled back. Uploaded files never read the
host's files (only `builtin:*` word lists), are compiled one at a time and
within a time budget: one that takes longer is refused, and its compile stops.

Compiles run in daemon threads of their own, not in the loop's executor: a
shutdown never waits for a compile under way (`gardien run` must exit within
seconds of SIGTERM, and asyncio.run would join the executor's threads).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import structlog

from bot.memory import resident_bytes
from rules.compiler import compile_ruleset, load_ruleset
from rules.problems import CompileBudget, Problem, RuleFileError
from rules.ruleset import Ruleset
from storage.base import Store
from storage.models import Upload

log = structlog.get_logger("gardien.rules")

UPLOAD_BUDGET = 20.0   # seconds an upload may take to compile (1 MiB: ~10 s on a slow host)
UPLOAD_MEMORY = 512 * 2**20   # bytes an upload's compile may add (the largest valid: ~190 MB)
_BUDGET_GRACE = 2.0    # then stop waiting even for a step the budget cannot interrupt

T = TypeVar("T")


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
        upload_budget: float = UPLOAD_BUDGET,
        upload_memory: int = UPLOAD_MEMORY,
    ) -> None:
        self.default = default
        self.communities = dict(communities)
        self.store = store
        self._compile = compile_file
        self._rulesets: dict[Path, Ruleset] = {}
        self._stamps: dict[Path, _Stamp | None] = {}
        self._lock = asyncio.Lock()
        self._upload_lock = asyncio.Lock()   # one upload compiles at a time
        self.upload_budget = upload_budget
        self.upload_memory = upload_memory
        self._uploaded: dict[str, tuple[Upload, Ruleset]] = {}   # community -> in force
        self.problems: dict[Path, list[Problem]] = {}   # why a file on disk was last rejected
        self._checked: list[Callable[[Path, list[Problem] | None], None]] = []

    def on_checked(self, listener: Callable[[Path, list[Problem] | None], None]) -> None:
        """Call `listener(path, problems)` after each reload of a file: its problems when it
        was rejected, None when it loads (the malfunction alerts tell moderators)."""
        self._checked.append(listener)

    def _tell(self, path: Path, problems: list[Problem] | None) -> None:
        for listener in self._checked:
            try:
                listener(path, problems)
            except Exception:   # a listener must not break a reload
                log.exception("rules_listener_failed", file=str(path))

    @property
    def paths(self) -> list[Path]:
        return list(dict.fromkeys([self.default, *self.communities.values()]))

    def path_for(self, community: str) -> Path:
        """The file on disk the config names for `community`."""
        return self.communities.get(community, self.default)

    def for_community(self, community: str) -> Ruleset:
        uploaded = self._uploaded.get(community)
        if uploaded is not None:
            return uploaded[1]
        return self._rulesets[self.path_for(community)]

    def on_disk(self, community: str) -> Ruleset:
        return self._rulesets[self.path_for(community)]

    def active_upload(self, community: str) -> Upload | None:
        """The uploaded revision in force in `community`, or None (the file on disk)."""
        uploaded = self._uploaded.get(community)
        return uploaded[0] if uploaded is not None else None

    def rulesets(self) -> list[Ruleset]:
        return [*self._rulesets.values(), *(r for _, r in self._uploaded.values())]

    # --- uploads from chat ----------------------------------------------------------------
    async def check_upload(self, content: bytes, file_name: str) -> Ruleset:
        """Compile an uploaded file off the loop, within the upload budget; raise
        RuleFileError with every problem (or with the budget's, when it ran out)."""
        async with self._upload_lock:
            budget = CompileBudget.starting_now(self.upload_budget, memory=resident_bytes,
                                                max_growth=self.upload_memory)
            work = off_loop(compile_upload, content, file_name, budget)
            try:
                return await asyncio.wait_for(work, self.upload_budget + _BUDGET_GRACE)
            except TimeoutError:
                raise RuleFileError([budget.problem(file_name)]) from None

    async def upload(self, community: str, content: bytes, file_name: str, by: str,
                     at: datetime) -> Upload:
        """Validate, store as a new revision and swap in at once; a broken file changes nothing."""
        assert self.store is not None, "uploads need a store"
        ruleset = await self.check_upload(content, file_name)
        async with self._lock:
            upload = await self.store.add_upload(community, file_name, content, ruleset.digest,
                                                 by, at)
            self._uploaded[community] = (upload, ruleset)
        log.info("rules_uploaded", community=community, revision=upload.revision,
                 file=file_name, rules=len(ruleset.rules), digest=ruleset.digest[:12])
        return upload

    async def activate(self, community: str, revision: int | None, by: str,
                       at: datetime) -> Upload | None:
        """Put a stored revision back in force (None: the file on disk); returns it.

        Raises LookupError for an unknown revision, RuleFileError when it no longer compiles.
        """
        assert self.store is not None, "uploads need a store"
        if revision is None:
            async with self._lock:
                await self.store.activate_upload(community, None, by, at)
                self._uploaded.pop(community, None)
            log.info("rules_rolled_back", community=community, to="disk")
            return None
        upload = await self.store.upload(community, revision)
        if upload is None:
            raise LookupError(revision)
        ruleset = await self.check_upload(upload.content, upload.file_name)
        async with self._lock:
            await self.store.activate_upload(community, revision, by, at)
            self._uploaded[community] = (upload, ruleset)
        log.info("rules_rolled_back", community=community, to=revision)
        return upload

    async def _load_uploads(self) -> None:
        """At start-up: the uploads in force; one that no longer compiles falls back to disk."""
        if self.store is None:
            return
        for upload in await self.store.active_uploads():
            try:
                ruleset = await self.check_upload(upload.content, upload.file_name)
            except RuleFileError as error:
                log.error("upload_rejected", community=upload.community,
                          revision=upload.revision, problems=[str(p) for p in error.problems],
                          fallback=str(self.path_for(upload.community)))
                continue
            self._uploaded[upload.community] = (upload, ruleset)

    async def load(self) -> None:
        """Compile every file at start-up; raise RuleFileError listing all problems."""
        problems = []
        for path in self.paths:
            try:
                await self._accept(path, await self._compile_off_loop(path))
            except RuleFileError as error:
                problems.extend(error.problems)
        if problems:
            raise RuleFileError(problems)
        await self._load_uploads()

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
                log.info("rules_changed", file=str(path))   # compiling it now
                try:
                    ruleset = await self._compile_off_loop(path)
                except RuleFileError as error:
                    self._stamps[path] = stamp   # do not re-log until it changes again
                    self.problems[path] = error.problems
                    outcome[path] = "rejected"
                    log.error(
                        "rules_rejected",
                        file=str(path),
                        problems=[str(p) for p in error.problems],
                        kept=current.digest[:12] if current else None,
                    )
                    self._tell(path, error.problems)
                    continue
                if current is not None and current.digest == ruleset.digest:
                    self._stamps[path] = stamp
                    self.problems.pop(path, None)
                    outcome[path] = "unchanged"
                    self._tell(path, None)
                    continue
                await self._accept(path, ruleset, stamp)
                outcome[path] = "reloaded"
                self._tell(path, None)
                log.info("rules_reloaded", file=str(path), rules=len(ruleset.rules),
                         digest=ruleset.digest[:12])
        return outcome

    async def watch(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Poll the files every `interval` seconds until `stop` is set; a compile under way
        when it is set is abandoned (its file is looked at again at the next start)."""
        stopped = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(stopped), timeout=interval)
                if stop.is_set():
                    return
                reload = asyncio.ensure_future(self.reload())
                await asyncio.wait({reload, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not reload.done():
                    reload.cancel()
                    await asyncio.wait({reload})
                    return
                try:
                    reload.result()
                except Exception:   # a watcher crash must not take rules down
                    log.exception("rules_watch_failed")
        finally:
            stopped.cancel()

    async def _compile_off_loop(self, path: Path) -> Ruleset:
        """Compile a file on disk in a daemon thread. A failure that is not the file's
        problems (a bug) is logged with its traceback and refuses the file like a problem,
        so that start-up exits 2 and the watcher reports it once per version of the file."""
        try:
            return await off_loop(self._compile, path)
        except RuleFileError:
            raise
        except Exception as error:
            log.exception("rules_compile_crashed", file=str(path))
            raise RuleFileError([Problem(str(path), 1, 1, f"the file could not be compiled "
                                 f"({type(error).__name__}: {error})")]) from error

    async def _accept(self, path: Path, ruleset: Ruleset, stamp: _Stamp | None = None) -> None:
        self._rulesets[path] = ruleset
        self.problems.pop(path, None)
        self._stamps[path] = stamp if stamp is not None else _stamp(path)
        if self.store is not None:
            current = self._stamps[path]
            size = current.size if current is not None else 0
            await self.store.record_revision(str(path), ruleset.digest, size, datetime.now(UTC))


def compile_upload(content: bytes, file_name: str, budget: CompileBudget | None = None) -> Ruleset:
    """An uploaded file compiles like any other, except that it may not read local files."""
    return compile_ruleset(content, file_name, Path("."), local_files=False, budget=budget)


async def off_loop(work: Callable[..., T], *args: object) -> T:
    """`work(*args)` in a daemon thread of its own, awaited without blocking the loop.

    Unlike asyncio.to_thread, nothing joins the thread at exit; if no one awaits the result
    any more (a cancelled reload, a closed loop), it is dropped."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if done.done():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = work(*args)
        except BaseException as caught:   # handed to the awaiting task, never lost
            error = caught
        with contextlib.suppress(RuntimeError):   # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="gardien-compile", daemon=True).start()
    return await done


def _stamp(path: Path) -> _Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return _Stamp(info.st_mtime_ns, info.st_size)

