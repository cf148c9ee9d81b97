"""Import and replay speed on synthetic exports, and peak memory flat in input size.

Writes DiscordChatExporter (and Telegram Desktop) exports of N messages to a temporary
folder, then, each in a fresh subprocess (so peak RSS is that run's alone):
`gardien import` to /dev/null, and `gardien simulate` of the export with the default
rule packs' file. Prints messages per second and peak RSS at each size.

    .venv/bin/python bench/replay.py [--sizes 100000,400000] [--kinds discord,telegram]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic_exports import write_discord, write_telegram  # noqa: E402

RULES = """\
version: 1
name: bench
rules:
  - id: insult
    match: {words: [moron]}
    actions: [delete, {warn: {points: 1, reason: insult}}]
  - id: flood
    match: {flood: {messages: 8, within: 10s}}
    actions: [{timeout: 10m}]
"""
GARDIEN = [sys.executable, "-c", "import sys; from gardien.cli import main; sys.exit(main())"]
MEASURED = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, took, peak)
"""


def measure(command: list[str]) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of one run in its own process."""
    out = subprocess.run([sys.executable, "-c", MEASURED, *command], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    if out[0] != "0":
        raise SystemExit(f"failed: {' '.join(command)}")
    return float(out[1]), int(out[2]) // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,400000")
    parser.add_argument("--kinds", default="discord,telegram")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rules = Path(folder) / "rules.yaml"
        rules.write_text(RULES)
        print(f"{'export':<10} {'messages':>9} {'MB':>6} {'import msg/s':>13} "
              f"{'peak MB':>8} {'simulate msg/s':>15} {'peak MB':>8}")
        for kind in args.kinds.split(","):
            for size in map(int, args.sizes.split(",")):
                path = Path(folder) / f"{kind}-{size}.json"
                (write_discord if kind == "discord" else write_telegram)(path, size)
                megabytes = path.stat().st_size / 2**20
                imported, import_peak = measure([*GARDIEN, "import", kind, str(path),
                                                 "--out", "/dev/null"])
                simulated, sim_peak = measure([*GARDIEN, "simulate", str(rules), str(path),
                                               "--json"])
                print(f"{kind:<10} {size:>9,} {megabytes:>6.0f} {size / imported:>13,.0f} "
                      f"{import_peak:>8} {size / simulated:>15,.0f} {sim_peak:>8}")
                path.unlink()
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")


if __name__ == "__main__":
    main()
