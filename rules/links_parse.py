"""Finding links in chat text, with or without a scheme.

Scheme-less links (`x.example.org/a`, `www.example.org`) are accepted when they
start with `www.`, carry a path, or end in a top-level domain common in links,
so that `file.txt`, `node.js` or `e.g.` in ordinary prose are not taken for
links an `allow`-only rule would punish.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_SCHEME_URL = re.compile(r"(?i)\b(?:https?|ftp)://([^\s/?#<>\"'`]+)([^\s<>\"'`]*)")
_BARE_URL = re.compile(
    r"(?i)(?<![\w@./:-])((?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?\.)+"
    r"[a-z\u00a1-\uffff]{2,63})(/[^\s<>\"'`]*)?(?![\w-])"
)
# TLDs frequent in links people post (scam domains included); others need www. or a path.
COMMON_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "io",
        "gg",
        "me",
        "co",
        "ru",
        "xyz",
        "info",
        "biz",
        "ly",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "top",
        "site",
        "online",
        "club",
        "shop",
        "app",
        "dev",
        "link",
        "live",
        "click",
        "store",
        "space",
        "fun",
        "icu",
        "vip",
        "win",
        "bid",
        "lol",
        "pw",
        "cc",
        "tv",
        "us",
        "uk",
        "fr",
        "de",
        "es",
        "it",
        "nl",
        "be",
        "ch",
        "eu",
        "ca",
        "au",
        "jp",
        "cn",
        "in",
        "br",
        "su",
        "ua",
        "pl",
        "se",
        "no",
        "fi",
        "dk",
        "at",
        "cz",
        "pt",
        "gr",
        "tr",
        "ir",
        "kr",
        "tw",
        "hk",
        "sg",
        "nz",
        "za",
        "mx",
        "ar",
        "cl",
        "money",
        "gift",
        "gifts",
        "gift",
        "promo",
        "free",
        "game",
        "games",
        "today",
        "news",
        "blog",
        "cloud",
        "digital",
        "network",
        "email",
    ]
)


# Where a bare link may start, and how far its first label runs: `_bare_links` tries each
# start once and, when it fails, skips the rest of that label. Any later start inside the
# same label could only fail the same way, and letting the regex try them all made a long
# run of, say, "¡" quadratic (4,090 of them cost 200 ms).
_BARE_START = re.compile(r"(?i)(?<![\w@./:-])[a-z0-9\u00a1-\uffff]")
_LABEL = re.compile(r"(?i)[a-z0-9\u00a1-\uffff-]*")

# A maximal run of host characters (letters, digits, "-", ".") holding a dot: the only
# places a bare link can be. Anchored at the run's start, so the scan stays linear.
_DOTTED_RUN = re.compile(
    r"(?i)(?<![a-z0-9\u00a1-\uffff.-])[a-z0-9\u00a1-\uffff-]*\.[a-z0-9\u00a1-\uffff.-]*")

# A word character, a dot, then a letter: the shape of every host name, cheap to look for.
_HOST_HINT = re.compile(r"\w\.[^\W\d_]")


class Link(NamedTuple):
    host: str  # lower-case host name, no port, no trailing dot
    path: str  # path, query and fragment as written ("" when none)


def _clean_host(raw: str) -> str:
    host = raw.rsplit("@", 1)[-1]  # drop user:password@
    host = host.split(":", 1)[0]  # drop the port
    return host.strip(".").lower()


def find_links(text: str, extra: tuple[str, ...] = ()) -> tuple[Link, ...]:
    """Every link in `text` plus the hidden `extra` URLs (e.g. Telegram text_link entities)."""
    found: list[Link] = []
    for source in (text, *extra):
        if "." not in source or ("://" not in source and _HOST_HINT.search(source) is None):
            continue
        spans: list[tuple[int, int]] = []
        for match in _SCHEME_URL.finditer(source):
            host = _clean_host(match.group(1))
            if host:
                found.append(Link(host, match.group(2).rstrip(".,;:!?)>]")))
                spans.append(match.span())
        # Both lists are in text order and the spans do not overlap: one pointer walks the
        # spans alongside the bare matches (linear; testing every span was O(links^2)).
        k, count = 0, len(spans)
        for match in _bare_links(source):
            at = match.start()
            while k < count and spans[k][1] <= at:
                k += 1
            if k < count and spans[k][0] <= at:
                continue
            host = match.group(1).lower().strip(".")
            path = (match.group(2) or "").rstrip(".,;:!?)>]")
            tld = host.rsplit(".", 1)[-1]
            if host.startswith("www.") or path or tld in COMMON_TLDS:
                found.append(Link(host, path))
    return tuple(found)


def _bare_links(source: str) -> Iterator[re.Match[str]]:
    """What `_BARE_URL.finditer(source)` finds, in linear time (one at a time: a long text's
    matches are never all held at once).

    A bare link's host lies in a run of host characters holding a dot, and starts there:
    only such runs are searched (found in C, one pass), not every word of the prose."""
    pos = 0
    for run in _DOTTED_RUN.finditer(source):
        end = run.end()
        if end <= pos:
            continue
        pos = max(pos, run.start())
        while (start := _BARE_START.search(source, pos, end)) is not None:
            match = _BARE_URL.match(source, start.start())
            if match is not None:
                yield match
                pos = match.end()
            else:
                pos = _past_failed_start(source, start.start())
            if pos >= end:
                break


def _past_failed_start(source: str, at: int) -> int:
    """Where to look for the next start after the one at `at` failed: past every label of
    the dotted run that is a valid label followed by a dot (a start inside them could only
    find a suffix of what `at` would have found), and past the rest of the label it stops in
    when that is the first (a start inside it likewise)."""
    first = True
    while True:
        label = _LABEL.match(source, at)
        end = label.end() if label is not None else at
        text = source[at:end]
        valid = bool(text) and text[0] != "-" and text[-1] != "-"
        if not (valid and end < len(source) and source[end] == "."):
            if first:
                return max(end, at + 1)
            return at
        first = False
        at = end + 1
