"""`gardien report`: a community's activity, newcomers and moderation over a period.

Live (without `--events`), it reads what the running bot counted in the database of
`--config` (bot/insight/live.py), read-only and without the writer's lease, like
`gardien cases`: it works while the bot runs, each community in the timezone and language
its rule file had when it was counted; by default the 7 days before today there. Only
the watch part's terms come from the communities' current rule files (read, never
recorded: the database stays untouched).
Offline (`--events`), the stream is replayed through `bot.simulate.replay` (the rules of
`--rules` applied as `gardien simulate` applies them) into a `Tally`, and each community's
report is built from it. Both end in `build_report`: the same figures for the same events.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Config
    from bot.insight.model import Report
    from bot.insight.tally import Tally
    from bot.insight.watch_replay import WatchReplay
    from bot.rulebook import Rulebook
    from bot.simulate import Summary
    from rules.ruleset import Ruleset
    from storage.base import Store

LIVE_DAYS = 7     # the live form's default period: the 7 days before today


class _Refused(Exception):
    """What makes the command exit 2 (or 1) with one line on standard error."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def day(text: str) -> date:
    """An argparse type: a day as YYYY-MM-DD."""
    try:
        if len(text) == 10:   # fromisoformat would take 20261025 too
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report", help="a community's activity, newcomers and moderation over a period")
    report.add_argument("--config", metavar="FILE", help="config file (the live form)")
    report.add_argument("--events", metavar="FILE",
                        help="an event stream (JSON Lines) or a platform export to report "
                             "on; '-' reads stdin (JSON Lines)")
    report.add_argument("--rules", metavar="RULES.yaml",
                        help="with --events: apply these rules (moderation figures, timezone, "
                             "language)")
    report.add_argument("--community", metavar="C", help='only this one, e.g. "discord:123"')
    report.add_argument("--from", dest="start", metavar="DAY", type=day,
                        help="first day (YYYY-MM-DD, included)")
    report.add_argument("--to", dest="end", metavar="DAY", type=day,
                        help="end day (YYYY-MM-DD, excluded)")
    report.add_argument("--json", action="store_true", help="one JSON object per community")
    report.add_argument("--html", metavar="FILE", help="write a self-contained HTML page")
    report.add_argument("--chart", metavar="FILE.png", help="write a PNG chart")
    report.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Exit 0 with the reports; 1 when the rules are refused or the stream unreadable (as
    `simulate`); 2 for a command line that cannot be served."""
    try:
        return _report(args)
    except _Refused as refused:
        if str(refused):   # "": the problems are printed already
            print(f"gardien report: {refused}", file=sys.stderr)
        return refused.code


def _report(args: argparse.Namespace) -> int:
    if args.events is None and args.rules:
        raise _Refused("--rules goes with --events")
    if args.start and args.end and args.end <= args.start:
        raise _Refused("--to must be a day after --from (--from is included, --to excluded)")
    if args.events is None:
        return _print(args, _live(args), None)
    replayed = _replayed(args)
    summary = replayed.summary
    if summary.malformed and not summary.events:
        raise _Refused(f"{args.events}: no event could be read ({summary.malformed} "
                       "malformed lines)", code=1)
    communities = [args.community] if args.community else replayed.tally.communities()
    reports = [_one(replayed, community, args) for community in communities]
    return _print(args, [report for report in reports if report is not None],
                  replayed.locale)


def _print(args: argparse.Namespace, found: list[Report], locale: str | None) -> int:
    if args.html or args.chart:
        _render(args, found)
    if args.json:
        from bot.insight.model import as_json

        for report in found:
            print(json.dumps(as_json(report), ensure_ascii=False))
    elif found:
        from bot.insight.text import summary_text

        print("\n\n".join(summary_text(report, locale) for report in found))
    return 0


def _live(args: argparse.Namespace) -> list[Report]:
    """Each community's report from the database the config names (read-only)."""
    import asyncio

    from gardien.configs import config_of
    from storage.errors import StoreError

    config = config_of(args)
    if config is None:
        raise _Refused("")   # its problems are printed, as `gardien cases` prints them
    try:
        return asyncio.run(_read_live(config, args))
    except StoreError as error:
        if "no such table: insight_" in str(error):   # a database of an older Gardien
            raise _Refused(f"{config.storage}: no counts in this database yet (the bot "
                           "records them from this version on)") from None
        raise _Refused(str(error)) from None


async def _read_live(config: Config, args: argparse.Namespace) -> list[Report]:
    from zoneinfo import ZoneInfo

    from bot.insight.live import read_period
    from storage.factory import store_for
    from storage.insight import InsightCommunity

    # Read-only: no lease (it works while the bot runs), and nothing is ever created.
    store = store_for(config.storage, read_only=True)
    await store.open()
    try:
        rules = await _CurrentRules.read(config, store)
        known = {c.community: c for c in await store.insight_communities()}
        names = [args.community] if args.community else sorted(known)
        reports = []
        for name in names:
            community = known.get(name) or InsightCommunity(name, "UTC", "en")
            today = datetime.now(ZoneInfo(community.timezone)).date()
            end = args.end or (today if args.start is None or args.start < today
                               else args.start + timedelta(days=1))
            start = args.start or end - timedelta(days=LIVE_DAYS)
            period = await read_period(store, name, community.timezone, start, end,
                                       rules.of(name))
            reports.append(period.report(locale=community.locale))
        return reports
    finally:
        await store.close()


class _CurrentRules:
    """The communities' current rules (an upload in force, else the config's file), for
    the watch part's terms; read like the bot reads them, but nothing is written (the
    database is open read-only). A file that no longer loads is told on standard error:
    its communities' watch part then shows only what was recorded."""

    def __init__(self, rulebook: Rulebook, uploads: dict[str, Ruleset]) -> None:
        self.rulebook = rulebook
        self.uploads = uploads

    @classmethod
    async def read(cls, config: Config, store: Store) -> _CurrentRules:
        from bot.rulebook import Rulebook, compile_upload
        from rules.problems import RuleFileError

        rulebook = Rulebook(config.rules.default, dict(config.rules.communities))
        try:
            await rulebook.load()
        except RuleFileError as error:
            files = sorted({problem.file for problem in error.problems})
            print(f"gardien report: {', '.join(files)}: rules refused; the watch part shows "
                  "only what was recorded", file=sys.stderr)
        uploads = {}
        for upload in await store.active_uploads():
            try:
                uploads[upload.community] = compile_upload(upload.content, upload.file_name)
            except RuleFileError:   # the bot falls back to the file on disk, and so do we
                continue
        return cls(rulebook, uploads)

    def of(self, community: str) -> Ruleset | None:
        uploaded = self.uploads.get(community)
        if uploaded is not None:
            return uploaded
        try:
            return self.rulebook.on_disk(community)
        except KeyError:   # its file was refused
            return None


@dataclass
class _Replayed:
    tally: Tally
    summary: Summary
    ruleset: Ruleset | None
    watch: WatchReplay | None    # when the rules have `watch` or `crisis`

    @property
    def locale(self) -> str | None:
        return self.ruleset.locale if self.ruleset is not None else None


def _replayed(args: argparse.Namespace) -> _Replayed:
    """The stream counted into a tally (rules applied when given)."""
    from bot.imports.common import ExportError
    from bot.insight.tally import Tally
    from bot.insight.watch_replay import WatchReplay
    from bot.simulate import Summary, replay
    from gardien.sources import events_of
    from gardien.streams import Unreadable
    from rules.compiler import load_ruleset
    from rules.problems import RuleFileError

    ruleset = None
    if args.rules:
        try:
            ruleset = load_ruleset(args.rules)
        except RuleFileError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            raise _Refused(f"{args.rules}: refused", code=1) from None
    zone = ruleset.timezone if ruleset is not None else "UTC"
    tally = Tally(lambda community: zone)
    watch = WatchReplay(ruleset, tally.zone) if ruleset is not None and ruleset.senses else None
    summary = Summary()
    try:
        with events_of(args.events) as lines:
            for event, verdict in replay(ruleset, lines, sys.stderr, summary):
                tally.feed(event, verdict)
                if watch is not None:
                    watch.feed(event, verdict)
    except Unreadable as failure:
        raise _Refused(f"{args.events}: cannot read: {failure.reason}", code=1) from None
    except ExportError as error:
        raise _Refused(str(error), code=1) from None
    return _Replayed(tally, summary, ruleset, watch)


def _one(replayed: _Replayed, community: str, args: argparse.Namespace) -> Report | None:
    """The community's report, or None when the period is unknown (an empty stream)."""
    from bot.insight.compute import build_report, stream_period

    tally, ruleset = replayed.tally, replayed.ruleset
    period = stream_period(tally, community)
    start = args.start or (period[0] if period else None)
    end = args.end or (period[1] if period else None)
    if start is None or end is None:
        return None
    if end <= start:
        raise _Refused(f"the stream's days end before --from {start}" if args.start
                       else f"the stream's days start after --to {end}")
    watch = None
    if replayed.watch is not None and ruleset is not None:
        terms = ruleset.watch.terms if ruleset.watch is not None else ()
        watch = (replayed.watch.of(community), terms)
    return build_report(tally, community, start, end, moderation=ruleset is not None,
                        locale=replayed.locale, watch=watch)


def _render(args: argparse.Namespace, reports: list[Report]) -> None:
    """`--html` and `--chart` for one community; the chart is drawn once for both."""
    if len(reports) != 1:
        raise _Refused("--html and --chart show one community: choose it with --community"
                       if reports else "--html and --chart: no community to show")
    from bot.insight.render import chart_png, render_html  # matplotlib: only when asked

    report = reports[0]
    chart = chart_png(report)
    outputs: list[tuple[str, bytes]] = []
    if args.chart:
        outputs.append((args.chart, chart))
    if args.html:
        outputs.append((args.html, render_html(report, daily_png=chart).encode("utf-8")))
    for path, data in outputs:
        try:
            Path(path).write_bytes(data)
        except OSError as error:
            raise _Refused(f"{path}: cannot write: {error.strerror or error}",
                           code=1) from None
