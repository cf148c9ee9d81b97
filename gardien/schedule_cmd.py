"""`gardien schedule`: the next occurrences of every community's `schedule:`, as the bot
will post them.

Communities: the config's `rules.communities`, plus those the database knows (an open
schedule timer or a recorded post: they run on the default file), or only `--community`.
The rules are the ones the bot would use: an upload in force, else the file on disk. The
database of `--config` is opened read-only and without the writer's lease, like
`gardien cases` (it works while the bot runs); without a database yet, only the
configured communities are shown and every rotation starts at its first text. With one,
a post's text follows the rotation: the next occurrence gets the text after the ones
recorded (`occurrence_count`), and so on.

One JSON line per occurrence with `--json`, in time order across items and communities:
`{"community", "id", "at", "channel", "post"}`, or `"poll": {"question", "options",
"lasts"}` instead of `post` for a poll (`lasts` spelt like the rule file's durations:
"1d", "90m"). `at` is UTC with a `Z`; `channel` is the item's channel, else the
rule file's welcome channel, else "" (the platform's default place: Discord's system
channel, the Telegram group); `post` is the text as it will be posted (`{community}`
filled). Without `--json`: a table in each community's local time and UTC.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from bot.config import Config
    from bot.rulebook import Rulebook
    from rules.ruleset import Ruleset
    from rules.schedule import ScheduledItem
    from storage.base import Store

DEFAULT_NEXT = 5
MAX_NEXT = 1000


class _Refused(Exception):
    """Exit 2 with this line on standard error ("" when the problems are printed)."""


@dataclass(frozen=True, slots=True)
class Upcoming:
    community: str
    id: str
    at: datetime                     # UTC
    timezone: str
    channel: str
    post: str | None = None
    poll: dict[str, object] | None = None

    def record(self) -> dict[str, object]:
        out: dict[str, object] = {"community": self.community, "id": self.id,
                                  "at": self.at.isoformat().replace("+00:00", "Z"),
                                  "channel": self.channel}
        if self.poll is not None:
            out["poll"] = self.poll
        else:
            out["post"] = self.post
        return out


def moment(text: str) -> datetime:
    """An argparse type: an ISO time; with no offset, UTC."""
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO time (e.g. 2026-11-30T09:00:00Z): {text!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_NEXT:
        raise argparse.ArgumentTypeError(f"not a count from 1 to {MAX_NEXT}: {text!r}")
    return value


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schedule = commands.add_parser(
        "schedule", help="the next scheduled posts and polls of every community")
    schedule.add_argument("--config", metavar="FILE",
                          help="config file (default: embedded defaults)")
    schedule.add_argument("--community", metavar="C", help='only this one, e.g. "discord:123"')
    schedule.add_argument("--from", dest="start", metavar="ISO-TIME", type=moment,
                          help="from this moment (included; no offset: UTC); default now")
    schedule.add_argument("--next", dest="next", metavar="N", type=count,
                          default=DEFAULT_NEXT,
                          help=f"occurrences per item (default {DEFAULT_NEXT})")
    schedule.add_argument("--json", action="store_true", help="one JSON object per line")
    schedule.set_defaults(handler=cmd_schedule)


def cmd_schedule(args: argparse.Namespace) -> int:
    """Exit 0 with the occurrences (none is fine); 2 when the config or a rule file is
    refused, or the database cannot be read."""
    import asyncio

    from gardien.configs import config_of

    config = config_of(args)
    if config is None:
        return 2
    start = args.start or datetime.now(UTC)
    try:
        found = asyncio.run(_upcoming(config, args.community, start, args.next))
    except _Refused as refused:
        if str(refused):
            print(f"gardien schedule: {refused}", file=sys.stderr)
        return 2
    if args.json:
        for one in found:
            print(json.dumps(one.record(), ensure_ascii=False))
    else:
        write_table(found, sys.stdout)
    return 0


async def _upcoming(config: Config, only: str | None, start: datetime,
                    per_item: int) -> list[Upcoming]:
    from storage.errors import StoreError
    from storage.factory import store_for
    from storage.target import PostgresURL

    store = None
    # read-only: nothing is created, no lease is taken
    if isinstance(config.storage, PostgresURL) or config.storage.exists():
        store = store_for(config.storage, read_only=True)
        try:
            await store.open()
        except StoreError as error:
            raise _Refused(str(error)) from None
    try:
        rules = await _Rules.read(config, store)
        known = set(config.rules.communities)
        if store is not None:
            known.update(await _known(store))
        names = [only] if only else sorted(known)
        found: list[Upcoming] = []
        for name in names:
            ruleset = rules.of(name)
            for item in ruleset.schedule:
                done = 0 if store is None else await _posted(store, name, item.id)
                found.extend(_of_item(name, item, ruleset, start, per_item, done))
        return sorted(found, key=lambda u: (u.at, u.community, u.id))
    finally:
        if store is not None:
            await store.close()


def _older(error: Exception) -> bool:
    """A database of an older Gardien (no schedule table yet): read as empty."""
    return "no such table" in str(error)


async def _known(store: Store) -> list[str]:
    from storage.errors import StoreError

    try:
        return await store.schedule_communities()
    except StoreError as error:
        if _older(error):
            return []
        raise _Refused(str(error)) from None


async def _posted(store: Store, community: str, item: str) -> int:
    from storage.errors import StoreError

    try:
        return await store.occurrence_count(community, item)
    except StoreError as error:
        if _older(error):
            return 0
        raise _Refused(str(error)) from None


class _Rules:
    """Each community's rules as the bot would use them: an upload in force, else the file
    on disk. Read like `gardien report` reads them, writing nothing (the rulebook is given
    no store: it would record the files' revisions)."""

    def __init__(self, rulebook: Rulebook, uploads: dict[str, Ruleset]) -> None:
        self.rulebook = rulebook
        self.uploads = uploads

    @classmethod
    async def read(cls, config: Config, store: Store | None) -> _Rules:
        from bot.rulebook import Rulebook, compile_upload
        from rules.problems import RuleFileError
        from storage.errors import StoreError

        rulebook = Rulebook(config.rules.default, dict(config.rules.communities))
        try:
            await rulebook.load()
        except RuleFileError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            raise _Refused("") from None
        uploads: dict[str, Ruleset] = {}
        try:
            active = await store.active_uploads() if store is not None else []
        except StoreError as error:
            if not _older(error):
                raise _Refused(str(error)) from None
            active = []
        for upload in active:
            try:
                uploads[upload.community] = compile_upload(upload.content, upload.file_name)
            except RuleFileError:   # the bot falls back to the file on disk, and so do we
                continue
        return cls(rulebook, uploads)

    def of(self, community: str) -> Ruleset:
        return self.uploads.get(community) or self.rulebook.for_community(community)


def _of_item(community: str, item: ScheduledItem, ruleset: Ruleset, start: datetime,
             per_item: int, done: int) -> list[Upcoming]:
    """The item's first `per_item` occurrences from `start` (included), `done` of its posts
    already recorded (where the rotation goes on)."""
    from bot.engagement.publish import default_channel, render
    from rules.durations import format_duration
    from rules.occurrences import occurrences

    zone = ruleset.timezone
    channel = default_channel(item.channel, ruleset)
    found: list[Upcoming] = []
    for index, at in enumerate(occurrences(item.at, zone, start - timedelta(microseconds=1))):
        if index >= per_item:
            break
        if item.poll is not None:
            poll: dict[str, object] = {"question": item.poll.question,
                                       "options": list(item.poll.options),
                                       "lasts": format_duration(item.poll.lasts)}
            found.append(Upcoming(community, item.id, at, zone, channel, poll=poll))
        else:
            text = render(item.text_for(done + index), ruleset)
            found.append(Upcoming(community, item.id, at, zone, channel, post=text))
    return found


def _what(one: Upcoming) -> str:
    if one.poll is not None:
        options = " / ".join(str(o) for o in one.poll["options"])   # type: ignore[attr-defined]
        return f"poll: {one.poll['question']} ({options}; {one.poll['lasts']})"
    text = (one.post or "").replace("\n", " ")
    return text if len(text) <= 70 else text[:69] + "…"


def write_table(found: list[Upcoming], out: TextIO) -> None:
    """Local time (with the zone's abbreviation) and UTC, then who, where and what."""
    if not found:
        out.write("Nothing scheduled.\n")
        return
    header = ("local time", "UTC", "community", "id", "channel", "what")
    rows = []
    for one in found:
        local = one.at.astimezone(ZoneInfo(one.timezone))
        rows.append((f"{local:%a %Y-%m-%d %H:%M} {local.tzname()} ({one.timezone})",
                     f"{one.at:%Y-%m-%d %H:%M}Z", one.community, one.id,
                     one.channel or "(default)", _what(one)))
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")
