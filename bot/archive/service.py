"""`archive channel [from] [to]`'s work: read the history, write the files, post them.

The command answers at once (bot/commands/archives.py); `start` then runs the rest in the
background: the messages read from the platform (`Capability.HISTORY`, Discord: page by
page, its rate limits waited out) or, where bots cannot read history (Telegram), from the
messages kept for a community with `archive: true` (`ArchiveKeeper`); the DiscordChatExporter
JSON and the HTML page rendered off the event loop and written to `<database dir>/archives/`;
both posted to the community's `log_channel` with a summary. At most `limit` messages
(100,000) go into one archive: the summary says where the next one should start. One
archive at a time per community. A failure is logged and told to the log channel.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import structlog

from bot.archive import dce, webpage
from bot.archive.keeper import ArchiveKeeper
from bot.background import Background
from bot.clock import Clock
from bot.history import Author, ChannelInfo, FileRef, Mention, PastMessage
from bot.platforms import Attempt, Platforms
from bot.posts import Attachment, LogChannel, Post
from catalogue import t
from storage.archives import KeptMessage
from storage.roles import ArchiveStore

log = structlog.get_logger("gardien.archive")

MAX_MESSAGES = 100_000
HERE = "here"                 # the chat itself, where history is kept (Telegram)
_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")


@dataclass(frozen=True, slots=True)
class Request:
    """One archive asked for: [since, until) in UTC; `days` as the moderator gave them."""

    community: str
    channel: ChannelInfo
    since: datetime | None
    until: datetime | None
    days: tuple[str, str]         # ("2026-11-01", "") : "" for an open end
    log_channel: str
    locale: str
    timezone: str
    kept: bool                    # from the kept messages, not the platform


@dataclass(frozen=True, slots=True)
class Written:
    json: Path
    html: Path
    count: int
    cut: bool


def safe(part: str, longest: int = 40) -> str:
    """A piece of a file name: ASCII letters, digits and `_` only (no dot, no slash)."""
    return _UNSAFE.sub("_", part).strip("_")[:longest] or "x"


def past(row: KeptMessage) -> PastMessage:
    return PastMessage(
        id=row.message_id, at=row.at,
        author=Author(row.author_id, row.author_name, bot=row.author_bot), text=row.text,
        edited_at=row.edited_at, reply_to=row.reply_to,
        attachments=tuple(FileRef(name, size) for name, size in row.attachments),
        mentions=tuple(Mention(m) for m in row.mentions))


class Archives:
    def __init__(self, store: ArchiveStore, keeper: ArchiveKeeper, platforms: Platforms,
                 background: Background, clock: Clock, directory: Path, *,
                 limit: int = MAX_MESSAGES) -> None:
        self.store = store
        self.keeper = keeper
        self.platforms = platforms
        self.background = background
        self.clock = clock
        self.directory = directory
        self.limit = limit
        self._busy: set[str] = set()

    # -- asking -------------------------------------------------------------------------------
    async def channel(self, community: str, ref: str, where: str, *, kept: bool,
                      community_name: str) -> tuple[ChannelInfo | None, Attempt]:
        """The channel `ref` names. Kept history (Telegram) is the chat's own: `here`, its
        id or the chat the command was typed in; the platform's is resolved by the adapter."""
        if not kept:
            return await self.platforms.history_channel(community, ref)
        chat = community.partition(":")[2]
        if ref.strip().lower() in (HERE, chat, where) and chat:
            return ChannelInfo(chat, community_name or chat, chat, community_name), Attempt()
        return None, Attempt(f"unknown channel {ref!r}", key="archive.unknown_channel",
                             values=(("channel", ref[:40]),))

    def busy(self, community: str) -> bool:
        return community in self._busy

    def start(self, request: Request) -> None:
        """Make the archive in the background (tracked for shutdown)."""
        self._busy.add(request.community)
        self.background.spawn(self._made(request), "archive")

    async def _made(self, request: Request) -> None:
        await self.make(request)

    # -- making -------------------------------------------------------------------------------
    async def make(self, request: Request) -> Written | None:
        """Read, write, post; None (told to the log channel) when it failed."""
        try:
            return await self._make(request)
        except Exception as error:
            log.exception("archive_failed", community=request.community,
                          channel=request.channel.id)
            await self._tell(request, t(request.locale, "archive.failed",
                                        channel=request.channel.name, reason=type(error).__name__))
            return None
        finally:
            self._busy.discard(request.community)

    async def _make(self, request: Request) -> Written | None:
        log.info("archive_started", community=request.community, channel=request.channel.id,
                 kept=request.kept)
        messages, cut = await self._read(request)
        if messages is None:
            return None
        exported = self.clock()
        words = _words(request.locale)
        note = t(request.locale, "archive.cut_note", limit=self.limit) if cut else ""
        json_bytes, html_bytes = await asyncio.to_thread(
            _render, request, messages, exported, note)
        stem = "-".join((safe(request.community), safe(request.channel.name),
                         request.days[0] or "start", request.days[1] or "now",
                         exported.strftime("%Y%m%dT%H%M%SZ")))
        json_path, html_path = await asyncio.to_thread(
            _write, self.directory, stem, json_bytes, html_bytes)
        log.info("archive_written", community=request.community, channel=request.channel.id,
                 messages=len(messages), cut=cut, file=json_path.name)
        await self._tell(request, _summary(request, messages, cut, self.limit, json_path, words),
                         (Attachment(json_path.name, json_bytes, "application/json"),
                          Attachment(html_path.name, html_bytes, "text/html")))
        return Written(json_path, html_path, len(messages), cut)

    async def _read(self, request: Request) -> tuple[list[PastMessage] | None, bool]:
        if request.kept:
            await self.keeper.flush()   # what was just seen belongs in the archive too
            rows = await self.store.kept_messages(request.community, request.channel.id,
                                                  request.since, request.until,
                                                  self.limit + 1)
            return [past(row) for row in rows[:self.limit]], len(rows) > self.limit
        history, attempt = await self.platforms.read_history(
            request.community, request.channel.id, request.since, request.until, self.limit)
        if history is None:
            reason = self.platforms.reason(attempt, request.locale) or "?"
            await self._tell(request, t(request.locale, "archive.failed",
                                        channel=request.channel.name, reason=reason))
            return None, False
        return history.messages, history.cut

    async def _tell(self, request: Request, text: str,
                    files: tuple[Attachment, ...] = ()) -> None:
        posted = await self.platforms.post(request.community,
                                           Post(LogChannel(request.log_channel), text,
                                                files=files))
        if not posted:
            log.warning("archive_not_posted", community=request.community,
                        hint="the files stay in the archives directory")


def _words(locale: str) -> webpage.Words:
    def words(key: str, /, **values: object) -> str:
        return t(locale, key, **values)
    return words


def _render(request: Request, messages: list[PastMessage], exported: datetime,
            note: str) -> tuple[bytes, bytes]:
    """Both files' bytes (run in a thread: 100,000 messages take seconds)."""
    document = dce.export(request.channel, messages, request.since, request.until, exported)
    html = webpage.page(request.channel, messages, request.since, request.until, exported,
                        request.timezone, _words(request.locale), note)
    return dce.dumps(document), html.encode("utf-8")


def _write(directory: Path, stem: str, json_bytes: bytes, html_bytes: bytes
           ) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    base, n = stem, 1
    while (directory / f"{stem}.json").exists() or (directory / f"{stem}.html").exists():
        n += 1
        stem = f"{base}-{n}"
    json_path, html_path = directory / f"{stem}.json", directory / f"{stem}.html"
    assert json_path.parent == directory and html_path.parent == directory   # safe() made it
    json_path.write_bytes(json_bytes)
    html_path.write_bytes(html_bytes)
    return json_path, html_path


def _summary(request: Request, messages: list[PastMessage], cut: bool, limit: int,
             path: Path, words: webpage.Words) -> str:
    name = request.channel.name
    if not messages:
        return words("archive.empty", channel=name, file=path.stem)
    zone = ZoneInfo(request.timezone)
    first, last = (m.at.astimezone(zone).strftime("%Y-%m-%d %H:%M") for m in
                   (messages[0], messages[-1]))
    text = words("archive.done", channel=name, count=len(messages), first=first, last=last,
                 zone=request.timezone, file=path.stem)
    if cut:
        text += "\n" + words("archive.cut", limit=limit,
                             next=messages[-1].at.astimezone(zone).strftime("%Y-%m-%d"))
    return text
