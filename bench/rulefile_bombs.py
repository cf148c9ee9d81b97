"""Rule files that ask for much more than their size: how long and how much memory.

    python bench/rulefile_bombs.py [--timeout 120]

Each file is written to a temporary directory, then:
- `gardien check FILE` runs in a subprocess: wall time, peak resident memory (from
  wait4), exit code and the first line it printed;
- the same bytes go through `Rulebook.check_upload` (what `rules upload` does) while a
  ticker measures the event loop's worst delay.
Before issue 11 the `mentions` bomb was accepted after 24 to 39 s and 3.6 GB in `check`, and
its upload stalled the loop for seconds (the ticker saw 22 s); each file here is now refused
in under a second of `check` (mostly Python's start-up) and a few ms of upload.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.rulebook import Rulebook
from rules.problems import RuleFileError

HEAD = "version: 1\nname: Bomb\nrules:\n  - id: r\n"
BOMBS = {
    # the 161 bytes: thirty million mentions in one example
    "mentions": HEAD + "    match: {mentions: {more_than: 5}}\n    actions: [delete]\n"
                "    examples:\n      match: [{text: hi, mentions: 30000000}]\n",
    # a long text repeated: 100,000 x 40 characters, sent 100 times
    "text_times": HEAD + "    match: {length: {max_chars: 100}}\n    actions: [delete]\n"
                  "    examples:\n      match: [{text: 'a long line of text, repeated often. ',"
                  " text_times: 100000, times: 100}]\n",
    # many small examples, each sent 100 times
    "many_examples": HEAD + "    match: {regex: [zzz]}\n    actions: [delete]\n"
                     "    examples:\n      pass: [" + ", ".join(["{text: x, times: 100}"] * 3000)
                     + "]\n",
    # a number Python refuses to read
    "huge_integer": HEAD + "    match: {mentions: {more_than: " + "9" * 5000 + "}}\n"
                    "    actions: [delete]\n",
}


# `gardien check` runs under a small Python of its own that reports the child's peak memory:
# a child forked from this process would count this process's pages (ru_maxrss survives exec).
_MEASURE = """
import resource, subprocess, sys, time
began = time.perf_counter()
try:
    done = subprocess.run(sys.argv[3:], capture_output=True, text=True,
                          timeout=float(sys.argv[1]))
    code, out = done.returncode, done.stdout
except subprocess.TimeoutExpired as expired:
    code, out = -9, f"(killed after {sys.argv[1]} s) " + str(expired.stdout or "")
open(sys.argv[2], "w").write(out)
print(code, time.perf_counter() - began, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measured_check(path: Path, timeout: float) -> tuple[float, float, int, str]:
    """(seconds, peak MiB, exit code, first output line) of `gardien check path`."""
    out = path.with_suffix(".out")
    done = subprocess.run([sys.executable, "-I", "-c", _MEASURE, str(timeout), str(out),
                           sys.executable, "-m", "gardien", "check", str(path)],
                          capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parent.parent)
    code, seconds, peak = done.stdout.split()
    lines = out.read_text(encoding="utf-8").splitlines()
    return float(seconds), int(peak) / 1024, int(code), (lines[0] if lines else "")[:110]


async def upload(content: bytes) -> tuple[float, float, str]:
    """(seconds, worst loop delay in ms, outcome) of checking `content` as an upload."""
    rulebook = Rulebook(Path(__file__).resolve().parent.parent / "rules/packs/netiquette.en.yaml",
                        {})
    await rulebook.load()
    worst = 0.0
    running = True

    async def ticker() -> None:
        nonlocal worst
        last = time.perf_counter()
        while running:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            worst = max(worst, now - last - 0.005)
            last = now

    ticking = asyncio.create_task(ticker())
    began = time.perf_counter()
    try:
        ruleset = await rulebook.check_upload(content, "upload.yaml")
        outcome = f"accepted, {len(ruleset.rules)} rules"
    except RuleFileError as error:
        outcome = "no: " + (error.problems[0].message if error.problems else "")
    seconds = time.perf_counter() - began
    running = False
    await ticking
    return seconds, worst * 1000, outcome[:100]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="per `check` run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name, text in BOMBS.items():
            path = Path(folder) / f"{name}.yaml"
            path.write_text(text, encoding="utf-8")
            seconds, peak, code, first = measured_check(path, args.timeout)
            print(f"{name} ({len(text.encode())} bytes)")
            print(f"  check:  {seconds:6.2f} s  {peak:7.1f} MiB peak  exit {code}  {first}")
            up_seconds, lag, outcome = asyncio.run(upload(text.encode()))
            print(f"  upload: {up_seconds:6.2f} s  loop delayed {lag:6.0f} ms at worst  {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
