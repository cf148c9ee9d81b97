"""Rule and config files that are not what they claim (issue 11, items 3, 4, 5 and 10):
`gardien check` and `gardien run` for real, and the Rulebook over real files.

A FIFO, /dev/zero, a directory or a socket is refused unopened; a few bytes asking for
gigabytes are refused in milliseconds; a number Python cannot read is a problem with its
position (check exits 1, start-up exits 2), logged once per version of the file by the
watcher; and SIGTERM during a slow compile does not wait for it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from bot.rulebook import Rulebook
from rules.compiler import load_ruleset
from rules.problems import RuleFileError
from rules.ruleset import Ruleset

from .harness import COMMUNITY, RULES
from .procs import GARDIEN, TIMEOUT, Running, environment, gardien, write_config
from .test_reload import rewrite

HEAD = "version: 1\nname: Bomb\nrules:\n  - id: r\n"
MENTIONS_BOMB = (HEAD + "    match: {mentions: {more_than: 5}}\n    actions: [delete]\n"
                 "    examples:\n      match: [{text: hi, mentions: 30000000}]\n")
TEXT_BOMB = (HEAD + "    match: {length: {max_chars: 100}}\n    actions: [delete]\n"
             "    examples:\n      match: [{text: hi, text_times: 100000, times: 100}]\n")
HUGE = "9" * 5000
HUGE_RULES = HEAD + f"    match: {{mentions: {{more_than: {HUGE}}}}}\n    actions: [delete]\n"


# Runs `gardien check` from a small Python of its own, so that the child's peak memory is
# its own: a child forked from pytest would count pytest's pages (ru_maxrss survives exec).
_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.STDOUT,
                      timeout=20)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measured_check(*paths: Path) -> tuple[int, str, float, float]:
    """(exit code, output, seconds, peak MiB) of `gardien check`, killed after TIMEOUT."""
    out = paths[-1].parent / "check.out"
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(out), *GARDIEN, "check",
                           *map(str, paths)], capture_output=True, text=True,
                          env=environment(), timeout=TIMEOUT, check=True)
    seconds = time.monotonic() - began
    code, peak = map(int, done.stdout.split())
    return code, out.read_text(encoding="utf-8"), seconds, peak / 1024


# --- gardien check ----------------------------------------------------------------------
@pytest.mark.parametrize("bomb", [MENTIONS_BOMB, TEXT_BOMB], ids=["mentions", "text_times"])
def test_check_refuses_an_example_bomb_in_milliseconds_and_megabytes(tmp_path, bomb):
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb, encoding="utf-8")
    code, out, seconds, peak = measured_check(path)
    assert code == 1, out
    assert out.splitlines()[0].startswith(f"{path}:8:")
    assert "[rule r] example 'hi': " in out and "an example may have" in out
    assert seconds < 10 and peak < 200, (seconds, peak)   # was 24 s and 3.7 GB


def test_check_refuses_what_is_not_a_regular_file_without_reading_it(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    sock_path = tmp_path / "s.yaml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    try:
        code, out, seconds, peak = measured_check(Path("/dev/zero"), zero, fifo, folder,
                                                  sock_path)
    finally:
        server.close()
    assert code == 1
    assert seconds < 10 and peak < 200, (seconds, peak)   # a FIFO hung, /dev/zero took 3.8 GB
    regular = "only regular files are read"
    assert [line for line in out.splitlines() if "refused" not in line] == [
        f"/dev/zero:1:1: this is a character device, not a rule file: {regular}",
        f"{zero}:1:1: this is a character device, not a rule file: {regular}",
        f"{fifo}:1:1: this is a FIFO (named pipe), not a rule file: {regular}",
        f"{folder}:1:1: this is a directory, not a rule file",
        f"{sock_path}:1:1: this is a socket, not a rule file: {regular}",
    ]


def test_check_reports_a_huge_number_at_its_position_without_a_traceback(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(HUGE_RULES, encoding="utf-8")
    done = gardien("check", str(path))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{path}:5:35: refused: this number has 5000 digits: the limit is 4300",
        f"{path}: refused, 1 problem"]
    assert "Traceback" not in done.stderr


def test_check_refuses_an_empty_pattern_that_would_match_every_message(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text(HEAD + "    match: {regex: ['']}\n    actions: [ban]\n", encoding="utf-8")
    done = gardien("check", str(path))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{path}:5:21: [rule r] '' matches every message (it matches an empty text); "
        "write what the pattern must find")


# --- gardien run: start-up ------------------------------------------------------------------
def test_run_exits_2_on_a_huge_number_in_the_config(tmp_path):
    config = write_config(tmp_path, f"platforms:\n  telegram:\n    token: {HUGE}\n")
    done = gardien("run", "--config", str(config), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{config}:8:12: refused: this number has 5000 digits: the limit is 4300"]


def test_run_exits_2_on_a_huge_number_in_a_rule_file(tmp_path):
    (tmp_path / "huge.yaml").write_text(HUGE_RULES, encoding="utf-8")
    config = write_config(tmp_path, rules="huge.yaml")
    done = gardien("run", "--config", str(config), cwd=tmp_path)
    assert done.returncode == 2                                # was 1, with a traceback
    assert "Traceback" not in done.stderr
    assert "this number has 5000 digits: the limit is 4300" in done.stderr


def test_run_refuses_a_config_or_rule_file_that_is_not_a_regular_file(tmp_path):
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)
    done = gardien("run", "--config", str(fifo), cwd=tmp_path, timeout=15)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{fifo}:1:1: this is a FIFO (named pipe), not a config file: only regular files "
        "are read"]
    os.mkfifo(tmp_path / "rules.yaml")
    config = write_config(tmp_path, rules="rules.yaml", name="gardien.yaml")
    done = gardien("run", "--config", str(config), cwd=tmp_path, timeout=15)
    assert done.returncode == 2
    assert "this is a FIFO (named pipe), not a rule file" in done.stderr


# --- gardien run: a slow compile and SIGTERM --------------------------------------------------
def slow_rules(count: int = 12_000) -> str:
    """About 1 MiB of distinct rules: valid, and seconds to compile."""
    return "version: 1\nname: Slow\nrules:\n" + "".join(
        f"  - id: r{i}\n    match: {{regex: ['a{i}b'], words: [w{i}x]}}\n    actions: [delete]\n"
        for i in range(count))


def wait_for_log(bot: Running, event: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not any(f'"event": "{event}"' in line for line in list(bot.stderr)):
        assert time.monotonic() < deadline, f"no {event}: {''.join(bot.stderr[-5:])}"
        time.sleep(0.05)


def test_run_exits_promptly_on_sigterm_while_a_reload_compiles(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    bot = Running(write_config(tmp_path, rules="rules.yaml"))
    try:
        wait_for_log(bot, "started")
        rewrite(rules, slow_rules())
        wait_for_log(bot, "rules_changed")      # the watcher is compiling it now
        time.sleep(0.5)
        began = time.monotonic()
        bot.process.send_signal(signal.SIGTERM)
        code = bot.finish(timeout=15)
        took = time.monotonic() - began
    finally:
        bot.kill()
    assert code == 0
    assert took < 4, took                      # was 15.6 s: the exit waited for the compile
    assert not any('"event": "rules_reloaded"' in line for line in bot.stderr)


# --- the Rulebook over a real file ---------------------------------------------------------
async def loaded(tmp_path: Path) -> tuple[Rulebook, Path]:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    rulebook = Rulebook(path, {})
    await rulebook.load()
    return rulebook, path


def rejections(logs: list[dict[str, object]]) -> list[dict[str, object]]:
    return [entry for entry in logs if entry["log_level"] in ("error", "critical")]


async def test_reload_refuses_a_fifo_at_once_and_logs_it_once(tmp_path):
    rulebook, path = await loaded(tmp_path)
    good = rulebook.for_community(COMMUNITY)
    path.unlink()
    os.mkfifo(path)
    with capture_logs() as logs:
        assert await asyncio.wait_for(rulebook.reload(), 5) == {path: "rejected"}
        assert await asyncio.wait_for(rulebook.reload(), 5) == {}
    [entry] = rejections(logs)
    assert entry["event"] == "rules_rejected"
    assert entry["problems"] == [f"{path}:1:1: this is a FIFO (named pipe), not a rule file: "
                                 "only regular files are read"]
    assert rulebook.for_community(COMMUNITY) is good


async def test_reload_refuses_dev_zero_behind_a_symlink(tmp_path):
    rulebook, path = await loaded(tmp_path)
    path.unlink()
    path.symlink_to("/dev/zero")
    assert await asyncio.wait_for(rulebook.reload(), 5) == {path: "rejected"}
    assert [p.message for p in rulebook.problems[path]] == [
        "this is a character device, not a rule file: only regular files are read"]


async def test_the_watcher_logs_one_error_per_bad_version_not_a_traceback_a_second(tmp_path):
    rulebook, path = await loaded(tmp_path)
    stop = asyncio.Event()
    with capture_logs() as logs:
        watcher = asyncio.create_task(rulebook.watch(stop, interval=0.05))
        rewrite(path, HUGE_RULES)
        await asyncio.sleep(1.0)               # about twenty polls
        rewrite(path, MENTIONS_BOMB)
        await asyncio.sleep(1.0)
        stop.set()
        await asyncio.wait_for(watcher, 5)
    errors = rejections(logs)
    assert [entry["event"] for entry in errors] == ["rules_rejected", "rules_rejected"]
    assert errors[0]["problems"] == [
        f"{path}:5:35: refused: this number has 5000 digits: the limit is 4300"]
    assert "mentions: 30000000 is more than the 1000" in str(errors[1]["problems"])


async def test_a_bug_in_a_compile_is_one_rejection_not_a_crash_loop(tmp_path):
    calls: list[Path] = []

    def broken(path: Path) -> Ruleset:
        calls.append(path)
        raise ValueError("boom")

    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:   # start-up refuses it: `run` exits 2
        await Rulebook(path, {}, compile_file=broken).load()
    assert [p.message for p in raised.value.problems] == [
        "the file could not be compiled (ValueError: boom)"]


async def test_the_watcher_stops_at_once_while_a_compile_is_under_way(tmp_path):
    started = threading.Event()
    calls: list[Path] = []

    def slow(path: Path) -> Ruleset:
        """The start-up compile is quick; the reload's takes 3 s."""
        if calls:
            started.set()
            time.sleep(3)
        calls.append(path)
        return load_ruleset(path)

    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    rulebook = Rulebook(path, {}, compile_file=slow)
    await rulebook.load()
    stop = asyncio.Event()
    watcher = asyncio.create_task(rulebook.watch(stop, interval=0.05))
    rewrite(path, RULES + "# changed\n")
    await asyncio.to_thread(started.wait, 5)
    began = time.monotonic()
    stop.set()
    await asyncio.wait_for(watcher, 5)
    assert time.monotonic() - began < 0.5


def test_run_exits_promptly_on_sigterm_during_the_first_compile(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(slow_rules(), encoding="utf-8")   # seconds to compile at start-up
    bot = Running(write_config(tmp_path, rules="rules.yaml"))
    try:
        deadline = time.monotonic() + 20   # the interpreter's start is slow on a busy machine
        while not any('"event": "rules_loading"' in line for line in bot.stderr):
            assert time.monotonic() < deadline, "".join(bot.stderr[-5:])
            time.sleep(0.05)
        time.sleep(1.0)                          # well into the first compile
        began = time.monotonic()
        bot.process.send_signal(signal.SIGTERM)
        code = bot.finish(timeout=15)
        took = time.monotonic() - began
    finally:
        bot.kill()
    assert code == 0, "".join(bot.stderr[-5:])   # a clean stop, not the signal's default
    assert took < 4, took
    assert any('"event": "stopped_while_loading"' in line for line in bot.stderr)
    assert not any('"event": "started"' in line for line in bot.stderr)
