"""The HTTP client behind the feed watch (bot/watch/feeds), on aiohttp.

An adapter to the open web as the others are to a chat platform: the core states what a
fetch must do (`bot.watch.feeds.fetch.Fetcher`) and never imports an HTTP library. Every
limit holds against a hostile server: the body is read in chunks and cut off beyond
`max_bytes` (counted after decompression, so a gzip bomb stops there too), the whole
request, body included, ends after `total` seconds (an endless stream), redirects are
bounded. The body never reaches a log; a failure is one short reason.

A feed from a rule file uploaded from chat (`private=False`) may only reach public
addresses: names are resolved through a resolver that drops loopback, private, link-local
(the cloud metadata service), multicast and reserved addresses, and every hop of a
redirect is followed here, so an address written as a literal is checked at each hop too.
Without it, a community admin could make the bot probe the host's own network.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

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


REDIRECTS = (301, 302, 303, 307, 308)


class NotPublic(OSError):
    """An address a feed from an uploaded rule file may not reach."""


def is_public(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


class PublicResolver(AbstractResolver):
    """The default resolver, keeping public addresses only (see the module)."""

    def __init__(self) -> None:
        self._inner = aiohttp.ThreadedResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        public = [entry for entry in found if is_public(entry["host"])]
        if not public:
            raise NotPublic(f"{host} is not a public address")
        return public

    async def close(self) -> None:
        await self._inner.close()


class HttpFetcher:
    """`Fetcher` on one aiohttp session, opened at the first fetch, closed by `close`."""

    def __init__(self, limits: FetchLimits | None = None) -> None:
        self.limits = limits or FetchLimits()
        self._sessions: dict[bool, aiohttp.ClientSession] = {}

    def _client(self, private: bool) -> aiohttp.ClientSession:
        session = self._sessions.get(private)
        if session is None or session.closed:
            options: dict[str, Any] = {}
            if not private:
                options["connector"] = aiohttp.TCPConnector(resolver=PublicResolver())
            session = self._sessions[private] = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.limits.total,
                                              sock_connect=self.limits.connect),
                headers={"User-Agent": USER_AGENT,
                         "Accept": "application/rss+xml, application/atom+xml, "
                                   "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"},
                **options)
        return session

    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None, private: bool = True) -> Fetched:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with asyncio.timeout(self.limits.total):
                return await self._follow(url, headers, private)
        except FetchFailed:
            raise
        except TimeoutError:
            raise FetchFailed(f"no complete answer within {self.limits.total:g} s") from None
        except aiohttp.TooManyRedirects:
            raise FetchFailed(f"more than {self.limits.redirects} redirects") from None
        except aiohttp.InvalidURL:
            raise FetchFailed("invalid URL") from None
        except aiohttp.ClientConnectorError as error:
            if isinstance(error.os_error, NotPublic):
                raise FetchFailed(f"refused: {error.os_error}") from None
            raise FetchFailed(f"cannot connect: {error.strerror or error.os_error}") from None
        except aiohttp.ClientResponseError as error:
            raise FetchFailed(f"bad answer: {error.message}") from None
        except (aiohttp.ClientError, OSError) as error:
            raise FetchFailed(f"connection failed: {type(error).__name__}") from None

    async def _follow(self, url: str, headers: dict[str, str], private: bool) -> Fetched:
        """Each redirect followed here (bounded), its target checked like the first URL."""
        for _ in range(self.limits.redirects + 1):
            host = urlsplit(url).hostname or ""
            if not private and _literal(host) and not is_public(host.strip("[]")):
                raise FetchFailed(f"refused: {host} is not a public address")
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchFailed("redirected away from http(s)")
            fetched = await self._get(url, headers, private)
            if isinstance(fetched, Fetched):
                return fetched
            url = urljoin(url, fetched)
        raise FetchFailed(f"more than {self.limits.redirects} redirects")

    async def _get(self, url: str, headers: dict[str, str], private: bool) -> Fetched | str:
        """The answer, or the next URL of a redirect."""
        limit = self.limits.max_bytes
        async with self._client(private).get(url, headers=headers,
                                             allow_redirects=False) as response:
            if response.status in REDIRECTS and "Location" in response.headers:
                return response.headers["Location"]
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
        sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            await session.close()
