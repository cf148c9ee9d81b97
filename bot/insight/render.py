"""The report's two drawn outputs: `--chart` (a PNG) and `--html` (one self-contained page).

Both read an already computed `Report` and only draw it, in the words of its `locale`
(the rule file's; English by default). matplotlib draws on its Agg canvas: no display,
no network, the same bytes for the same report. It is imported on the first drawing, not
with this module: importing it takes about a second, which `gardien report --json` and
the running bot's start should not pay.
"""

from __future__ import annotations

from pathlib import Path

from bot.insight.model import Report
from bot.insight.page import page


def chart_png(report: Report) -> bytes:
    """The daily chart's PNG bytes: what `render_chart` writes and `stats` can attach."""
    from bot.insight.charts import daily_figure, png

    return png(daily_figure(report))


def render_chart(report: Report, path: Path) -> None:
    """Write the PNG of daily messages, active members, joins and leaves to `path`."""
    path.write_bytes(chart_png(report))


def render_html(report: Report, *, daily_png: bytes | None = None) -> str:
    """One HTML document: headline figures, charts, channels, moderation, newcomers.

    `daily_png`: the daily chart when the caller has drawn it already (`--html` with
    `--chart`), so it is not drawn twice.
    """
    from bot.insight.charts import heatmap_figure, png

    daily = chart_png(report) if daily_png is None else daily_png
    return page(report, daily, png(heatmap_figure(report)))
