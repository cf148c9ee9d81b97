"""Running `gardien` for real in a subprocess, with bounded waits everywhere."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

GARDIEN = [sys.executable, "-m", "gardien"]
TIMEOUT = 30   # seconds: any single command; a hang fails the test instead of the suite


def write_config(directory: Path, body: str = "", *, rules: str = "pack:netiquette.en",
                 name: str = "gardien.yaml") -> Path:
    text = f"storage: gardien.db\nrules:\n  default: {rules}\nlog:\n  format: json\n"
    path = directory / name
    path.write_text(text + body, encoding="utf-8")
    return path


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DISCORD_", "TELEGRAM_"))}
    env.update(extra)
    return env


def gardien(*args: str, stdin: str = "", cwd: Path | None = None,
            env: dict[str, str] | None = None,
            timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*GARDIEN, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=env or environment(), timeout=timeout, check=False)


def cases_json(config: Path, *extra: str, env: dict[str, str] | None = None) -> list[dict]:
    done = gardien("cases", "--config", str(config), "--json", *extra, cwd=config.parent,
                   env=env)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


class Running:
    """A `gardien run` whose stdin stays open; stdout lines arrive on a queue."""

    def __init__(self, config: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [*GARDIEN, "run", "--config", str(config)], cwd=config.parent,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, bufsize=1, env=env or environment())
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)

    def send(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(line + "\n" for line in lines))
        self.process.stdin.flush()

    def wait_for(self, predicate, timeout: float = 10.0) -> str:
        """Collect stdout lines until one satisfies `predicate`; fail after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no such line within {timeout}s; got {self.lines!r}; "
                                     f"stderr tail: {''.join(self.stderr[-5:])}")
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"gardien exited; got {self.lines!r}; "
                                     f"stderr tail: {''.join(self.stderr[-5:])}")
            self.lines.append(line)
            if predicate(line):
                return line

    def finish(self, timeout: float = 10.0) -> int:
        """Wait for the exit, then collect what is left of stdout."""
        code = self.process.wait(timeout=timeout)
        while True:
            try:
                line = self._queue.get(timeout=2)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
