"""The texts moderators read: one digest of a round's new feed items, the pause alert.

Pure functions of hits and a locale. A digest stays under a post's length (Discord's
2000 characters are the smaller bound): at most `MAX_ITEMS` items, then "and N more".
Feed texts are outside input: each is one line, cut short; mentions are never sent
(the adapters post with mentions off).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.casetext import MAX_POST, excerpt
from bot.watch.feeds.poll import Hit
from catalogue import supported, t
from storage.feeds import FeedState

MAX_ITEMS = 10
TITLE = 150
LINK = 300


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _item(locale: str, hit: Hit) -> str:
    lines = [t(locale, "feeds.digest.item",
               title=excerpt(hit.title, TITLE) or t(locale, "feeds.untitled"),
               feed=_host(hit.feed), terms=", ".join(hit.terms),
               sentiment=f"{hit.sentiment:+.2f}")]
    if hit.link and len(hit.link) <= LINK and hit.link.startswith(("http://", "https://")):
        lines.append(t(locale, "feeds.digest.link", link="".join(hit.link.split())))
    return "\n".join(lines)


def digest_text(locale: str, hits: Sequence[Hit]) -> str:
    """One post for a community's hits of one round."""
    locale = supported(locale)
    head = t(locale, "feeds.digest.head", count=len(hits))
    room = MAX_POST - len(head) - 40   # kept for the "and N more" line
    parts: list[str] = []
    for hit in hits[:MAX_ITEMS]:
        text = _item(locale, hit)
        if len(text) + 1 > room:
            break
        parts.append(text)
        room -= len(text) + 1
    if len(parts) < len(hits):
        parts.append(t(locale, "feeds.digest.more", count=len(hits) - len(parts)))
    return "\n".join([head, *parts])


def paused_text(locale: str, state: FeedState) -> str:
    return t(supported(locale), "feeds.paused", feed=excerpt(state.url, LINK),
             failures=state.failures, reason=excerpt(state.last_error, 200))
