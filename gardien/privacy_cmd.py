"""`gardien privacy`: a member's rights and the retention, one command with subcommands.

This module only builds the parser: each subcommand registers itself from its own
module (`add_export`, `add_erase` in gardien/privacy_export_cmd.py; the retention's
`add_prune`), so the command grows without one file holding every handler.
"""

from __future__ import annotations

import argparse

from gardien.privacy_export_cmd import add_erase, add_export


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    privacy = commands.add_parser(
        "privacy", help="a member's data: export or erase it (FORMATS.md, Privacy)")
    subcommands = privacy.add_subparsers(dest="privacy_command", required=True)
    add_export(subcommands)
    add_erase(subcommands)
