"""The shape of one community's report: exactly FORMATS.md's `gardien report --json`
object, plus what the charts need (`weekday_hours`, daily joins and leaves).

Computed once (live from the database, or offline from an event stream) and then
only rendered: `--json` prints it, the text summary, the HTML page and the PNG
chart read it, so every output shows the same figures.
"""

from __future__ import annotations

from typing import TypedDict


class Day(TypedDict):
    day: str               # YYYY-MM-DD, in the community's timezone
    messages: int
    active_members: int
    joins: int             # beyond FORMATS.md: for the chart
    leaves: int            # beyond FORMATS.md: for the chart


class ChannelCount(TypedDict):
    channel: str
    messages: int


class Newcomers(TypedDict):
    joined: int
    posted: int
    stayed: int


class Moderation(TypedDict):
    cases: int
    by_action: dict[str, int]
    by_rule: dict[str, int]
    moderated_messages: int
    reports: int
    report_response_median_s: float | None


class TermCount(TypedDict):
    term: str              # as written in the rule file
    messages: int          # distinct messages (edits included) that named it
    daily: list[int]       # aligned with the report's `daily` days


class SentimentDay(TypedDict):
    day: str
    scored: int            # messages scored (edits and bots excluded)
    negative: int


class CrisisSpan(TypedDict):
    start: str             # UTC, ISO with Z, like the event stream
    end: str | None        # None while under way
    negative: int          # negative messages in the window at its start
    usual: float           # rounded to 2 decimals


class Watch(TypedDict):
    """The e-reputation part: only when the rule file has `watch` or `crisis`."""

    terms: list[TermCount]
    scored: int
    negative: int
    negative_share: float  # negative / scored, 3 decimals; 0 when nothing was scored
    daily: list[SentimentDay]
    crises: list[CrisisSpan]   # those that started in the period, oldest first


class EngagementItem(TypedDict):
    id: str                          # the schedule item's id ("announce" for announcements)
    kind: str                        # post | poll | announce
    at: str                          # when it was posted (UTC, ISO, Z)
    messages_next_hour: int | None   # the community's messages in the hour after it
    hour_complete: bool              # false: the bot did not see the whole hour
    voters: int | None               # a closed poll's voters


class Engagement(TypedDict):
    posts: int
    announcements: int
    polls: int
    poll_voters: int                 # in the polls closed
    poll_participation: float | None   # mean voters per closed poll / active members
    messages_after_post_mean: float | None
    items: list[EngagementItem]


class _Required(TypedDict):
    community: str
    from_: str             # printed as "from" (a Python keyword): see `as_json`
    to: str
    timezone: str
    messages: int
    active_members: int
    communicators: int
    daily: list[Day]
    hours: list[int]                 # 24 counts, by hour of day
    weekday_hours: list[list[int]]   # beyond FORMATS.md: 7 rows (Monday first) of 24 counts
    channels: list[ChannelCount]
    joins: int
    leaves: int
    newcomers: Newcomers


class Report(_Required, total=False):
    moderation: Moderation           # offline: only with --rules
    engagement: Engagement           # live only: scheduled posts, polls, announcements
    watch: Watch                     # only when the rule file has `watch` or `crisis`
    locale: str                      # the rule file's locale, for the renderers' words


def as_json(report: Report) -> dict[str, object]:
    """The `--json` object: FORMATS.md's keys in its order (`from` spelled as such)."""
    out: dict[str, object] = {}
    for key, value in report.items():
        out["from" if key == "from_" else key] = value
    return out
