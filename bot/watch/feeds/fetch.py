"""What the feed watch asks of an HTTP client, and the limits it must keep.

The client lives in adapters/ (the core never imports an HTTP library); it is handed in,
so tests use a real one against a local server with small limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

MAX_BYTES = 5 * 2**20     # a feed larger than this is refused, read no further
TOTAL_SECONDS = 30.0      # the whole request, body included: an endless stream ends here
CONNECT_SECONDS = 10.0
MAX_REDIRECTS = 3


@dataclass(frozen=True, slots=True)
class FetchLimits:
    max_bytes: int = MAX_BYTES
    total: float = TOTAL_SECONDS
    connect: float = CONNECT_SECONDS
    redirects: int = MAX_REDIRECTS


@dataclass(frozen=True, slots=True)
class Fetched:
    """A feed's answer: its body, or `not_modified` (a 304) with no body."""

    not_modified: bool
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None   # the charset it names helps the parser decode


class FetchFailed(Exception):
    """The feed could not be read; `reason` is short and says why (never the body)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Fetcher(Protocol):
    async def fetch(self, url: str, *, etag: str | None = None,
                    last_modified: str | None = None, private: bool = True) -> Fetched:
        """GET `url` conditionally (If-None-Match / If-Modified-Since); FetchFailed when
        it fails, is too large, too slow, redirected too often or answers an error.
        `private=False` (a feed from a rule file uploaded from chat): refuse every address
        that is not public (loopback, private networks, link-local, the host's metadata
        service), redirects included, so a feed cannot probe the host's network."""

    async def close(self) -> None: ...
