"""Polling feeds of a real local server into a real SQLite file: what is told, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.watch.feeds.rounds import Round, Watched, poll_round
from storage.sqlite import SQLiteStore

from .feedserver import Item, atom, feed_server, fetcher, rss
from .rulefiles import compiled, watch_rules

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
C1 = "discord:1"


def watching(tmp_path, *urls, community=C1, **options):
    ruleset = compiled(tmp_path, watch_rules([(u, "1m") for u in urls], **options))
    assert ruleset.watch is not None
    return Watched(community, ruleset.watch, ruleset.locale)


def hits(result: Round) -> list[dict]:
    return [hit.as_json() for polled in result.polled for hit in polled.hits]


def no_failures(result: Round) -> None:
    assert [p.failure for p in result.polled if p.failure] == []


async def test_first_poll_is_silent_then_a_new_item_with_a_term_is_told(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        url = server.url("/rss")
        server.publish("/rss", rss([Item("Acme raises prices", link="http://n/1", guid="1"),
                                    Item("Weather", guid="2")]))
        watched = [watching(tmp_path, url)]
        first = await poll_round(store, client, watched, T0, lambda: 0.0)
        no_failures(first)
        assert hits(first) == []          # the feed's past is not news
        server.publish("/rss", rss([
            Item("Outage at <b>ACME</b> Cloud", summary="<p>Users of acme cloud angry</p>",
                 link="http://n/3", guid="3"),
            Item("Cats", summary="nothing to see", guid="4"),
            Item("Acme raises prices", link="http://n/1", guid="1"),
            Item("Weather", guid="2")]))
        second = await poll_round(store, client, watched, T0 + timedelta(minutes=1),
                                  lambda: 0.0)
        no_failures(second)
        [hit] = hits(second)
        assert list(hit) == ["community", "feed", "id", "title", "link", "terms", "sentiment"]
        assert {k: v for k, v in hit.items() if k != "sentiment"} == {
            "community": C1, "feed": url, "id": "3", "title": "Outage at ACME Cloud",  # no tags
            "link": "http://n/3", "terms": ["Acme", "acme cloud"]}
        assert isinstance(hit["sentiment"], float) and -1.0 <= hit["sentiment"] <= 1.0
        # nothing new: nothing told, whichever way the server answers
        third = await poll_round(store, client, watched, T0 + timedelta(minutes=2),
                                 lambda: 0.0)
        assert hits(third) == [] and len(third.polled) == 1


async def test_etag_and_last_modified_are_sent_back_and_a_304_is_a_quiet_success(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        server.publish("/rss", rss([Item("Acme", guid="1")]))
        watched = [watching(tmp_path, server.url("/rss"))]
        await poll_round(store, client, watched, T0, lambda: 0.0)
        first = server.hits("/rss")[0]
        assert "If-None-Match" not in first and "If-Modified-Since" not in first
        assert first["User-Agent"].startswith("Gardien/")
        second = await poll_round(store, client, watched, T0 + timedelta(minutes=1),
                                  lambda: 0.0)
        sent = server.hits("/rss")[1]
        state = await store.feed_state(C1, server.url("/rss"))
        assert state is not None and state.etag and state.last_modified
        assert sent["If-None-Match"] == state.etag
        assert sent["If-Modified-Since"] == state.last_modified
        no_failures(second)
        assert hits(second) == []
        assert state.failures == 0 and state.primed


async def test_not_due_feeds_wait_for_every_unless_forced(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        server.publish("/rss", rss([Item("Acme", guid="1")]))
        watched = [watching(tmp_path, server.url("/rss"))]
        await poll_round(store, client, watched, T0, lambda: 0.0)
        early = await poll_round(store, client, watched, T0 + timedelta(seconds=30),
                                 lambda: 0.0)
        assert early.polled == [] and early.next_due == T0 + timedelta(minutes=1)
        forced = await poll_round(store, client, watched, T0 + timedelta(seconds=30),
                                  lambda: 0.0, force=True)
        assert len(forced.polled) == 1
        assert len(server.hits("/rss")) == 2


async def test_items_are_told_once_across_a_reopened_database(tmp_path):
    async with feed_server() as server, fetcher() as client:
        url = server.url("/rss")
        watched = [watching(tmp_path, url)]
        server.publish("/rss", rss([Item("old", guid="0")]))
        async with SQLiteStore(tmp_path / "g.db") as store:
            await poll_round(store, client, watched, T0, lambda: 0.0)
            server.publish("/rss", rss([Item("Acme news", guid="1"), Item("old", guid="0")]))
            told = await poll_round(store, client, watched, T0 + timedelta(minutes=1),
                                    lambda: 0.0)
            assert [h["id"] for h in hits(told)] == ["1"]
        server.conditional = False   # the server forgets its tags: the whole feed again
        async with SQLiteStore(tmp_path / "g.db") as store:
            again = await poll_round(store, client, watched, T0 + timedelta(minutes=2),
                                     lambda: 0.0)
            no_failures(again)
            assert hits(again) == []
            assert len(server.hits("/rss")) == 3


async def test_an_edited_item_is_told_again_only_for_a_term_not_told_before(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        url = server.url("/rss")
        watched = [watching(tmp_path, url, terms='[Acme, Globex]')]
        server.publish("/rss", rss([]))
        await poll_round(store, client, watched, T0, lambda: 0.0)
        steps = [
            ("Acme launches", "", ["Acme"]),                  # new: told
            ("Acme launches!", "a typo fixed", []),            # edited, no new term
            ("Acme launches", "with Globex", ["Acme", "Globex"]),   # edited: Globex is new
            ("Acme launches", "Globex again, reworded", []),  # edited, both told already
        ]
        for minute, (title, summary, expected) in enumerate(steps, start=1):
            server.publish("/rss", rss([Item(title, summary=summary, guid="a1")]))
            result = await poll_round(store, client, watched,
                                      T0 + timedelta(minutes=minute), lambda: 0.0)
            no_failures(result)
            assert [h["terms"] for h in hits(result)] == ([expected] if expected else []), (
                title, summary)
        seen = await store.seen_items(C1, url, ["a1"])
        assert seen["a1"].terms == ("Acme", "Globex")


async def test_identity_without_guid_is_the_link_and_without_link_title_and_date(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        url = server.url("/rss")
        watched = [watching(tmp_path, url)]
        server.publish("/rss", rss([]))
        await poll_round(store, client, watched, T0, lambda: 0.0)
        linked = Item("Acme by link", link="http://n/linked")
        dated = Item("Acme without link", date="Sun, 01 Mar 2026 10:00:00 GMT")
        server.publish("/rss", rss([linked, dated]))
        result = await poll_round(store, client, watched, T0 + timedelta(minutes=1),
                                  lambda: 0.0)
        assert [(h["id"], h["link"]) for h in hits(result)] == [
            ("http://n/linked", "http://n/linked"),
            ("Acme without link\nSun, 01 Mar 2026 10:00:00 GMT", "")]
        # the same items, reordered with a newcomer: neither is told again
        later = Item("Acme again", date="Sun, 01 Mar 2026 11:00:00 GMT")
        server.publish("/rss", rss([later, dated, linked]))
        result = await poll_round(store, client, watched, T0 + timedelta(minutes=2),
                                  lambda: 0.0)
        assert [h["title"] for h in hits(result)] == ["Acme again"]


async def test_atom_feeds_and_two_communities_on_one_url(tmp_path):
    async with feed_server() as server, fetcher() as client, \
            SQLiteStore(tmp_path / "g.db") as store:
        url = server.url("/atom")
        watched = [watching(tmp_path, url), watching(tmp_path, url, community="telegram:-100")]
        server.publish("/atom", atom([Item("Old", guid="urn:0")]))
        await poll_round(store, client, watched, T0, lambda: 0.0)
        assert len(server.hits("/atom")) == 1           # one fetch for both communities
        server.publish("/atom", atom([
            Item("Review", summary="<p>We tried <em>Acme</em></p>", guid="urn:1",
                 link="http://blog/1"), Item("Old", guid="urn:0")]))
        result = await poll_round(store, client, watched, T0 + timedelta(minutes=1),
                                  lambda: 0.0)
        assert sorted((h["community"], h["id"], h["link"]) for h in hits(result)) == [
            (C1, "urn:1", "http://blog/1"), ("telegram:-100", "urn:1", "http://blog/1")]
        assert len(server.hits("/atom")) == 2
