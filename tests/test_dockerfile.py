"""The image builds its wheel from what the Dockerfile copies: every package pyproject.toml
ships (and the files the build reads) must be copied, or the image lacks them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_dockerfile_copies_every_package_the_wheel_ships():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    shipped = {name.rstrip("*") for name in
               project["tool"]["setuptools"]["packages"]["find"]["include"]}
    copied = set(re.findall(r"^COPY (\S+) \./", (ROOT / "Dockerfile").read_text("utf-8"),
                            flags=re.M))
    assert shipped <= copied, f"not copied into the image: {sorted(shipped - copied)}"
    text = (ROOT / "Dockerfile").read_text("utf-8")
    assert "pyproject.toml" in text
    assert "setup.py" in text     # the build reads it: the compiled engine's modules
