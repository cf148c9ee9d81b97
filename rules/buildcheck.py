"""Which of the engine's modules run compiled, and never a compiled copy older than its source.

The per-message modules listed in `COMPILED` (the engine, the state book, the word
matcher, link finding, sentencing, sentiment) are built to C by mypyc at install time
(setup.py reads the list from here). Compiled code lives in one shared library, so a
source edited after the build would silently not run. At import (rules/__init__.py), in
an in-place build (an editable install), when any listed source is newer than that
library, every listed module is loaded from its source instead, with a warning: all or
none, since compiled modules call each other directly. A copy a wheel installed is one
build by construction and is not checked. Nothing here imports from `rules`: setup.py
runs this file on its own.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import warnings
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

COMPILED = (
    "rules.engine",
    "rules.context",
    "rules.state",
    "rules.gating",
    "rules.links_parse",
    "rules.wordmatch.matcher",
    "rules.wordmatch.union",
    "rules.wordmatch.lexicon",
    "rules.wordmatch.pieces",
    "rules.wordmatch.normalize",
    "rules.matchtree",
    "rules.regexbank",
    "rules.sentencing",
    "rules.verdict",
    "rules.sentiment.features",
    "rules.sentiment.model",
    "rules.checks",
)
# The conditions' predicates are in rules/checks.py: the condition modules themselves
# (rules/conditions/) define pydantic classes, which a compiled module cannot.
LIBRARY = "gardien_rules__mypyc"   # mypyc's shared library for the group (setup.py)
ROOT = Path(__file__).resolve().parent.parent


def source_of(module: str, root: Path = ROOT) -> Path:
    return root.joinpath(*module.split(".")).with_suffix(".py")


def library_file(root: Path = ROOT) -> Path | None:
    """The built shared library beside the package, or None (a pure Python install)."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = root / f"{LIBRARY}{suffix}"
        if candidate.exists():
            return candidate
    return None


def installed_from_wheel(root: Path = ROOT) -> bool:
    """Whether the package is a copy a wheel installed (its RECORD beside it, as in
    site-packages): the installer wrote sources and library from one build, in an order
    that says nothing about which came first, so only an in-place build is checked."""
    return any(root.glob("gardien-*.dist-info/RECORD"))


def stale_sources(library: Path, sources: Sequence[Path]) -> list[Path]:
    """The sources modified after `library` was built."""
    built = library.stat().st_mtime_ns
    return [source for source in sources if source.exists() and source.stat().st_mtime_ns > built]


class _SourceFirst(MetaPathFinder):
    """Finds the listed modules as their .py files, ahead of the compiled extensions."""

    def __init__(self, modules: Sequence[str], root: Path) -> None:
        self._sources = {module: source_of(module, root) for module in modules}

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        source = self._sources.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def mode() -> str:
    """"compiled" or "pure Python": how the listed modules were actually loaded."""
    origin = importlib.import_module("rules.engine").__file__ or ""
    return "pure Python" if origin.endswith(".py") else "compiled"


def prefer_fresh_sources(root: Path = ROOT) -> list[Path]:
    """Load the listed modules from source when the build is older than one of them;
    the stale sources (empty when the build is current or there is none)."""
    library = library_file(root)
    if library is None or installed_from_wheel(root):
        return []
    stale = stale_sources(library, [source_of(m, root) for m in COMPILED])
    if stale:
        sys.meta_path.insert(0, _SourceFirst(COMPILED, root))
        names = ", ".join(str(s.relative_to(root)) for s in stale)
        warnings.warn(f"{names} changed after the compiled engine was built: running the "
                      "sources (reinstall with pip to compile them again)", stacklevel=2)
    return stale
