"""Where the benchmarks find the shared data sets, and a clear stop when they are absent.

The labelled data sets are not part of the repository (see ../shared/data/README.md): they
sit beside it in ``../shared/data``, or wherever ``$GARDIEN_DATA`` points. A benchmark
checks for every file it reads before measuring anything, so a plain clone gets one line
saying what is missing, never a traceback halfway through a run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "data"
MISSING_DATA = 2    # exit status: the run could not start (like a usage error)


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: ``path``, else ``$GARDIEN_DATA``, else ../shared/data."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get("GARDIEN_DATA", DEFAULT_DATA_DIR))


def require(*names: str, directory: str | os.PathLike[str] | None = None) -> Path:
    """The data directory once every named file is in it; else say which is not and exit 2."""
    base = data_dir(directory)
    for name in names:
        if not (base / name).is_file():
            print(f"{Path(sys.argv[0]).name}: missing data file {base / name}: this benchmark "
                  "needs the shared data beside the repository (../shared/data), or "
                  "$GARDIEN_DATA set to another copy", file=sys.stderr)
            raise SystemExit(MISSING_DATA)
    return base
