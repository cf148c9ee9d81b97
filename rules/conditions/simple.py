"""Shared helpers for conditions over names (channels, roles)."""

from __future__ import annotations

from collections.abc import Iterable


def name_set(names: Iterable[str]) -> frozenset[str]:
    """Names compare case-insensitively (Discord shows `#General` as `general`); ids are digits."""
    return frozenset(name.casefold() for name in names)
