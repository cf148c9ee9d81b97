"""The config a command runs with: shared by `run`, `cases` and `report` (not in cli.py, which
imports the commands: the commands must not import it back)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Config, ConfigError, default_config, load_config


def config_of(args: argparse.Namespace) -> Config | None:
    """The config named by --config, or the embedded defaults in the current directory;
    None (its problems printed on stderr) when it is refused."""
    try:
        return load_config(args.config) if args.config else default_config(Path.cwd())
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return None
