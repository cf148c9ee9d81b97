"""`gardien privacy export` and `gardien privacy erase`: a member's data, on the host's
command line (FORMATS.md, "Privacy").

Export reads the database read-only (like `gardien cases`: it works while the bot runs).
Erasure needs the database's writer: while `gardien run` holds it, it refuses (exit 2) and
says to stop the bot first. After `--cases` the file is compacted so that no byte of the
member is left in it, its write-ahead log or shared memory (storage/compact.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from gardien.configs import config_of

if TYPE_CHECKING:
    from storage.member_erase import ErasureReport
    from storage.target import StorageTarget

PLATFORM_KEEPS = (
    "What the platform itself holds is not erased by Gardien: a Discord ban, Telegram's "
    "list of banned members, the messages in the channels. Lift a ban on the platform "
    "(`unban`), and ask the platform for the rest.")


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="config file (default: embedded defaults)")
    parser.add_argument("--user", metavar="U", required=True, help="the platform's user id")
    parser.add_argument("--community", metavar="C",
                        help='only this community, e.g. "discord:123" (default: every one)')


def add_export(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = subcommands.add_parser("export", help="print everything held on a member (JSON)")
    _options(export)
    export.set_defaults(handler=cmd_export)


def add_erase(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    erase = subcommands.add_parser("erase", help="erase a member's data (cases stay)")
    _options(erase)
    erase.add_argument("--cases", action="store_true",
                       help="pseudonymise their cases too; no byte of them stays in the files")
    erase.set_defaults(handler=cmd_erase)


def cmd_export(args: argparse.Namespace) -> int:
    """Exit 0 with the JSON object on standard output; 2 when the database cannot be read."""
    import asyncio

    from storage.errors import StoreError
    from storage.factory import store_for

    config = config_of(args)
    if config is None:
        return 2

    async def read() -> dict[str, Any]:
        store = store_for(config.storage, read_only=True)
        await store.open()
        try:
            return await store.member_export(args.user, args.community)
        finally:
            await store.close()

    try:
        found = asyncio.run(read())
    except StoreError as error:
        print(error, file=sys.stderr)
        return 2
    json.dump(found, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


async def erase_files(path: StorageTarget, user: str, community: str | None,
                      with_cases: bool) -> ErasureReport:
    """Erase, close, and after --cases rewrite the files (the store must be closed first:
    VACUUM and emptying the log cannot run inside the writer's transactions)."""
    import asyncio

    from storage.compact import compact
    from storage.factory import store_for

    async with store_for(path) as store:
        report = await store.member_erase(user, community, with_cases)
    if with_cases and isinstance(path, Path):   # rewriting the file's bytes: SQLite only
        await asyncio.to_thread(compact, path)
    return report


def cmd_erase(args: argparse.Namespace) -> int:
    """Exit 0 once erased; 2 when the bot runs (it holds the writer) or the database
    cannot be used."""
    import asyncio

    from storage.errors import LeaseHeldError, StoreError

    config = config_of(args)
    if config is None:
        return 2
    try:
        report = asyncio.run(erase_files(config.storage, args.user, args.community,
                                         args.cases))
    except LeaseHeldError as error:
        print(f"{error}\ngardien privacy erase needs the database to itself: stop "
              "`gardien run`, erase, start it again.", file=sys.stderr)
        return 2
    except StoreError as error:
        print(error, file=sys.stderr)
        return 2
    write_report(report, args.community, sys.stdout)
    return 0


def write_report(report: ErasureReport, community: str | None, out: TextIO) -> None:
    where = f" in {community}" if community else ""
    out.write(f"Erased member {report.user}{where}"
              f"{' (cases included)' if report.with_cases else ''}.\n")
    for table, done in report.tables.items():
        if done:
            what = ", ".join(f"{label} {count}" for label, count in done.items())
            out.write(f"  {table}: {what}\n")
    out.write(f"Their id and names were replaced by {report.pseudonym} in "
              f"{report.names} texts left (reasons, other members' messages...).\n")
    out.write("What remains, and why:\n")
    if report.with_cases:
        out.write(f"  - their cases stay as the community's record of sanctions, under "
                  f"{report.pseudonym}; evidence emptied; no byte of their id or names is "
                  f"left in the database files{' but the timers below' if report.active else ''}"
                  ".\n")
    elif report.cases_kept:
        out.write(f"  - {report.cases_kept} case(s) stay, evidence emptied: the community's "
                  "record of sanctions (answers for them, appeals). `--cases` pseudonymises "
                  "them too.\n")
    for active in report.active:
        case = f" (case #{active.case})" if active.case is not None else ""
        out.write(f"  - an active temporary sanction in {active.community}{case}: its "
                  f"timer ({active.kind}, due {active.due_at}) is kept with their id, so the "
                  "sanction is still lifted at its end; an erasure never lifts it.\n")
    if not report.with_cases:
        out.write("  - what they did as a moderator (lockdowns, rule uploads, amended "
                  "reasons) stays with their id unless `--cases`.\n")
    out.write(f"  - {PLATFORM_KEEPS}\n")
