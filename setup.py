"""Build: the rule engine's per-message modules compiled to C by mypyc (mypy's compiler, MIT).

They stay plain Python, strictly typed (mypy --strict checks them); compiled, the engine
runs about 1.6 times as fast (bench/engine.py prints which build it measured). The list
is rules/buildcheck.py's COMPILED, which also keeps an edited source from being shadowed
by an older build. GARDIEN_PURE_PYTHON=1 at install time skips the compiler (no C
compiler needed): the same modules then run as Python, with the same answers.
"""

from __future__ import annotations

import os
import runpy

from setuptools import setup


def _extensions() -> list[object]:
    if os.environ.get("GARDIEN_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    listed = runpy.run_path(os.path.join("rules", "buildcheck.py"))
    sources = [os.path.join(*name.split(".")) + ".py" for name in listed["COMPILED"]]
    return list(mypycify(sources, opt_level="3", group_name=listed["LIBRARY"].split("__")[0]))


setup(ext_modules=_extensions())
