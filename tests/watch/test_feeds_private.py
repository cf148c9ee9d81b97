"""A feed from a rule file uploaded from chat may only reach public addresses: the host's own
network (loopback, private ranges, link-local metadata) is refused, by name, by literal and
through a redirect, while the host admin's own files may point anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.feeds_http import is_public
from bot.watch.feeds.fetch import FetchFailed
from rules.compiler import compile_ruleset

from .feedserver import Item, feed_server, fetcher, rss

FILE = """\
version: 1
name: feeds
watch:
  terms: [Acme]
  feeds: [{url: "http://127.0.0.1:1/rss"}]
rules:
  - id: r
    match: {words: [zzzz]}
    actions: [delete]
"""


def test_an_uploaded_file_s_feeds_are_public_only_and_the_host_s_are_not() -> None:
    on_disk = compile_ruleset(FILE, "rules.yaml", Path("."))
    uploaded = compile_ruleset(FILE, "upload.yaml", Path("."), local_files=False)
    assert on_disk.watch is not None and uploaded.watch is not None
    assert on_disk.watch.feeds[0].private and not uploaded.watch.feeds[0].private


@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("192.168.0.10", False), ("172.16.5.4", False),
    ("169.254.169.254", False), ("::1", False), ("fe80::1", False), ("fd00::1", False),
    ("::ffff:127.0.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("100.64.0.1", False), ("8.8.8.8", True), ("2606:4700::1111", True), ("not-an-ip", False),
])
def test_what_counts_as_public(address: str, public: bool) -> None:
    assert is_public(address) is public


async def test_local_addresses_are_refused_by_literal_by_name_and_by_redirect() -> None:
    async with feed_server() as server, fetcher() as client:
        server.publish("/rss", rss([Item("1", "Acme news")]))
        allowed = await client.fetch(server.url("/rss"))             # the host's own file
        assert b"Acme news" in allowed.body
        with pytest.raises(FetchFailed, match=r"refused: 127\.0\.0\.1 is not a public address"):
            await client.fetch(server.url("/rss"), private=False)
        by_name = server.url("/rss").replace("127.0.0.1", "localhost")
        with pytest.raises(FetchFailed, match="refused: localhost is not a public address"):
            await client.fetch(by_name, private=False)
        assert len(server.requests) == 1                             # nothing else reached it
        # a redirect is followed hop by hop: its target is checked like the first URL
        with pytest.raises(FetchFailed, match=f"more than {client.limits.redirects} redirects"):
            await client.fetch(server.url("/redirect-loop"))
