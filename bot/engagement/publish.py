"""One occurrence out: recorded first, then posted (a text or a native poll), then marked.

Every scheduled post, poll and announcement goes through `Publisher.send`: the row is
claimed in `engagement_posts` before the platform is asked (a row already there means
"already handled": nothing is posted), so an occurrence is posted at most once whatever
restarts, reloads or duplicate timers happen. A poll's end is a durable `poll_close`
timer; its results are posted to the same place in the community's language. What could
not be posted (or a poll that could not be closed) is recorded `failed` with the reason,
logged, and told in the mod log, so moderators learn of it without reading logs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import structlog

from bot.adapter import PollRef, PollResults
from bot.clock import Clock
from bot.modlog import ModLog
from bot.platforms import Platforms
from bot.posts import Channel, Post
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler, TimerKind
from catalogue import supported, t
from rules.ruleset import Ruleset
from rules.schedule import CompiledPoll
from rules.sentencing import fill
from storage.base import Store
from storage.models import Timer

log = structlog.get_logger("gardien.engagement")

MAX_TEXT = 1900


def render(text: str, ruleset: Ruleset) -> str:
    """A scheduled post's or an announcement's template: `{community}` is the rule file's
    `name` (validated: no other placeholder)."""
    return fill(text, {"community": ruleset.name})[:MAX_TEXT]


def default_channel(channel: str, ruleset: Ruleset) -> str:
    """Where an item without `channel` goes: the rule file's welcome channel when it names
    one (not `dm`), else "" (the adapter's default place: Discord's system channel, the
    Telegram group)."""
    if channel:
        return channel
    welcome = (ruleset.welcome.channel or "").strip() if ruleset.welcome else ""
    return "" if welcome.casefold() == "dm" else welcome.lstrip("#")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """What to send: a schedule item's occurrence or an announcement."""

    community: str
    item: str                          # schedule id, or "announce-<n>"
    due_at: datetime
    channel: str                       # "" = the default place
    texts: tuple[str, ...] = ()        # a post: one of these, by rotation
    poll: CompiledPoll | None = None
    kind: str = "post"                 # post | poll | announce


class Publisher:
    def __init__(self, store: Store, rulebook: Rulebook, platforms: Platforms,
                 scheduler: Scheduler, clock: Clock, modlog: ModLog | None = None,
                 posted: Callable[[str, int, float], None] | None = None) -> None:
        # (community, post id, when): reports count the messages in the hour after each post
        self.posted = posted
        self.store = store
        self.rulebook = rulebook
        self.platforms = platforms
        self.scheduler = scheduler
        self.clock = clock
        self.modlog = modlog

    async def _tell(self, community: str, key: str, channel: str, **values: object) -> None:
        """A failure in the mod log, in the community's language (never raises: posting
        only logs its own failure)."""
        if self.modlog is None:
            return
        locale = supported(self.rulebook.for_community(community).locale)
        where = channel or t(locale, "engagement.default_place")
        await self.modlog.to_log(community, t(locale, key, channel=where, **values))

    async def send(self, occurrence: Occurrence) -> str:
        """Claim, post, mark; the result as a timer stores it."""
        now = self.clock()
        ruleset = self.rulebook.for_community(occurrence.community)
        channel = default_channel(occurrence.channel, ruleset)
        claimed = await self.store.claim_occurrence(
            occurrence.community, occurrence.item, occurrence.due_at, occurrence.kind,
            channel, now)
        if claimed is None:
            log.info("schedule_already_posted", community=occurrence.community,
                     id=occurrence.item, at=occurrence.due_at.isoformat())
            return "already posted"
        row, index = claimed
        to = Post(Channel(channel), "")
        if occurrence.poll is not None:
            return await self._poll(row.id, occurrence, to, now)
        text = render(occurrence.texts[index % len(occurrence.texts)], ruleset)
        posted = await self.platforms.post(occurrence.community, Post(to.to, text))
        await self.store.finish_occurrence(row.id, "posted" if posted else "failed",
                                           self.clock(),
                                           error="" if posted else "the post failed")
        if posted and self.posted is not None:
            self.posted(occurrence.community, row.id, self.clock().timestamp())
        log.info("schedule_posted" if posted else "schedule_post_failed",
                 community=occurrence.community, id=occurrence.item, index=index,
                 at=occurrence.due_at.isoformat())
        if not posted and occurrence.item != "announce":   # announce now: answered directly
            key = ("engagement.failed.announce" if occurrence.kind == "announce"
                   else "engagement.failed.post")
            await self._tell(occurrence.community, key, channel, id=occurrence.item)
        return "posted" if posted else "post failed"

    async def _poll(self, row: int, occurrence: Occurrence, to: Post, now: datetime) -> str:
        poll = occurrence.poll
        assert poll is not None
        ref, attempt = await self.platforms.post_poll(occurrence.community, to, poll.question,
                                                      poll.options, poll.lasts)
        if ref is None:
            await self.store.finish_occurrence(row, "failed", self.clock(),
                                               error=attempt.error or "")
            log.warning("schedule_poll_failed", community=occurrence.community,
                        id=occurrence.item, reason=attempt.error)
            locale = supported(self.rulebook.for_community(occurrence.community).locale)
            await self._tell(occurrence.community, "engagement.failed.poll",
                             default_channel(occurrence.channel,
                                             self.rulebook.for_community(occurrence.community)),
                             id=occurrence.item,
                             reason=self.platforms.reason(attempt, locale) or "")
            return f"failed: {attempt.error}"
        await self.store.finish_occurrence(row, "posted", self.clock(), channel=ref.channel,
                                           message_id=ref.message_id, poll_id=ref.poll_id)
        if self.posted is not None:
            self.posted(occurrence.community, row, self.clock().timestamp())
        await self.scheduler.schedule(
            TimerKind.POLL_CLOSE, occurrence.community, f"poll:{row}", now + poll.lasts,
            payload={"post": row, "question": poll.question, "options": list(poll.options)})
        log.info("schedule_poll_posted", community=occurrence.community, id=occurrence.item,
                 closes=(now + poll.lasts).isoformat())
        return "poll posted"

    async def close_poll(self, timer: Timer, now: datetime) -> str:
        """The `poll_close` handler: end the poll, post its results where it is, record them."""
        row = await self.store.engagement_post(int(timer.payload.get("post", 0)))
        if row is None or row.closed_at is not None:
            return "nothing to close"
        ref = PollRef(row.channel, row.message_id, row.poll_id)
        results, attempt = await self.platforms.close_poll(timer.community, ref)
        if results is None:
            log.warning("schedule_poll_close_failed", community=timer.community,
                        id=row.item, reason=attempt.error)
            locale = supported(self.rulebook.for_community(timer.community).locale)
            await self._tell(timer.community, "engagement.failed.close", row.channel,
                             id=row.item, reason=self.platforms.reason(attempt, locale) or "")
            return f"failed: {attempt.error}"
        await self.store.close_poll_record(row.id, results.counts, results.voters, now)
        locale = supported(self.rulebook.for_community(timer.community).locale)
        text = results_text(str(timer.payload.get("question", "")),
                            [str(o) for o in timer.payload.get("options", [])], results, locale)
        posted = await self.platforms.post(timer.community, Post(Channel(row.channel), text))
        log.info("schedule_poll_closed", community=timer.community, item=row.item,
                 voters=results.voters, posted=posted)
        return "results posted" if posted else "results post failed"


def results_text(question: str, options: list[str], results: PollResults,
                 locale: str) -> str:
    """Each option with its votes and share, then the voters (a short text)."""
    total = sum(results.counts)
    lines = [t(locale, "engagement.poll.results", question=question)]
    for index, option in enumerate(options):
        votes = results.counts[index] if index < len(results.counts) else 0
        share = round(100 * votes / total) if total else 0
        lines.append(t(locale, "engagement.poll.line", option=option, votes=votes,
                       percent=share))
    lines.append(t(locale, "engagement.poll.voters", voters=results.voters)
                 if results.voters else t(locale, "engagement.poll.no_votes"))
    return "\n".join(lines)[:MAX_TEXT]
