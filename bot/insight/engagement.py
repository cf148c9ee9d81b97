"""Reports' engagement part (live only): what the community did with the posts it was given.

Read from the ledger of scheduled posts (`engagement_posts`, written by bot/engagement)
and the follow-ups the bot counted (bot/insight/follow.py): the posts, polls and
announcements sent in the period, how many voted in the polls closed, and how many
messages the community wrote in the hour after each. An event stream holds none of the
bot's own posts, so offline reports have no such part.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.insight.model import Engagement, EngagementItem
from storage.schedules import EngagementPost

SHOWN = 20   # the latest items listed one by one


class EngagementSource(Protocol):
    async def engagement_posts(self, community: str | None = None,
                               since: datetime | None = None) -> list[EngagementPost]: ...

    async def followups(self, community: str) -> dict[int, tuple[int, bool]]: ...


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


async def engagement_part(store: EngagementSource, community: str, since: datetime,
                          until: datetime, active_members: int) -> Engagement | None:
    """The part for [since, until) (UTC), None when nothing was sent in it."""
    posts = [p for p in await store.engagement_posts(community, since)
             if p.status == "posted" and p.posted_at is not None and p.posted_at < until]
    if not posts:
        return None
    followed = await store.followups(community)
    polls = [p for p in posts if p.kind == "poll"]
    closed = [p for p in polls if p.voters is not None]
    voters = sum(p.voters or 0 for p in closed)
    after = [followed[p.id][0] for p in posts if p.id in followed]
    items: list[EngagementItem] = []
    for post in posts[-SHOWN:]:
        messages, complete = followed.get(post.id, (None, False))
        assert post.posted_at is not None
        items.append({"id": post.item, "kind": post.kind, "at": _iso(post.posted_at),
                      "messages_next_hour": messages, "hour_complete": complete,
                      "voters": post.voters})
    mean_voters = voters / len(closed) if closed else None
    return {
        "posts": sum(1 for p in posts if p.kind == "post"),
        "announcements": sum(1 for p in posts if p.kind == "announce"),
        "polls": len(polls),
        "poll_voters": voters,
        "poll_participation": (round(mean_voters / active_members, 3)
                               if mean_voters is not None and active_members else None),
        "messages_after_post_mean": round(sum(after) / len(after), 1) if after else None,
        "items": items,
    }
