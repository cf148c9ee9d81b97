"""A progress bar on standard error while a long input is read, only when standard
error is a terminal (a pipe or a log file gets no control characters).

tqdm (MPL-2.0 AND MIT, no dependencies) draws it: it is one small package, where rich
would bring markdown-it-py, mdurl and pygments along for one bar.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress


@contextmanager
def progress_bar(paths: Sequence[str], what: str) -> Iterator[Callable[[int], None] | None]:
    """A callback taking bytes read since its last call, or None when no bar is drawn."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    total = 0
    for path in paths:
        with suppress(OSError):
            total += os.path.getsize(path)
    with tqdm(total=total or None, unit="B", unit_scale=True, unit_divisor=1024,
              desc=what, file=sys.stderr, leave=False) as bar:
        yield bar.update
