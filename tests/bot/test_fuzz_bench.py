"""The fuzzing bench (bench/fuzz.py) in CI, with small counts: hostile lines through
`simulate` and through `gardien run` raise nothing. People run the million themselves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fuzz.py"


def test_fuzzed_lines_raise_nothing_in_simulate_or_the_console():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--events", "3000", "--console-events", "300",
         "--seed", "5"], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "simulate: exceptions: 0 (target 0)" in lines
    assert "console: exceptions: 0 (target 0)" in lines
    assert any(line.startswith("simulate: ") and "events/s; peak memory" in line
               for line in lines)
