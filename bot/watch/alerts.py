"""The words of the watch's posts to moderators: a digest of hits, a crisis's start and end.

Pure text building, in the community's language; member-written text (an excerpt, a
name) goes in as values, never as templates, and is cut short.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.watch.crisis import CrisisEnded, CrisisStarted
from catalogue import t
from rules.durations import format_duration

SHOWN = 10          # hits listed in one digest; the rest are counted
EXCERPT = 140       # characters of a message shown beside its hit
MAX_POST = 1900     # under Discord's 2,000 and Telegram's 4,096

Link = Callable[[str, str], str | None]   # (channel, message id) -> the platform's link


@dataclass(frozen=True, slots=True)
class Seen:
    """One message with watched terms, as a digest lists it."""

    terms: tuple[str, ...]
    member: str
    channel: str            # as moderators read it (a name when known)
    channel_id: str         # as the platform links it
    message_id: str
    sentiment: float
    excerpt: str


def signed(score: float) -> str:
    return f"{score:+.2f}"


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def digest_text(locale: str, seen: Sequence[Seen], link: Link) -> str:
    lines = [t(locale, "watch.head", count=len(seen))]
    for item in seen[:SHOWN]:
        lines.append(t(locale, "watch.item", terms=", ".join(item.terms),
                       member=_cut(item.member, 64), channel=_cut(item.channel, 64),
                       sentiment=signed(item.sentiment)))
        if item.excerpt:
            lines.append(t(locale, "watch.excerpt", excerpt=_cut(item.excerpt, EXCERPT)))
        if (url := link(item.channel_id, item.message_id)) is not None:
            lines.append(t(locale, "watch.link", link=url))
    if len(seen) > SHOWN:
        lines.append(t(locale, "watch.more", count=len(seen) - SHOWN))
    return _bounded(lines)


def start_text(locale: str, started: CrisisStarted, window: float, link: Link) -> str:
    lines = [t(locale, "crisis.start", negative=started.negative,
               window=format_duration(timedelta(seconds=window)),
               usual=f"{started.usual:.1f}")]
    if started.terms:
        lines.append(t(locale, "crisis.terms",
                       terms=", ".join(f"{term} ({count})" for term, count in started.terms)))
    worst = [(item, link(item.channel, item.message)) for item in started.worst]
    if any(url for _, url in worst):
        lines.append(t(locale, "crisis.worst"))
        lines += [t(locale, "crisis.worst_item", sentiment=signed(item.score), link=url)
                  for item, url in worst if url]
    return _bounded(lines)


def end_text(locale: str, ended: CrisisEnded) -> str:
    seconds = max(round(ended.at - ended.started_at), 1)
    lasted = timedelta(seconds=seconds if seconds < 120 else round(seconds / 60) * 60)
    return t(locale, "crisis.end", duration=format_duration(lasted), peak=ended.peak)


def _bounded(lines: list[str]) -> str:
    text = "\n".join(lines)
    return text if len(text) <= MAX_POST else text[: MAX_POST - 1] + "…"
