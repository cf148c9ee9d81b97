"""`gardien privacy ...`: one command, a subcommand per privacy tool.

`add_parser(commands)` makes the `privacy` command; each tool adds its subcommand through
`SUBCOMMANDS` (`add_prune` here; `add_export` and `add_erase` from
gardien/privacy_export_cmd.py), so each tool keeps its own module.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from gardien.configs import config_of
from gardien.privacy_export_cmd import add_erase, add_export

if TYPE_CHECKING:
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def add_prune(subcommands: Subcommands) -> None:
    prune = subcommands.add_parser(
        "prune", help="apply the config's privacy.retention now (the bot must be stopped)")
    prune.add_argument("--config", metavar="FILE", help="config file (default: embedded defaults)")
    prune.add_argument("--json", action="store_true", help="one JSON object")
    prune.set_defaults(handler=cmd_prune)


SUBCOMMANDS: list[Callable[[Subcommands], None]] = [add_export, add_erase, add_prune]


def add_parser(commands: Subcommands) -> None:
    privacy = commands.add_parser(
        "privacy", help="retention, and a member's data: export or erase it (FORMATS.md, Privacy)")
    subcommands = privacy.add_subparsers(dest="privacy_command", required=True)
    for add in SUBCOMMANDS:
        add(subcommands)


def cmd_prune(args: argparse.Namespace) -> int:
    import asyncio

    from bot.privacy.retention import periods
    from storage.errors import StoreError
    from storage.factory import store_for
    from storage.sqlite import SQLiteStore

    config = config_of(args)
    if config is None:
        return 2

    async def prune() -> dict[str, object]:
        async with store_for(config.storage) as store:
            done = await store.prune(periods(config.retention))
            converted = 0
            # SQLite only: a file from before 0010 returns freed pages after one VACUUM
            if isinstance(store, SQLiteStore) and not done.incremental_vacuum:
                converted = await store.vacuum_incremental()
        return {"tables": done.tables, "communities_erased": done.communities_erased,
                "bytes_returned": done.bytes_returned + converted}

    try:
        result = asyncio.run(prune())
    except StoreError as error:
        print(f"gardien privacy prune: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return 0
    tables = result["tables"]
    assert isinstance(tables, dict)
    for table, verbs in sorted(tables.items()):
        print(f"{table}: " + ", ".join(f"{n} {verb}" for verb, n in sorted(verbs.items())))
    if not tables:
        print("nothing to prune")
    print(f"communities erased: {result['communities_erased']}; "
          f"bytes returned: {result['bytes_returned']}")
    return 0
