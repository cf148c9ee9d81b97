"""Dev benchmark: how long `gardien report --html/--chart` take to draw a month.

Usage: python bench/render.py [--days 30] [--passes 5]

The report is a plausible month built by hand (tests/insight_render/month.py). *Cold* is a
fresh process: importing matplotlib (its font list cached, as after any first run) and the
first drawing; *warm* is the best of several passes in one process (the running bot's
`stats`). Times are CPU seconds of this process, wall seconds beside them. The target: a
30-day report in under a second, page and chart together.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD = """
import sys, time
sys.path.insert(0, {root!r})
cpu, wall = time.process_time(), time.perf_counter()
from pathlib import Path
from bot.insight.render import chart_png, render_html
from tests.insight_render.month import month
imported = time.process_time() - cpu
report = month(days={days})
chart = chart_png(report)
Path({png_path!r}).write_bytes(chart)
html = render_html(report, daily_png=chart)
print(time.process_time() - cpu, time.perf_counter() - wall, len(html), imported)
"""


def cold(days: int) -> tuple[float, float, int, float]:
    with tempfile.TemporaryDirectory() as where:
        code = COLD.format(root=str(ROOT), days=days, png_path=str(Path(where) / "chart.png"))
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), float(out[3])


def warm(days: int, passes: int) -> dict[str, tuple[float, float]]:
    from bot.insight.render import chart_png, render_html
    from tests.insight_render.month import month

    report = month(days=days)
    best: dict[str, tuple[float, float]] = {}
    for _ in range(passes):
        for name, draw in (("chart", lambda: chart_png(report)),
                           ("page", lambda: render_html(report)),
                           ("both", lambda: render_html(report, daily_png=chart_png(report)))):
            cpu, wall = time.process_time(), time.perf_counter()
            draw()
            spent = (time.process_time() - cpu, time.perf_counter() - wall)
            best[name] = min(best.get(name, spent), spent)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    cold(args.days)   # once, so matplotlib's font list is cached as on any later run
    cpu, wall, size, imported = cold(args.days)
    print(f"{args.days}-day report, cold (new process: import + page + chart): "
          f"{cpu:.3f} s CPU ({imported:.3f} s of it importing matplotlib and numpy), "
          f"{wall:.3f} s wall; page {size / 1024:.0f} KiB")
    best = warm(args.days, args.passes)
    for name, (cpu, wall) in best.items():
        print(f"  warm {name:5} (best of {args.passes}): {cpu:.3f} s CPU, {wall:.3f} s wall")
    total = best["both"][0]
    print(f"  --html and --chart (the daily chart drawn once): {total:.3f} s CPU "
          f"(target < 1 s: {'met' if total < 1 else 'MISSED'})")


if __name__ == "__main__":
    main()
