"""Reading drawn images back with Pillow (matplotlib's own dependency): colours and bars."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image


def rgb(data: bytes) -> np.ndarray:
    """An image's pixels, RGB, as a (height, width, 3) array of ints."""
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB")).astype(int)


def near(pixels: np.ndarray, colour: str, tolerance: int = 6) -> np.ndarray:
    """Where the pixels are `colour` ("#rrggbb"), give or take `tolerance` per channel."""
    wanted = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return np.abs(pixels - wanted).max(axis=2) <= tolerance


def runs(row: np.ndarray) -> int:
    """How many separate stretches of True a row of pixels has (bars side by side)."""
    flat = row.astype(int)
    return int(flat[0] + (np.diff(flat) == 1).sum())


def bars(mask: np.ndarray, *, below: int, base: str) -> int:
    """Bars of one colour under row `below` (the legend sits above it), counted a few pixels
    from their common base: the lowest row they reach (bars standing up) or the highest
    (bars hanging down)."""
    rows = np.flatnonzero(mask[below:].any(axis=1)) + below
    if rows.size == 0:
        return 0
    return runs(mask[rows[-1] - 2] if base == "bottom" else mask[rows[0] + 2])


def bar_tops(mask: np.ndarray, *, below: int) -> list[int]:
    """The heights in pixels of bars standing on a common base, left to right."""
    area = mask[below:]
    rows = np.flatnonzero(area.any(axis=1))
    base = rows[-1]
    columns = np.flatnonzero(area[base - 2])
    bars = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1) if columns.size else []
    heights = []
    for bar in bars:
        tops = [base - np.flatnonzero(area[:, column])[0] for column in bar]
        heights.append(int(np.median(tops)))
    return heights
