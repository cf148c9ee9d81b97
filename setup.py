"""Build: the rule engine's per-message modules compiled to C by mypyc (mypy's compiler, MIT).

They stay plain Python, strictly typed (mypy --strict checks them); compiled, the engine
runs about 1.6 times as fast (bench/engine.py prints which build it measured). The list
is rules/buildcheck.py's COMPILED, which also keeps an edited source from being shadowed
by an older build. Without a C compiler and Python's headers, or with
GARDIEN_PURE_PYTHON=1, nothing is compiled: the same modules run as Python, with the
same answers.
"""

from __future__ import annotations

import os
import runpy
import shutil
import sysconfig
import warnings

from setuptools import setup


def _can_compile() -> bool:
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = os.path.join(sysconfig.get_paths()["include"], "Python.h")
    return shutil.which(compiler) is not None and os.path.exists(headers)


def _extensions() -> list[object]:
    if os.environ.get("GARDIEN_PURE_PYTHON"):
        return []
    if not _can_compile():
        warnings.warn("no C compiler or Python headers: the engine is installed as pure "
                      "Python (slower, same answers)", stacklevel=1)
        return []
    from mypyc.build import mypycify

    listed = runpy.run_path(os.path.join("rules", "buildcheck.py"))
    sources = [os.path.join(*name.split(".")) + ".py" for name in listed["COMPILED"]]
    return list(mypycify(sources, opt_level="3", group_name=listed["LIBRARY"].split("__")[0]))


setup(ext_modules=_extensions())
