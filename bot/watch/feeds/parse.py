"""A feed's bytes read into items: identity, title, link and the text searched for terms.

feedparser reads RSS 0.9x to 2.0, RSS 1.0 and Atom, and forgives much; a document it
cannot read as XML and that yields no entry is a failure. The bytes are always handed
over as a stream: feedparser treats a string as a URL or a file name to open.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any

import feedparser

MAX_ITEMS = 500          # entries read from one document at most (a feed shows its latest)
MAX_TEXT = 10_000        # characters of title and summary searched for terms
MAX_TITLE = 300
MAX_LINK = 2_000
MAX_ID = 300             # a longer identity is kept as its digest
# What feedparser flags on documents it read fine: a charset or media type it overrode.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: str
    title: str
    link: str
    text: str            # title and summary, HTML stripped: what is searched for terms
    digest: str          # of title and summary: an edit changes it


class NotAFeed(Exception):
    """The bytes are not a feed; `reason` says why (never the body)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Text(HTMLParser):
    """The text of an HTML fragment: tags dropped, entities decoded, scripts left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "li"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def plain_text(html: str) -> str:
    """An HTML fragment as one line of text."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(unescape("".join(parser.parts)).split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(entry: Any) -> str:
    """The longest of the entry's summary and contents (Atom gives both, RSS one)."""
    texts = [str(entry.get("summary") or "")]
    texts.extend(str(part.get("value") or "") for part in entry.get("content") or ())
    return max(texts, key=len)


def _identity(entry: Any, title: str) -> str:
    """guid/id, else the link, else title and date (FORMATS.md)."""
    found = str(entry.get("id") or entry.get("link") or "").strip()
    if not found:
        date = str(entry.get("published") or entry.get("updated") or "")
        found = f"{title}\n{date}" if title or date else ""
    if not found or len(found) > MAX_ID:
        found = "sha256:" + hashlib.sha256(
            (found or _summary(entry)).encode("utf-8", "surrogatepass")).hexdigest()
    return found


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> list[FeedItem]:
    """The document's items, newest first as the feed lists them; NotAFeed when the bytes
    are not a feed (invalid XML without entries, or no feed element at all)."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    entries = list(parsed.get("entries") or ())
    if not entries:   # a feed may be empty; its XML may not be broken
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if isinstance(problem, _HARMLESS):
            problem = None
        if problem is not None:
            raise NotAFeed(f"not a feed: {_cut(str(problem), 200)}")
        if not parsed.get("version"):
            raise NotAFeed("not a feed: no RSS or Atom element")
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in entries[:MAX_ITEMS]:
        title = _cut(plain_text(str(entry.get("title") or "")), MAX_TITLE)
        summary = plain_text(_summary(entry))
        link = str(entry.get("link") or "").strip()
        identity = _identity(entry, title)
        if identity in seen:   # a feed listing one item twice tells it once
            continue
        seen.add(identity)
        text = _cut(f"{title}\n{summary}" if summary else title, MAX_TEXT)
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        items.append(FeedItem(identity, title, link if len(link) <= MAX_LINK else "",
                              text, digest))
    return items
