"""The report's charts, drawn by matplotlib on its Agg canvas (no display, no pyplot).

Each chart is its own `Figure` with its own `FigureCanvasAgg`: no global pyplot state, so
two reports can be drawn at once. The PNG is reproducible: fixed size and resolution, no
"Software" stamp, matplotlib's bundled DejaVu Sans (which has every French accent), and
user-supplied names drawn as plain text (`parse_math=False`: a "$" stays a dollar).
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from bot.insight.model import Report
from bot.insight.words import Words
from catalogue import t

# The charts' colours; the page's own styles use none of them (its browser test relies on it).
MESSAGES = "#1c5fc4"
ACTIVE = "#e8871e"
JOINS = "#2f9e44"
LEAVES = "#c92a2a"
HEAT_LOW = "#f4f1fa"
HEAT_HIGH = "#4b1a7d"
HEAT = LinearSegmentedColormap.from_list("gardien-heat", [HEAT_LOW, "#9d7cc9", HEAT_HIGH])

DPI = 100
DAILY_SIZE = (11.0, 6.0)      # inches: 1100 x 600 pixels
HEATMAP_SIZE = (11.0, 3.8)    # 1100 x 380
MAX_DAY_LABELS = 16
BAR_WIDTH = 0.75
FONT = "DejaVu Sans"


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes, the same bytes for the same figure."""
    FigureCanvasAgg(figure)   # the figure draws on Agg, whatever matplotlib's default backend
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def daily_figure(report: Report) -> Figure:
    """Messages (bars) and active members (line) per day, joins and leaves below."""
    words = Words(report.get("locale"))
    days = report["daily"]
    x = list(range(len(days)))
    messages = [day["messages"] for day in days]
    active = [day["active_members"] for day in days]
    joins = [day["joins"] for day in days]
    leaves = [-day["leaves"] for day in days]

    figure = Figure(figsize=DAILY_SIZE, dpi=DPI, facecolor="white")
    grid = figure.add_gridspec(2, 1, height_ratios=(3, 1.4), hspace=0.1,
                               left=0.085, right=0.925, top=0.86, bottom=0.09)
    top = figure.add_subplot(grid[0])
    bottom = figure.add_subplot(grid[1])
    figure.suptitle(words.title(report), fontsize=14, family=FONT, parse_math=False)
    span = (-0.6, max(len(days), 1) - 0.4)

    top.add_collection(_bars(messages, MESSAGES))
    top.set_ylabel(t(words.lang, "render.chart.messages"), family=FONT)
    top.set_ylim(0, _headroom(max(messages, default=0)))
    top.yaxis.set_major_locator(_counts())
    top.yaxis.set_major_formatter(lambda value, _: words.number(value))
    top.set_xlim(*span)
    top.set_xticks([])
    top.grid(axis="y", color="#dddddd", linewidth=0.6)
    top.set_axisbelow(True)
    members = top.twinx()
    members.plot(x, active, color=ACTIVE, linewidth=2.2, marker="o", markersize=3.5)
    members.set_ylabel(t(words.lang, "render.chart.active_members"), family=FONT)
    members.set_ylim(0, _headroom(max(active, default=0)))
    members.yaxis.set_major_locator(_counts())
    members.yaxis.set_major_formatter(lambda value, _: words.number(value))
    members.set_xlim(*span)

    bottom.add_collection(_bars(joins, JOINS))
    bottom.add_collection(_bars(leaves, LEAVES))
    bottom.axhline(0, color="#555555", linewidth=0.8)
    reach = _headroom(max([*joins, *(-n for n in leaves)], default=0))
    bottom.set_ylim(-reach, reach)
    bottom.set_xlim(*span)
    bottom.set_ylabel(t(words.lang, "render.chart.members"), family=FONT)
    bottom.yaxis.set_major_locator(_counts(nbins=4, symmetric=True))
    bottom.yaxis.set_major_formatter(lambda value, _: words.number(abs(value)))
    step = max(1, -(-len(days) // MAX_DAY_LABELS))
    bottom.set_xticks(x[::step], [words.day(day["day"]) for day in days[::step]])

    legend = [Patch(color=MESSAGES, label=t(words.lang, "render.chart.messages")),
              Line2D([], [], color=ACTIVE, linewidth=2.2, marker="o", markersize=3.5,
                     label=t(words.lang, "render.chart.active_members")),
              Patch(color=JOINS, label=t(words.lang, "render.chart.joins")),
              Patch(color=LEAVES, label=t(words.lang, "render.chart.leaves"))]
    figure.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, 0.945), ncols=4,
                  frameon=False, prop={"family": FONT})
    if not any(messages) and not any(joins) and not any(leaves):
        top.text(0.5, 0.5, t(words.lang, "render.chart.nothing"), transform=top.transAxes,
                 ha="center", va="center", color="#777777", fontsize=13, family=FONT)
    return figure


def heatmap_figure(report: Report) -> Figure:
    """Messages by weekday (rows, Monday first) and hour of day (columns)."""
    words = Words(report.get("locale"))
    rows = report["weekday_hours"]
    peak = max((count for row in rows for count in row), default=0)

    figure = Figure(figsize=HEATMAP_SIZE, dpi=DPI, facecolor="white")
    axes = figure.add_axes((0.07, 0.16, 0.84, 0.7))
    colour_axes = figure.add_axes((0.925, 0.16, 0.015, 0.7))
    image = axes.imshow(rows, cmap=HEAT, vmin=0, vmax=max(peak, 1), aspect="auto",
                        interpolation="nearest")
    axes.set_title(t(words.lang, "render.heatmap.title", timezone=report["timezone"]),
                   family=FONT, fontsize=13, parse_math=False)
    axes.set_yticks(range(7), words.weekdays(), family=FONT)
    axes.set_xticks(range(24), [f"{hour:02d}" for hour in range(24)], family=FONT)
    axes.set_xlabel(t(words.lang, "render.heatmap.hour"), family=FONT)
    axes.tick_params(length=0)
    colourbar = figure.colorbar(image, cax=colour_axes, ticks=_counts())
    colourbar.ax.yaxis.set_major_formatter(lambda value, _: words.number(value))
    colourbar.outline.set_visible(False)
    return figure


def _bars(heights: list[int], colour: str) -> PolyCollection:
    """One bar per day as a single artist (a patch per bar costs ten times more to draw)."""
    half = BAR_WIDTH / 2
    return PolyCollection(
        [[(x - half, 0), (x - half, h), (x + half, h), (x + half, 0)]
         for x, h in enumerate(heights)], facecolors=colour, edgecolors="none")


def _counts(nbins: int = 7, *, symmetric: bool = False) -> MaxNLocator:
    """Ticks at whole numbers only: these axes count messages and members."""
    return MaxNLocator(nbins=nbins, integer=True, symmetric=symmetric, min_n_ticks=1)


def _headroom(peak: int) -> float:
    """An axis top a little above the highest value (1 when everything is zero)."""
    return max(peak, 1) * 1.12
