"""The config a command runs with: shared by `run`, `cases` and `report` (not in cli.py, which
imports the commands: the commands must not import it back)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Config


def config_of(args: argparse.Namespace) -> Config | None:
    """The config named by --config, or the embedded defaults in the current directory;
    None (its problems printed on stderr) when it is refused. bot.config is imported
    here: `gardien import` and `simulate` start without it (a fifth of a second)."""
    from bot.config import ConfigError, default_config, load_config

    try:
        return load_config(args.config) if args.config else default_config(Path.cwd())
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return None
