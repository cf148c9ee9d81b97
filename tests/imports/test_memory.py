"""A large export is streamed: importing 300,000 messages grows the process's peak memory
by less than 100 MB and less than half the file's size, measured in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEASURE = """
import resource, sys
from bot.imports.sniff import export_lines
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = 0
for line in export_lines(sys.argv[1], [sys.argv[2]], print):
    count += 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(count, (peak - base) // 1024)
"""


@pytest.mark.parametrize("kind", ["discord", "telegram"])
def test_a_large_export_is_imported_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.synthetic_exports import write_discord, write_telegram

    path = (write_discord if kind == "discord" else write_telegram)(
        tmp_path / "big.json", 300_000)
    size_mb = path.stat().st_size // 2**20
    assert size_mb > 60   # json.load would need several times this
    done = subprocess.run([sys.executable, "-c", MEASURE, kind, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    count, grown_mb = map(int, done.stdout.split())
    assert count == 300_000
    assert grown_mb < min(100, size_mb // 2), \
        f"peak memory grew by {grown_mb} MB for a {size_mb} MB file"
