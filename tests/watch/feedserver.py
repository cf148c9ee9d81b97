"""A feed server on 127.0.0.1 for the feed watch's tests: RSS and Atom documents the test
edits, with ETag and Last-Modified honoured, and misbehaving routes (errors, slow, huge,
endless) switched on by path."""

from __future__ import annotations

import asyncio
import hashlib
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape

from aiohttp import web

from adapters.feeds_http import HttpFetcher
from bot.watch.feeds.fetch import FetchLimits

# Small limits so the misbehaving routes fail fast; the defaults are checked apart.
LIMITS = FetchLimits(max_bytes=256 * 1024, total=1.5, connect=1.0, redirects=2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Item:
    title: str
    summary: str = ""
    link: str | None = None
    guid: str | None = None
    date: str | None = None


def rss(items: list[Item]) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
             "<title>News</title><link>http://news.invalid/</link><description>d</description>"]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item.title)}</title>")
        if item.summary:
            parts.append(f"<description>{escape(item.summary)}</description>")
        if item.link:
            parts.append(f"<link>{escape(item.link)}</link>")
        if item.guid:
            parts.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.date:
            parts.append(f"<pubDate>{escape(item.date)}</pubDate>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def atom(items: list[Item]) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
             "<title>Blog</title><id>urn:blog</id><updated>2026-01-01T00:00:00Z</updated>"]
    for item in items:
        parts.append(f"<entry><id>{escape(item.guid or '')}</id>"
                     f"<title>{escape(item.title)}</title>"
                     f"<updated>{item.date or '2026-01-01T00:00:00Z'}</updated>")
        if item.link:
            parts.append(f'<link href="{escape(item.link)}"/>')
        if item.summary:
            parts.append(f'<content type="html">{escape(item.summary)}</content>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


@dataclass
class FeedServer:
    port: int = 0
    documents: dict[str, bytes] = field(default_factory=dict)   # path -> feed
    failing: dict[str, int] = field(default_factory=dict)       # path -> HTTP status
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    conditional: bool = True                                    # ETag / Last-Modified
    stamps: dict[str, str] = field(default_factory=dict)        # path -> Last-Modified
    slow: set[str] = field(default_factory=set)                 # paths that never answer

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def publish(self, path: str, body: bytes) -> None:
        self.documents[path] = body
        self.stamps[path] = formatdate(len(self.stamps) + 1_800_000_000.0 +
                                       len(self.requests), usegmt=True)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.requests.append((path, dict(request.headers)))
        if path in self.failing:
            return web.Response(status=self.failing[path], text="nope")
        if path == "/slow" or path in self.slow:
            await asyncio.sleep(30)
        if path == "/huge":
            return web.Response(body=b"<rss>" + b"x" * (LIMITS.max_bytes * 2),
                                content_type="application/rss+xml")
        if path in ("/endless", "/trickle"):
            response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
            await response.prepare(request)
            await response.write(b'<rss version="2.0"><channel>')
            try:
                while True:   # until the client hangs up
                    if path == "/trickle":
                        await response.write(b"<!-- -->")
                        await asyncio.sleep(0.05)
                    else:
                        await response.write(b"<!--" + b"x" * 16_000 + b"-->")
                        await asyncio.sleep(0)
            except ConnectionError:   # it did
                return response
        if path == "/redirect-loop":
            raise web.HTTPFound(self.url("/redirect-loop"))
        body = self.documents.get(path)
        if body is None:
            return web.Response(status=404)
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
        if self.conditional:
            headers["ETag"] = tag
            headers["Last-Modified"] = self.stamps[path]
            if request.headers.get("If-None-Match") == tag:
                return web.Response(status=304, headers=headers)
        return web.Response(body=body, headers=headers)


@asynccontextmanager
async def feed_server() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", server.handle)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.port = runner.addresses[0][1]
    try:
        yield server
    finally:
        await runner.cleanup()


@asynccontextmanager
async def fetcher(limits: FetchLimits = LIMITS) -> AsyncIterator[HttpFetcher]:
    client = HttpFetcher(limits)
    try:
        yield client
    finally:
        await client.close()
