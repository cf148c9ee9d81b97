"""`gardien import discord|telegram`: a platform export printed as the event stream.

Exit 0 when the file was read (messages that could not be converted are reported on
standard error and skipped); 2 when a file cannot be read or is not JSON, with the line,
column and byte where it goes wrong.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.imports.sniff import Kind


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser("import", help="print a platform export as the event stream")
    kinds = command.add_subparsers(dest="platform", required=True)
    discord = kinds.add_parser("discord", help="DiscordChatExporter JSON, one channel a file")
    discord.add_argument("files", nargs="+", metavar="FILE")
    telegram = kinds.add_parser("telegram", help="a Telegram Desktop export (result.json)")
    telegram.add_argument("files", nargs=1, metavar="FILE")
    for sub in (discord, telegram):
        sub.add_argument("--out", metavar="FILE", help="write the stream there (default: "
                         "standard output)")
        sub.add_argument("--pseudonymise", action="store_true",
                         help="member ids and names as keyed pseudonyms "
                              "(key: GARDIEN_PSEUDONYM_KEY)")
        sub.set_defaults(handler=cmd_import, logs_on_first_record=True)


BATCH = 1024


def _write(out: TextIO, lines: list[str]) -> int:
    """Write the lines and forget them; how many there were."""
    count = len(lines)
    if count:
        out.write("\n".join(lines))
        out.write("\n")
        lines.clear()
    return count


def warn(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from bot.imports.common import ExportError, Pseudonyms
    from bot.imports.sniff import export_lines
    from gardien.progress import progress_bar
    from gardien.streams import bulk

    kind: Kind = "discord" if args.platform == "discord" else "telegram"
    pseudonyms = Pseudonyms.from_environment(warn) if args.pseudonymise else None
    try:
        out: TextIO = (open(args.out, "w", encoding="utf-8")  # noqa: SIM115
                       if args.out else sys.stdout)
    except OSError as error:
        print(f"{args.out}: cannot write: {error.strerror}", file=sys.stderr)
        return 2
    count = 0
    batch: list[str] = []   # lines written a thousand at a time: one write, not two a line
    try:
        with bulk(), progress_bar(args.files, "import") as progress:
            for line in export_lines(kind, args.files, warn, pseudonyms, progress):
                batch.append(line)
                if len(batch) == BATCH:
                    count += _write(out, batch)
            count += _write(out, batch)
    except ExportError as error:
        _write(out, batch)   # the events before the fault, as they would have been
        print(error, file=sys.stderr)
        return 2
    except OSError as error:
        where = error.filename or args.out or "output"
        print(f"{where}: {error.strerror or error}", file=sys.stderr)
        return 2
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"{count:,} events imported", file=sys.stderr)
    return 0
