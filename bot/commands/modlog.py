"""The mod log: every case, automatic or manual, posted to the community's log channel.

One format everywhere (case number, action, member, moderator or rule, reason,
duration, evidence and a link when the platform gives one), in the rule file's
language. Posting never holds up or fails a sanction: it runs in the
background, tracked with the pipeline's in-flight work, and a failed post is
only logged. Adapters without `post`, and communities without a `log_channel`,
are skipped silently.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime
from typing import Any

import structlog

from bot.adapter import Adapter
from bot.commands.context import who
from bot.commands.model import Post
from bot.pipeline import Pipeline
from bot.posts import Button
from catalogue import supported, t
from rules.durations import format_duration
from storage.models import Case

log = structlog.get_logger("gardien.modlog")

MAX_POST = 1900          # under Discord's 2000 and Telegram's 4096
EXCERPT = 200


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def link_for(adapter: Adapter | None, community: str, channel: str | None,
             message_id: str | None) -> str | None:
    """The platform's link to a message, when the adapter can make one."""
    make = getattr(adapter, "message_link", None)
    if make is None or not channel or not message_id:
        return None
    try:
        return make(community, channel, message_id)
    except Exception:   # a link is a nicety: never let it break a post
        log.exception("message_link_failed", community=community)
        return None


def format_case(locale: str, case: Case, *, member: str = "", moderator: str = "",
                link: str | None = None) -> str:
    """The one readable format of a case, for the mod log and `case N`."""
    locale = supported(locale)
    action = t(locale, "action." + case.action) if case.action in _ACTIONS else case.action
    lines = [t(locale, "modlog.head", number=case.number, action=action,
               member=who(member, case.user) if case.user else "—")]
    if case.moderator:
        lines.append(t(locale, "modlog.moderator", moderator=who(moderator, case.moderator)))
    else:
        lines.append(t(locale, "modlog.rule", rule=case.rule))
    if case.reason:
        lines.append(t(locale, "modlog.reason", reason=excerpt(case.reason, 300)))
    if case.points:
        lines.append(t(locale, "modlog.points", points=case.points))
    if case.expires_at is not None:
        lines.append(t(locale, "modlog.duration",
                       duration=format_duration(case.expires_at - case.created_at),
                       until=stamp(case.expires_at)))
    if case.evidence:
        lines.append(t(locale, "modlog.evidence", evidence=excerpt(case.evidence)))
    if link:
        lines.append(t(locale, "modlog.link", link=link))
    if case.status == "failed":
        lines.append(t(locale, "modlog.failed", error=case.error or ""))
    elif case.status == "pending":
        lines.append(t(locale, "modlog.pending"))
    return "\n".join(lines)[:MAX_POST]


_ACTIONS = ("warn", "timeout", "untimeout", "kick", "ban", "unban", "purge")


class ModLog:
    """Posts to log channels and members' DMs through the adapters' optional `post`."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def case(self, case: Case, member: str = "", moderator: str = "") -> None:
        """Post a finished case in the background (the pipeline's `on_case` hook)."""
        self._background(self.post_case(case, member, moderator))

    async def post_case(self, case: Case, member: str = "", moderator: str = "") -> None:
        ruleset = self.pipeline.rulebook.for_community(case.community)
        adapter = self.pipeline.adapter_for(case.community)
        link = link_for(adapter, case.community, case.channel, case.message_id)
        text = format_case(ruleset.locale, case, member=member, moderator=moderator, link=link)
        await self.to_log(case.community, text)

    async def to_log(self, community: str, text: str, buttons: tuple[Button, ...] = ()) -> bool:
        """Post to the community's log channel; False when there is none or it failed."""
        channel = self.pipeline.rulebook.for_community(community).log_channel
        if not channel:
            return False
        return await self._post(community, Post(f"log:{channel}", text[:MAX_POST], buttons))

    async def to_member(self, community: str, user: str, text: str) -> bool:
        return await self._post(community, Post(f"dm:{user}", text[:MAX_POST]))

    def later(self, awaitable: Awaitable[Any]) -> None:
        """Run a post in the background (commands answer without waiting for it)."""
        self._background(awaitable)

    async def _post(self, community: str, post: Post) -> bool:
        adapter = self.pipeline.adapter_for(community)
        send = getattr(adapter, "post", None)
        if send is None:
            return False
        try:
            await send(community, post)
        except Exception as error:
            log.warning("post_failed", community=community, channel=post.channel,
                        error=getattr(error, "reason", None) or repr(error))
            return False
        return True

    def _background(self, awaitable: Awaitable[Any]) -> None:
        async def guarded() -> None:
            try:
                await awaitable
            except Exception:
                log.exception("modlog_failed")

        task = asyncio.get_running_loop().create_task(guarded())
        self.pipeline.in_flight.add(task)   # type: ignore[arg-type]
        task.add_done_callback(self.pipeline.in_flight.discard)
