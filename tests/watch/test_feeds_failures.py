"""Feeds that fail: told with a reason, retried later and later, paused after 10 in a row
with one alert to moderators, and every limit of the fetch holding against the server."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime, timedelta

from adapters.console import ConsoleAdapter
from bot.platforms import Platforms
from bot.rulebook import Rulebook
from bot.watch.feeds.fetch import MAX_BYTES, TOTAL_SECONDS, FetchLimits
from bot.watch.feeds.poll import MAX_DELAY, PAUSE_AFTER, retry_delay
from bot.watch.feeds.rounds import Watched, poll_round
from bot.watch.feeds.service import FeedWatch
from storage.sqlite import SQLiteStore

from .feedserver import LIMITS, Item, feed_server, fetcher, free_port, rss
from .rulefiles import compiled, watch_rules

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CONSOLE = "console:local"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def watched(tmp_path, url, every="1m"):
    ruleset = compiled(tmp_path, watch_rules([(url, every)]))
    assert ruleset.watch is not None
    return [Watched("discord:1", ruleset.watch, ruleset.locale)]


async def one_failure(store, client, feeds, now):
    result = await poll_round(store, client, feeds, now, lambda: 0.0, force=True)
    [polled] = result.polled
    assert polled.failure is not None and polled.hits == ()
    return polled.failure


async def test_each_kind_of_failure_is_told_with_its_reason(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        server.failing["/500"] = 500
        server.publish("/bad", b"<rss version='2.0'><channel><title>Acme</ti")
        server.publish("/html", b"<html><body>Acme is great</body></html>")
        cases = {
            "/500": "HTTP 500",
            "/slow": "no complete answer within 1.5 s",
            "/huge": "larger than 256 KiB",
            "/endless": "larger than 256 KiB",    # a stream that never ends, fast
            "/trickle": "no complete answer within 1.5 s",   # ...or slow
            "/redirect-loop": "more than 2 redirects",
            "/bad": "not a feed",
            "/html": "not a feed",
        }
        for path, reason in cases.items():
            started = time.monotonic()
            failure = await one_failure(store, client, watched(tmp_path, server.url(path)), T0)
            assert failure.reason.startswith(reason), (path, failure.reason)
            assert time.monotonic() - started < LIMITS.total + 1.0, path
            assert failure.failures == 1 and not failure.paused
        refused = f"http://127.0.0.1:{free_port()}/rss"
        failure = await one_failure(store, client, watched(tmp_path, refused), T0)
        assert failure.reason.startswith("cannot connect"), failure.reason
        state = await store.feed_state("discord:1", server.url("/500"))
        assert state is not None and state.last_error == "HTTP 500" and not state.primed


def test_the_default_limits_are_those_documented():
    limits = FetchLimits()
    assert (limits.max_bytes, limits.total, limits.redirects) == (5 * 2**20, 30.0, 3)
    assert (limits.max_bytes, limits.total) == (MAX_BYTES, TOTAL_SECONDS)


def test_backoff_doubles_from_every_up_to_the_cap_with_bounded_jitter():
    delays = [retry_delay(60, n, lambda: 0.0) for n in range(1, 12)]
    assert delays[:4] == [120, 240, 480, 960]
    assert delays == sorted(delays) and max(delays) == MAX_DELAY
    assert retry_delay(60, 1, lambda: 0.999) < 120 * 1.1
    assert retry_delay(86400, 3, lambda: 0.0) == 86400   # an `every` above the cap stands


async def test_a_failing_feed_backs_off_pauses_after_ten_alerts_once_and_recovers(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        url = server.url("/rss")
        path = tmp_path / "rules.yaml"
        path.write_text(watch_rules([(url, "1m")]), encoding="utf-8")
        rulebook = Rulebook(path, {CONSOLE: path}, store)
        await rulebook.load()
        out = io.StringIO()
        clock = Clock()
        watch = FeedWatch(store, rulebook, Platforms([ConsoleAdapter(io.StringIO(), out)]),
                          clock, rand=lambda: 0.0)
        server.publish("/rss", rss([Item("old", guid="0")]))
        assert (await watch.poll(client)).polled[0].failure is None
        server.failing["/rss"] = 503
        waits = []
        for n in range(1, PAUSE_AFTER + 1):
            clock.now += timedelta(days=1)   # past any backoff
            result = await watch.poll(client)
            [polled] = result.polled
            assert polled.failure is not None and polled.failure.failures == n
            assert polled.failure.paused == (n == PAUSE_AFTER)
            waits.append((polled.failure.next_at - clock.now).total_seconds())
        assert waits == sorted(waits) and waits[0] == 120 and waits[-1] == MAX_DELAY
        alerts = [line for line in out.getvalue().splitlines() if "paused" in line]
        assert len(alerts) == 1 and url in alerts[0] and alerts[0].startswith("post to log:")
        # paused: no more polls, no second alert
        asked = len(server.hits("/rss"))
        for _ in range(3):
            clock.now += timedelta(days=1)
            assert (await watch.poll(client)).polled == []
        assert len(server.hits("/rss")) == asked
        assert len([line for line in out.getvalue().splitlines() if "paused" in line]) == 1
        # the rule file's entry changes: the feed resumes, and a success resets the count
        del server.failing["/rss"]
        path.write_text(watch_rules([(url, "2m")]), encoding="utf-8")
        await rulebook.reload(force=True)
        clock.now += timedelta(minutes=1)
        [polled] = (await watch.poll(client)).polled
        assert polled.failure is None and polled.state.failures == 0
        assert not polled.state.paused and polled.state.every == 120


async def test_a_paused_feed_resumes_with_the_store_and_is_polled_at_once(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        server.failing["/rss"] = 500
        feeds = watched(tmp_path, server.url("/rss"))
        for n in range(PAUSE_AFTER):
            await one_failure(store, client, feeds, T0 + timedelta(hours=n))
        result = await poll_round(store, client, feeds, T0 + timedelta(days=2), lambda: 0.0)
        assert result.polled == [] and [s.url for s in result.paused] == [server.url("/rss")]
        assert await store.resume_feed(server.url("/rss")) == 1
        assert await store.resume_feed(server.url("/rss")) == 0
        del server.failing["/rss"]
        server.publish("/rss", rss([Item("Acme", guid="1")]))
        result = await poll_round(store, client, feeds, T0 + timedelta(days=2), lambda: 0.0)
        [polled] = result.polled
        assert polled.failure is None and polled.hits == ()   # first success: primed
