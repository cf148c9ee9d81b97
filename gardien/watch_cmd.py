"""`gardien watch`: poll the outside feeds of every community's watch once, print new hits.

It opens the config's database as `gardien run` does (it records what it saw, so it takes
the writer's lease: run it while the bot is stopped, or let `gardien run` poll). The
communities are those the config names and those the database knows, each with the rule
file in force there (an upload from chat included). `--once` polls every feed that is
not paused now, whatever its `every` or its backoff; a failure still counts towards the
backoff and the pause. `--resume URL` resumes a paused feed (every community).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from gardien.configs import config_of

if TYPE_CHECKING:
    from bot.config import Config


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    watch = commands.add_parser(
        "watch", help="poll the watch's outside feeds once and print new items")
    watch.add_argument("--config", metavar="FILE", help="config file (default: embedded defaults)")
    watch.add_argument("--once", action="store_true",
                       help="poll every feed that is not paused, now, and exit")
    watch.add_argument("--resume", metavar="URL", action="append", default=[],
                       help="resume this paused feed (may be repeated)")
    watch.add_argument("--json", action="store_true", help="one JSON object per new item")
    watch.set_defaults(handler=cmd_watch)


def cmd_watch(args: argparse.Namespace) -> int:
    """Exit 0 when it ran (failing feeds included), 2 when the config, the rules or the
    database cannot be used."""
    import asyncio

    if not args.once and not args.resume:
        print("gardien watch: say --once (poll now) or --resume URL", file=sys.stderr)
        return 2
    config = config_of(args)
    if config is None:
        return 2
    from rules.problems import RuleFileError
    from storage.errors import StoreError

    try:
        return asyncio.run(_watch(args, config))
    except RuleFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    except StoreError as error:
        print(f"gardien watch: {error}", file=sys.stderr)
        return 2


async def _watch(args: argparse.Namespace, config: Config) -> int:
    from adapters.feeds_http import HttpFetcher
    from bot.rulebook import Rulebook
    from bot.watch.feeds.rounds import poll_round
    from bot.watch.feeds.service import known_communities, watched
    from storage.factory import store_for

    store = store_for(config.storage)
    await store.open()
    try:
        for url in args.resume:
            count = await store.resume_feed(url)
            print(f"{url}: resumed in {count} communit{'y' if count == 1 else 'ies'}"
                  if count else f"{url}: not paused anywhere", file=sys.stderr)
        if not args.once:
            return 0
        rulebook = Rulebook(config.rules.default, dict(config.rules.communities), store)
        await rulebook.load()
        found = watched(rulebook, await known_communities(store, list(rulebook.communities)))
        if not found:
            print("gardien watch: no community's rule file has watch feeds (communities: "
                  "those under rules.communities and those the bot has seen)",
                  file=sys.stderr)
            return 0
        fetcher = HttpFetcher()
        try:
            result = await poll_round(store, fetcher, found, datetime.now(UTC), random.random,
                                      force=True)
        finally:
            await fetcher.close()
        for polled in result.polled:
            for hit in polled.hits:
                print(json.dumps(hit.as_json(), ensure_ascii=False) if args.json
                      else _line(hit.community, hit.title, hit.link, hit.terms,
                                 hit.sentiment))
            failure = polled.failure
            if failure is not None:
                then = ("paused" if failure.paused else
                        "next try " + failure.next_at.strftime("%Y-%m-%dT%H:%M:%SZ"))
                print(f"{failure.feed} ({failure.community}): {failure.reason}; "
                      f"{failure.failures} failure{'s' if failure.failures != 1 else ''} "
                      f"in a row; {then}", file=sys.stderr)
        polled_now = {(p.state.community, p.state.url) for p in result.polled}
        for state in result.paused:
            if (state.community, state.url) not in polled_now:
                print(f"{state.url} ({state.community}): paused after {state.failures} "
                      f"failures (last: {state.last_error}); resume with --resume",
                      file=sys.stderr)
        sys.stdout.flush()
        return 0
    finally:
        await store.close()


def _line(community: str, title: str, link: str, terms: tuple[str, ...],
          sentiment: float) -> str:
    return (f"{community}: {title or '(untitled)'} [{', '.join(terms)}] "
            f"sentiment {sentiment:+.2f}" + (f" {link}" if link else ""))
