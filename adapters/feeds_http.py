"""The HTTP client behind the feed watch (bot/watch/feeds), on aiohttp.

An adapter to the open web as the others are to a chat platform: the core states what a
fetch must do (`bot.watch.feeds.fetch.Fetcher`) and never imports an HTTP library. Every
limit holds against a hostile server: the body is read in chunks and cut off beyond
`max_bytes` (counted after decompression, so a gzip bomb stops there too), the whole
request, body included, ends after `total` seconds (an endless stream), redirects are
bounded. The body never reaches a log; a failure is one short reason.
"""

from __future__ import annotations

import asyncio
from importlib.metadata import PackageNotFoundError, version

import aiohttp

from bot.watch.feeds.fetch import Fetched, FetchFailed, FetchLimits

CHUNK = 64 * 1024


def _user_agent() -> str:
    try:
        number = version("gardien")
    except PackageNotFoundError:
        number = "dev"
    return f"Gardien/{number} (community bot; feed watch)"


USER_AGENT = _user_agent()


def _mib(size: int) -> str:
    return f"{size / 2**20:g} MiB" if size >= 2**20 else f"{size // 1024} KiB"


class HttpFetcher:
    """`Fetcher` on one aiohttp session, opened at the first fetch, closed by `close`."""

    def __init__(self, limits: FetchLimits | None = None) -> None:
        self.limits = limits or FetchLimits()
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.limits.total,
                                              sock_connect=self.limits.connect),
                headers={"User-Agent": USER_AGENT,
                         "Accept": "application/rss+xml, application/atom+xml, "
                                   "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"})
        return self._session

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with asyncio.timeout(self.limits.total):
                return await self._get(url, headers)
        except FetchFailed:
            raise
        except TimeoutError:
            raise FetchFailed(f"no complete answer within {self.limits.total:g} s") from None
        except aiohttp.TooManyRedirects:
            raise FetchFailed(f"more than {self.limits.redirects} redirects") from None
        except aiohttp.InvalidURL:
            raise FetchFailed("invalid URL") from None
        except aiohttp.ClientConnectorError as error:
            raise FetchFailed(f"cannot connect: {error.strerror or error.os_error}") from None
        except aiohttp.ClientResponseError as error:
            raise FetchFailed(f"bad answer: {error.message}") from None
        except (aiohttp.ClientError, OSError) as error:
            raise FetchFailed(f"connection failed: {type(error).__name__}") from None

    async def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        limit = self.limits.max_bytes
        async with self._client().get(url, headers=headers, allow_redirects=True,
                                      max_redirects=self.limits.redirects) as response:
            if response.status == 304:
                return Fetched(True, etag=response.headers.get("ETag"),
                               last_modified=response.headers.get("Last-Modified"))
            if response.status != 200:
                raise FetchFailed(f"HTTP {response.status}")
            if response.content_length is not None and response.content_length > limit:
                raise FetchFailed(f"larger than {_mib(limit)}")
            body = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                body.extend(chunk)
                if len(body) > limit:
                    raise FetchFailed(f"larger than {_mib(limit)}")
            return Fetched(False, bytes(body), response.headers.get("ETag"),
                           response.headers.get("Last-Modified"),
                           response.headers.get("Content-Type"))

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
