"""`--chart`: the PNG of daily messages, active members, joins and leaves, read back."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.insight import charts
from bot.insight.render import chart_png, render_chart
from tests.insight_render.month import empty, month
from tests.insight_render.pixels import bar_tops, bars, near, rgb

ROOT = Path(__file__).resolve().parents[2]
LEGEND = 80   # pixels: the title and the legend sit above this row, the panels below


def _texts(figure) -> set[str]:
    return {text.get_text() for text in figure.findobj(lambda artist: hasattr(
        artist, "get_text")) if text.get_text()}


def test_the_chart_is_a_png_of_fixed_size_with_a_bar_a_day(tmp_path):
    report = month(days=30)
    path = tmp_path / "daily.png"
    render_chart(report, path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (1100, 600)
        assert len(image.convert("RGB").getcolors(1 << 20) or []) > 50   # not blank
    pixels = rgb(data)
    assert bars(near(pixels, charts.MESSAGES), below=LEGEND, base="bottom") == 30
    assert bars(near(pixels, charts.JOINS), below=LEGEND, base="bottom") == 30
    leave_days = sum(1 for day in report["daily"] if day["leaves"])
    assert leave_days == 20
    assert bars(near(pixels, charts.LEAVES), below=LEGEND, base="top") == leave_days
    assert near(pixels, charts.ACTIVE).sum() > 1000     # the active members' line


def test_the_bars_follow_the_figures():
    report = month(days=10)
    report["daily"][3]["messages"] = 0
    report["daily"][7]["leaves"] = 0
    report["daily"][8]["leaves"] = 0
    pixels = rgb(chart_png(report))
    assert bars(near(pixels, charts.MESSAGES), below=LEGEND, base="bottom") == 9
    assert bars(near(pixels, charts.LEAVES), below=LEGEND, base="top") == sum(
        1 for day in report["daily"] if day["leaves"])
    # each bar's height is its day's count, on one linear scale (drawn again without the
    # active members' line, which would hide bar tops; it lies along the base instead)
    for day in report["daily"]:
        day["active_members"] = 0
    tops = bar_tops(near(rgb(chart_png(report)), charts.MESSAGES), below=LEGEND)
    counts = [day["messages"] for day in report["daily"] if day["messages"]]
    assert len(tops) == len(counts) == 9
    slope, offset = np.polyfit(counts, tops, 1)
    assert slope > 0.5 and abs(offset) < 6
    assert max(abs(top - (slope * count + offset)) for top, count in zip(
        tops, counts, strict=True)) <= 1.5


def test_the_same_report_gives_the_same_bytes_without_a_software_stamp():
    first, second = chart_png(month()), chart_png(month())
    assert first == second
    kinds = _chunk_kinds(first)
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    assert set(kinds) <= {b"IHDR", b"pHYs", b"IDAT", b"IEND"}   # no text, no time
    assert b"atplotlib" not in first


def _chunk_kinds(data: bytes) -> list[bytes]:
    kinds, at = [], 8
    while at < len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kinds.append(data[at + 4:at + 8])
        at += 12 + length
    return kinds


def test_labels_follow_the_rule_files_locale():
    french = _texts(charts.daily_figure(month(locale="fr")))
    assert {"Messages", "Membres actifs", "Arrivées", "Départs", "Membres"} <= french
    assert "discord:1 — du 2026-11-01 au 2026-11-30" in french
    assert "01/11" in french and "29/11" in french
    english = _texts(charts.daily_figure(month(locale=None)))
    assert {"Active members", "Joins", "Leaves"} <= english
    assert "discord:1 — 2026-11-01 to 2026-11-30" in english and "11-01" in english
    assert "Membres actifs" not in english
    heat = charts.heatmap_figure(month(locale="fr-CA"))
    weekdays = [label.get_text() for label in heat.axes[0].get_yticklabels()]
    assert weekdays == ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
    assert "Messages par jour de la semaine et par heure (Europe/Paris)" in _texts(heat)


def test_french_accents_are_drawn_with_the_bundled_font():
    figure = charts.daily_figure(month(locale="fr"))
    chart_png(month(locale="fr"))
    fonts = {text.get_fontname() for text in figure.findobj(lambda a: hasattr(a, "get_fontname"))}
    assert fonts == {"DejaVu Sans"}


@pytest.mark.parametrize("name", ["prix $\\x$ et $5", "a_b^c $\\frac{1}{$"])
def test_a_dollar_in_a_community_name_stays_text(name):
    report = month(community=name)
    assert name + " — du 2026-11-01 au 2026-11-30" in _texts(charts.daily_figure(report))
    assert chart_png(report)[:8] == b"\x89PNG\r\n\x1a\n"   # mathtext would refuse \x


def test_an_empty_report_draws_empty_axes_and_says_so():
    report = empty(days=7)
    pixels = rgb(chart_png(report))
    assert bars(near(pixels, charts.MESSAGES), below=LEGEND, base="bottom") == 0
    assert bars(near(pixels, charts.JOINS), below=LEGEND, base="bottom") == 0
    assert "No activity in this period" in _texts(charts.daily_figure(report))
    assert "No activity in this period" not in _texts(charts.daily_figure(month()))
    heat = rgb(charts.png(charts.heatmap_figure(report)))
    assert near(heat, charts.HEAT_HIGH).sum() < 300    # only the colour bar's top


def test_a_one_day_period_is_named_by_its_day():
    report = month(days=1, locale="fr")
    assert "discord:1 — le 2026-11-01" in _texts(charts.daily_figure(report))
    assert bars(near(rgb(chart_png(report)), charts.MESSAGES), below=LEGEND,
                base="bottom") == 1


@pytest.mark.parametrize("report", [empty(days=7), month(days=3)], ids=["empty", "short"])
def test_count_axes_tick_whole_numbers_only(report):
    daily, heat = charts.daily_figure(report), charts.heatmap_figure(report)
    for axes in [*daily.axes, heat.axes[1]]:
        labels = [label.get_text() for label in axes.get_yticklabels() if label.get_text()]
        assert labels, axes
        assert all(re.fullmatch(r"\d[\d,]*", label) for label in labels), labels


def test_matplotlib_is_imported_on_the_first_drawing_only():
    # `gardien report --json` and the bot's start-up need not pay for importing it
    code = ("import sys; import bot.insight.render; "
            "assert 'matplotlib' not in sys.modules, 'imported early'; "
            "from tests.insight_render.month import month; "
            "bot.insight.render.chart_png(month()); assert 'matplotlib' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120)
