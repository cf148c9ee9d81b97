"""How much memory this process holds now, for the budget of a chat upload's compile.

Read from /proc (Linux: the resident set, which is what a host runs out of); None where
it cannot be read, and the budget then checks time only.
"""

from __future__ import annotations

import os

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None
