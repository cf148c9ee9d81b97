"""One `gardien run` per database, and start-up store problems told plainly (exit 2).

Two instances on one database took each other's in-flight cases for crash
leftovers and raced the migrations; now the second refuses to start and names
the first, while `gardien cases` still reads alongside. A database that cannot
be used (none at the path, a read-only directory, not SQLite, damaged) is
reported in one sentence naming the file, never with a traceback, and
`gardien cases` creates nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from storage.migrate import latest_version

from .procs import GARDIEN, TIMEOUT, Running, cases_json, environment, gardien, write_config

REFUSED = 2


def wait_started(bot: Running, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not any('"started"' in line for line in bot.stderr):
        assert bot.process.poll() is None, "".join(bot.stderr)
        assert time.monotonic() < deadline, "".join(bot.stderr)
        time.sleep(0.05)


def stop(bot: Running) -> int:
    assert bot.process.stdin is not None
    bot.process.stdin.close()            # the end of the console's input
    return bot.finish(timeout=15)


def assert_refused(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert done.returncode == REFUSED, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    for phrase in phrases:
        assert phrase in done.stderr, done.stderr


def test_a_second_instance_refuses_to_start_naming_the_first(tmp_path):
    config = write_config(tmp_path)
    first = Running(config)
    try:
        wait_started(first)
        second = gardien("run", "--config", str(config), stdin="bob: moron\n", cwd=tmp_path)
        assert_refused(second, "another Gardien is already writing this database",
                       f"pid {first.process.pid} on ", "storage_unusable")
        assert second.stdout == ""                       # it acted on nothing
        first.send("bob: moron")                         # the first goes on, unaffected
        first.wait_for(lambda line: line.startswith("warn: bob"))
        assert [c["case"] for c in cases_json(config)] == [1]   # readers need no lease
    finally:
        code = stop(first)
    assert code == 0, "".join(first.stderr)
    again = gardien("run", "--config", str(config), stdin="", cwd=tmp_path)
    assert again.returncode == 0, again.stderr           # free once the first has gone


def test_two_instances_started_together_on_a_new_database(tmp_path):
    for attempt in range(3):
        directory = tmp_path / f"attempt{attempt}"
        directory.mkdir()
        config = write_config(directory)
        bots = [Running(config), Running(config)]
        try:
            deadline = time.monotonic() + 20
            while all(bot.process.poll() is None for bot in bots):
                assert time.monotonic() < deadline, [b.stderr for b in bots]
                time.sleep(0.05)
            [loser] = [bot for bot in bots if bot.process.poll() is not None]
            [winner] = [bot for bot in bots if bot is not loser]
            assert loser.finish() == REFUSED, "".join(loser.stderr)
            errors = "".join(loser.stderr)
            assert "already writing this database" in errors and "Traceback" not in errors
            wait_started(winner)
            winner.send("bob: moron")
            winner.wait_for(lambda line: line.startswith("warn: bob"))
        finally:
            for bot in bots:
                if bot.process.poll() is None:
                    assert stop(bot) == 0, "".join(bot.stderr)
        with sqlite3.connect(directory / "gardien.db") as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert [c["case"] for c in cases_json(config)] == [1]


def test_cases_on_a_missing_database_creates_nothing(tmp_path):
    config = write_config(tmp_path)
    for extra in ((), ("--json",)):
        done = gardien("cases", "--config", str(config), *extra, cwd=tmp_path)
        assert_refused(done, f"{tmp_path / 'gardien.db'}: there is no database at this path")
        assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gardien.yaml"]


def test_a_file_that_is_not_sqlite(tmp_path):
    config = write_config(tmp_path)
    text = b"these are my notes, not a database\n" * 100
    (tmp_path / "gardien.db").write_bytes(text)
    for command in ("cases", "run"):
        done = gardien(command, "--config", str(config), cwd=tmp_path)
        assert_refused(done, "cannot open as a Gardien database: it is not a SQLite file")
    assert (tmp_path / "gardien.db").read_bytes() == text


def test_a_damaged_database(tmp_path):
    config = write_config(tmp_path)
    assert gardien("run", "--config", str(config), stdin="bob: moron\n",
                   cwd=tmp_path).returncode == 0
    with (tmp_path / "gardien.db").open("r+b") as file:
        file.seek(100)
        file.write(b"\xa5" * 3000)                     # the schema's page
    for command in ("cases", "run"):
        done = gardien(command, "--config", str(config), cwd=tmp_path)
        assert_refused(done, "the file is damaged", "restore a backup")


def unprivileged() -> list[str]:
    """A command prefix under which directory permissions apply (root ignores them)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    prefix = [setpriv or "setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    if setpriv is None or subprocess.run([*prefix, "true"], check=False).returncode != 0:
        pytest.skip("running as root without setpriv: a read-only directory cannot be shown")
    return prefix


def as_user(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*unprivileged(), *GARDIEN, *args], input=stdin, cwd=cwd,
                          capture_output=True, text=True, env=environment(),
                          timeout=TIMEOUT, check=False)


def test_a_read_only_directory(tmp_path):
    config = write_config(tmp_path)
    tmp_path.chmod(0o555)
    try:
        run = as_user("run", "--config", str(config), cwd=tmp_path, stdin="bob: moron\n")
        assert_refused(run, f"the directory {tmp_path} is read-only")
        assert "not SQLite" not in run.stderr and "damaged" not in run.stderr
        cases = as_user("cases", "--config", str(config), cwd=tmp_path)
        assert_refused(cases, "there is no database at this path")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["gardien.yaml"]
    finally:
        tmp_path.chmod(0o755)


def test_a_read_only_database_file(tmp_path):
    config = write_config(tmp_path)
    assert gardien("run", "--config", str(config), stdin="", cwd=tmp_path).returncode == 0
    database = tmp_path / "gardien.db"
    database.chmod(0o444)
    run = as_user("run", "--config", str(config), cwd=tmp_path, stdin="bob: moron\n")
    assert_refused(run, f"{database}: the database file is read-only")
    assert run.stdout == ""                              # refused before acting on anything
    assert as_user("cases", "--config", str(config), cwd=tmp_path).returncode == 0


def test_cases_reads_a_database_in_a_read_only_directory(tmp_path):
    config = write_config(tmp_path)
    assert gardien("run", "--config", str(config), stdin="bob: moron\n",
                   cwd=tmp_path).returncode == 0
    kept = sorted(p.name for p in tmp_path.iterdir())
    tmp_path.chmod(0o555)
    try:
        done = as_user("cases", "--config", str(config), "--json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert [line.count('"case": 1') for line in done.stdout.splitlines()] == [1]
        assert sorted(p.name for p in tmp_path.iterdir()) == kept
    finally:
        tmp_path.chmod(0o755)

