"""Input that used to take the bot down or slip past it (issue 11), through `gardien run`
on the console: one bad line is dropped and logged, the next is still judged."""

from __future__ import annotations

import json
import subprocess

from .procs import GARDIEN, TIMEOUT, cases_json, environment, write_config


def run_console(config, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*GARDIEN, "run", "--config", str(config)], input=stdin,
                          capture_output=True, cwd=config.parent, env=environment(),
                          timeout=TIMEOUT, check=False)


def test_a_line_that_breaks_the_engine_does_not_stop_the_next_ones(tmp_path):
    config = write_config(tmp_path)
    done = run_console(config, b"carl: you idiot\nmal: hello \xff\ndan: you idiot\n")
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode()
    assert "delete: carl's message" in out and "delete: dan's message" in out
    assert [case["user"] for case in cases_json(config)] == ["carl", "dan"]
    assert "event_failed" not in done.stderr.decode()   # mal's byte is text now (U+FFFD)


def test_an_undecodable_byte_does_not_hide_an_insult(tmp_path):
    config = write_config(tmp_path)
    done = run_console(config, b"eve: you idiot \xff\xfe\n")
    assert done.returncode == 0, done.stderr.decode()
    assert "delete: eve's message" in done.stdout.decode()
    [case] = cases_json(config)
    assert (case["user"], case["action"], case["status"]) == ("eve", "warn", "done")
    # whatever happened to mal's line was logged as such, never as the logger's own crash
    for line in done.stderr.decode().splitlines():
        record = json.loads(line)
        assert "TypeError" not in record.get("exception", "")
