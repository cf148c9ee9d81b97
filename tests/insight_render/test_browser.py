"""The HTML page opened by a real headless browser (Debian's chromium), its screenshot
read back: the charts are drawn on the page, from the page alone.

In CI (CI=true) chromium is installed by .ci/run and its absence fails the test; on a
developer's machine without it the test is skipped, saying how to install it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from bot.insight import charts
from bot.insight.render import render_html
from tests.insight_render.month import month
from tests.insight_render.pixels import near, rgb

MISSING = "Debian's chromium is not installed: apt-get install chromium"
WIDTH, HEIGHT = 1200, 3000


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path(
        "/usr/bin/chromium").exists() else None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(MISSING + " (.ci/run installs it)")
        pytest.skip(MISSING)
    return found


def screenshot(chromium: str, html: str, where: Path) -> np.ndarray:
    where.mkdir()
    page, shot = where / "report.html", where / "shot.png"
    page.write_text(html, encoding="utf-8")
    done = subprocess.run(
        [chromium, "--headless=new", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
         "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update",
         "--disable-dev-shm-usage", f"--user-data-dir={where / 'profile'}",
         f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    pixels = rgb(shot.read_bytes())
    assert pixels.shape == (HEIGHT, WIDTH, 3)
    return pixels


def heat_colours(pixels: np.ndarray) -> np.ndarray:
    """Where the pixels are one of the heatmap's purples (the pale end left out: it is close
    to the page's greys)."""
    wanted = (np.array([charts.HEAT(n / 255)[:3] for n in range(48, 256)]) * 255).round()
    packed = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
    codes, where = np.unique(packed.reshape(-1), return_inverse=True)
    colours = np.stack([codes >> 16, (codes >> 8) & 255, codes & 255], axis=1)
    distance = np.abs(colours[:, None, :] - wanted[None, :, :]).max(axis=2).min(axis=1)
    found = (distance <= 2)[where.reshape(-1)]
    return found.reshape(pixels.shape[:2])


def test_a_browser_draws_the_pages_charts_offline(chromium, tmp_path):
    html = render_html(month(locale="fr"))
    pixels = screenshot(chromium, html, tmp_path / "page")
    messages, joins = near(pixels, charts.MESSAGES), near(pixels, charts.JOINS)
    leaves, active = near(pixels, charts.LEAVES), near(pixels, charts.ACTIVE)
    heat, peak = heat_colours(pixels), near(pixels, charts.HEAT_HIGH, tolerance=3)
    # the daily chart: 30 blue bars, green and red ones, the orange line
    assert messages.sum() > 40_000
    assert joins.sum() > 8_000 and leaves.sum() > 1_500 and active.sum() > 800
    # the heatmap: a 7 x 24 grid in purples, its darkest cell the busiest hour (Sunday 20:00)
    assert heat.sum() > 60_000 and peak.sum() > 500
    assert np.flatnonzero(messages.any(axis=1)).max() < np.flatnonzero(heat.any(axis=1)).min()
    # shown at the page's width, inside its sections (not cut, not overflowing)
    columns = np.flatnonzero(messages.any(axis=0))
    assert columns.min() > 40 and columns.max() < WIDTH - 40


def test_without_its_images_the_same_page_shows_none_of_those_colours(chromium, tmp_path):
    # the control: what the previous test counts comes from the charts, not from the styles
    html = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:,", render_html(month()))
    pixels = screenshot(chromium, html, tmp_path / "bare")
    assert (pixels != 255).any()                              # the page itself is there
    for colour in (charts.MESSAGES, charts.JOINS, charts.LEAVES, charts.ACTIVE):
        assert near(pixels, colour).sum() < 50, colour
    assert heat_colours(pixels).sum() < 50
