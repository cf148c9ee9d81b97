"""A compiled engine never shadows a source edited after the build: the listed modules are
then all loaded from their sources (rules/buildcheck.py)."""

from __future__ import annotations

import importlib.machinery
import os
import sys
from pathlib import Path

import pytest

from rules import buildcheck


def _tree(root: Path) -> Path:
    """A package tree shaped like the installed one: every listed source, and a library."""
    for module in buildcheck.COMPILED:
        source = buildcheck.source_of(module, root)
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"WHERE = {str(source)!r}\n", encoding="utf-8")
        os.utime(source, ns=(1_000_000_000, 1_000_000_000))
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    library = root / f"{buildcheck.LIBRARY}{suffix}"
    library.write_bytes(b"")
    os.utime(library, ns=(2_000_000_000, 2_000_000_000))
    return library


def test_a_build_newer_than_every_source_is_used(tmp_path):
    library = _tree(tmp_path)
    assert buildcheck.library_file(tmp_path) == library
    assert buildcheck.prefer_fresh_sources(tmp_path) == []


def test_an_edited_source_sends_every_listed_module_to_its_source(tmp_path):
    _tree(tmp_path)
    edited = buildcheck.source_of("rules.wordmatch.matcher", tmp_path)
    os.utime(edited, ns=(3_000_000_000, 3_000_000_000))
    before = list(sys.meta_path)
    try:
        with pytest.warns(UserWarning, match=r"rules/wordmatch/matcher\.py changed after"):
            assert buildcheck.prefer_fresh_sources(tmp_path) == [edited]
        [finder] = [f for f in sys.meta_path if f not in before]
        assert sys.meta_path[0] is finder
        for module in buildcheck.COMPILED:     # all of them, not only the edited one
            spec = finder.find_spec(module, None)
            assert spec is not None
            assert spec.origin == str(buildcheck.source_of(module, tmp_path))
        assert finder.find_spec("rules.compiler", None) is None   # not listed: untouched
    finally:
        sys.meta_path[:] = before


def test_a_copy_installed_from_a_wheel_is_trusted_whatever_its_times(tmp_path):
    """pip writes a wheel's files in no particular order: a source may land after the
    library. The RECORD beside the package says one build wrote them all."""
    _tree(tmp_path)
    os.utime(buildcheck.source_of("rules.engine", tmp_path), ns=(3_000_000_000,) * 2)
    record = tmp_path / "gardien-0.1.0.dist-info" / "RECORD"
    record.parent.mkdir()
    record.write_text("rules/engine.py,sha256=x,1\n", encoding="utf-8")
    assert buildcheck.installed_from_wheel(tmp_path)
    assert buildcheck.prefer_fresh_sources(tmp_path) == []


def test_without_a_build_nothing_changes(tmp_path):
    for module in buildcheck.COMPILED:
        source = buildcheck.source_of(module, tmp_path)
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text("", encoding="utf-8")
    assert buildcheck.library_file(tmp_path) is None
    assert buildcheck.prefer_fresh_sources(tmp_path) == []


def test_every_listed_module_exists_and_the_mode_says_how_it_was_loaded():
    root = Path(buildcheck.__file__).resolve().parent.parent
    assert all(buildcheck.source_of(m, root).exists() for m in buildcheck.COMPILED)
    import rules.engine

    compiled = not str(rules.engine.__file__).endswith(".py")
    assert buildcheck.mode() == ("compiled" if compiled else "pure Python")
