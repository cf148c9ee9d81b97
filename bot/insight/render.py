"""The report's two drawn outputs: `--chart` (a PNG) and `--html` (one self-contained page).

Both read an already computed `Report` and only draw it, in the words of its `locale`
(the rule file's; English by default). matplotlib draws on its Agg canvas: no display,
no network, the same bytes for the same report.
"""

from __future__ import annotations

from pathlib import Path

from bot.insight.charts import daily_figure, heatmap_figure, png
from bot.insight.model import Report
from bot.insight.page import page


def chart_png(report: Report) -> bytes:
    """The daily chart's PNG bytes: what `render_chart` writes and `stats` can attach."""
    return png(daily_figure(report))


def render_chart(report: Report, path: Path) -> None:
    """Write the PNG of daily messages, active members, joins and leaves to `path`."""
    path.write_bytes(chart_png(report))


def render_html(report: Report) -> str:
    """One HTML document: headline figures, charts, channels, moderation, newcomers."""
    return page(report, chart_png(report), png(heatmap_figure(report)))
