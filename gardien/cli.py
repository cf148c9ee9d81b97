"""The `gardien` command line: check, schema and simulate rule files, report on a community,
list what is scheduled.

Standard output carries results (JSON lines with --json); logs and problems
meant for a person go to standard error, except `check`, whose report is its
result.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from gardien.configs import config_of
from gardien.streams import Unreadable, bulk

if TYPE_CHECKING:
    from storage.models import Case


def cmd_check(args: argparse.Namespace) -> int:
    from rules.compiler import load_ruleset
    from rules.problems import RuleFileError

    failed = False
    for path in args.files:
        try:
            ruleset = load_ruleset(path)
        except RuleFileError as error:
            failed = True
            for problem in error.problems:
                if args.json:
                    print(json.dumps(problem.as_dict(), ensure_ascii=False))
                else:
                    print(problem)
            if not args.json:
                count = len(error.problems)
                print(f"{path}: refused, {count} problem{'s' if count != 1 else ''}")
            continue
        if not args.json:
            examples = sum(
                len(rule.examples.match) + len(rule.examples.pass_)
                for rule in ruleset.rules
                if rule.examples
            )
            print(f"{path}: OK, {len(ruleset.rules)} rules, {examples} examples pass")
    return 1 if failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from rules.conditions import default_registry
    from rules.jsonschema import rule_file_schema

    print(json.dumps(rule_file_schema(default_registry()), indent=2, ensure_ascii=False))
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """Exit 0 when the stream was replayed, malformed lines skipped and reported; 1 when
    the rule file is refused, the stream cannot be read, or no line of it was an event."""
    from bot.simulate import format_summary, simulate
    from rules.compiler import load_ruleset
    from rules.problems import RuleFileError

    try:
        ruleset = load_ruleset(args.rules)
    except RuleFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    from bot.imports.common import ExportError
    from gardien.sources import events_of

    try:
        # Bytes, decoded line by line: a byte that is not UTF-8 costs its own line only.
        with bulk(), events_of(args.events) as lines:
            out = sys.stdout if args.json else None
            summary = simulate(ruleset, lines, out, sys.stderr)
    except Unreadable as failure:
        print(f"{args.events}: cannot read: {failure.reason}", file=sys.stderr)
        return 1
    except ExportError as error:
        print(error, file=sys.stderr)
        return 1
    if not args.json:
        print(format_summary(summary, ruleset))
    if summary.malformed and not summary.events:
        print(f"{args.events}: no event could be read ({summary.malformed} malformed lines)",
              file=sys.stderr)
        return 1
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    import asyncio

    from bot.logs import configure_logging
    from gardien.app import run_bot

    config = config_of(args)
    if config is None:
        return 2
    configure_logging(config.log.format, config.log.level, config.secrets())
    return asyncio.run(run_bot(config))


def cmd_cases(args: argparse.Namespace) -> int:
    import asyncio

    from gardien.cases_cmd import write_json, write_table
    from storage.errors import StoreError
    from storage.factory import store_for

    config = config_of(args)
    if config is None:
        return 2

    async def fetch() -> list[Case]:
        # Read-only: no lease (it works while the bot runs), and nothing is ever created.
        store = store_for(config.storage, read_only=True)
        await store.open()
        try:
            return await store.cases(community=args.community, user=args.user)
        finally:
            await store.close()

    try:
        cases = asyncio.run(fetch())
    except StoreError as error:
        print(error, file=sys.stderr)
        return 2
    (write_json if args.json else write_table)(cases, sys.stdout)
    return 0


# Commands in modules of their own, in the order of the help. Each module is compiled and
# run to add its parser: a command line naming one of them imports that one only.
COMMAND_MODULES = {"report": "gardien.report_cmd", "schedule": "gardien.schedule_cmd",
                   "import": "gardien.import_cmd", "watch": "gardien.watch_cmd",
                   "privacy": "gardien.privacy_cmd"}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser; or, for `command` (one of COMMAND_MODULES), the commands of
    this module and that one's only: what parsing a line that names it needs."""
    parser = argparse.ArgumentParser(prog="gardien", description="Gardien moderation bot")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate rule files and run their examples")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--json", action="store_true", help="problems as JSON lines")
    check.set_defaults(handler=cmd_check)

    run = commands.add_parser("run", help="run the bot (the local console when no platform is on)")
    run.add_argument("--config", metavar="FILE", help="config file (default: embedded defaults)")
    run.set_defaults(handler=cmd_run)

    cases = commands.add_parser("cases", help="list recorded cases, oldest first")
    cases.add_argument("--config", metavar="FILE", help="config file (default: embedded defaults)")
    cases.add_argument("--community", metavar="C", help='e.g. "discord:123" or "console:local"')
    cases.add_argument("--user", metavar="U", help="the platform's user id")
    cases.add_argument("--json", action="store_true", help="one JSON object per line")
    cases.set_defaults(handler=cmd_cases)

    schema = commands.add_parser("schema", help="print the JSON Schema of rule files")
    schema.set_defaults(handler=cmd_schema)

    sim = commands.add_parser("simulate",
                              help="replay an event stream or a platform export offline")
    sim.add_argument("rules", metavar="RULES.yaml")
    sim.add_argument("events", metavar="EVENTS", help="JSON Lines or an export; '-' reads "
                     "standard input (JSON Lines)")
    sim.add_argument("--json", action="store_true", help="one verdict per triggering event")
    sim.set_defaults(handler=cmd_simulate)
    for name, module in COMMAND_MODULES.items():
        if command is None or name == command:
            import_module(module).add_parser(commands)
    return parser


class _LogsOnFirstRecord(logging.Handler):
    """Stands for bot.logs' handler until a record comes: structlog (and the rich it
    imports) cost a tenth of a second, which a command that never logs need not pay. The
    first record configures the logs, then goes to them as it would have."""

    def emit(self, record: logging.LogRecord) -> None:
        root = logging.getLogger()
        # A new list, not the one the logger is going through: the handlers after this one
        # still get the record from that one, once; none is skipped.
        root.handlers = [handler for handler in root.handlers if handler is not self]
        before = list(root.handlers)
        _configure_logs()
        for handler in root.handlers:
            if handler not in before and record.levelno >= handler.level:
                handler.handle(record)


def _configure_logs() -> None:
    from bot.logs import configure_logging

    # Until `run` reads its config: warnings only, and always on standard error, so that no
    # library's log line can ever reach the JSON lines of `--json` commands.
    configure_logging(None, "warning")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # the command comes first (the top level has no option but --help)
    named = argv[0] if argv and argv[0] in COMMAND_MODULES else None
    args = build_parser(named).parse_args(argv)
    if getattr(args, "logs_on_first_record", False):
        # commands whose modules log through the standard library only (structlog's
        # own loggers, unconfigured, would print on standard output)
        root = logging.getLogger()
        root.setLevel(logging.WARNING)
        root.addHandler(_LogsOnFirstRecord())
    else:
        _configure_logs()
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
