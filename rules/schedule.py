"""`schedule:` in a rule file: posts and native polls at set times, checked at compile time.

Each item has an `id` (unique, `[a-z0-9-]+`: the key that makes each occurrence posted
once), an `at` (rules/occurrences.py), an optional `channel` (default: the welcome
channel on Discord, the group on Telegram) and exactly one of `post` (a text, or a list
posted one per occurrence in turn) and `poll`. Poll limits are the ones both platforms
accept, so a file valid here posts everywhere: a question of 1..300 characters, 2..10
distinct options of 1..55 characters (Discord's answer limit; Telegram takes 100), and
`lasts` from 1 minute to 32 days (Discord's longest poll, 768 hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator

from rules.occurrences import At, AtError, parse_at
from rules.spectypes import Duration, Name, StrictModel
from rules.templates import template_problem

SCHEDULE_ID_PATTERN = r"^[a-z0-9-]+$"
# What a scheduled post or an announcement may say: nobody is the subject of it.
POST_FIELDS = ("community",)
MAX_QUESTION = 300
MAX_OPTION = 55
MIN_OPTIONS, MAX_OPTIONS = 2, 10
SHORTEST_POLL = timedelta(minutes=1)
LONGEST_POLL = timedelta(hours=768)
MAX_POST = 1900        # characters: under Discord's 2,000 and Telegram's 4,096


def post_problem(text: str) -> str | None:
    """Why `text` cannot be a scheduled post or an announcement, or None."""
    if not text.strip():
        return "the text is empty"
    if len(text) > MAX_POST:
        return f"the text is {len(text)} characters long; at most {MAX_POST}"
    return template_problem(text, POST_FIELDS)


class PollSpec(StrictModel):
    """A native poll: Discord's polls, Telegram's sendPoll; results posted when it closes."""

    question: str = Field(..., min_length=1, max_length=MAX_QUESTION)
    options: list[str] = Field(..., min_length=MIN_OPTIONS, max_length=MAX_OPTIONS)
    lasts: Duration = Field(timedelta(days=1), description="1m to 32d; default 1d")

    @field_validator("options")
    @classmethod
    def _real_options(cls, options: list[str]) -> list[str]:
        cleaned = [option.strip() for option in options]
        if any(not option for option in cleaned):
            raise ValueError("an option is empty")
        long = [option for option in cleaned if len(option) > MAX_OPTION]
        if long:
            raise ValueError(f"option {long[0]!r} is longer than {MAX_OPTION} characters "
                             "(Discord's limit)")
        if len({option.casefold() for option in cleaned}) != len(cleaned):
            raise ValueError("two options are the same")
        return cleaned

    @field_validator("lasts")
    @classmethod
    def _length(cls, value: timedelta) -> timedelta:
        if not SHORTEST_POLL <= value <= LONGEST_POLL:
            raise ValueError("a poll lasts from 1m to 32d (Discord's longest poll is 768 hours)")
        return value


class ScheduleItem(StrictModel):
    id: str = Field(..., pattern=SCHEDULE_ID_PATTERN, max_length=64)
    at: str = Field(..., description=(
        '"10:00" daily, "mon 10:00" weekly, "15 10:00" monthly (a month without that day: '
        "its last day), or a five-field cron expression, in the rule file's `timezone`"))
    channel: Name | None = Field(None, description=(
        "a channel name or id; default: the welcome channel (Discord) or the group (Telegram)"))
    post: str | list[str] | None = Field(None, description="one text, or texts posted in turn")
    poll: PollSpec | None = None

    @field_validator("at")
    @classmethod
    def _readable(cls, value: str) -> str:
        try:
            return parse_at(value).text
        except AtError as error:
            raise ValueError(str(error)) from None

    @field_validator("post")
    @classmethod
    def _texts(cls, value: str | list[str] | None) -> str | list[str] | None:
        texts = [value] if isinstance(value, str) else value or []
        if isinstance(value, list) and not value:
            raise ValueError("the list of posts is empty")
        for text in texts:
            problem = post_problem(text)
            if problem:
                raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> ScheduleItem:
        if (self.post is None) == (self.poll is None):
            raise ValueError("give exactly one of `post` and `poll`")
        return self


def _unique_ids(items: list[ScheduleItem]) -> list[ScheduleItem]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"two scheduled items have the id {item.id!r}")
        seen.add(item.id)
    return items


Schedule = Annotated[list[ScheduleItem], AfterValidator(_unique_ids)]


@dataclass(frozen=True, slots=True)
class CompiledPoll:
    question: str
    options: tuple[str, ...]
    lasts: timedelta


@dataclass(frozen=True, slots=True)
class ScheduledItem:
    """One item of `schedule:`, ready to plan: its `at` parsed once."""

    id: str
    at: At
    channel: str                     # "" = the platform's default place
    posts: tuple[str, ...] = ()      # in turn, one per occurrence
    poll: CompiledPoll | None = None

    @property
    def kind(self) -> str:
        return "poll" if self.poll is not None else "post"

    def text_for(self, index: int) -> str:
        """The post of the `index`-th occurrence (0 first): the list in turn."""
        return self.posts[index % len(self.posts)]

    @classmethod
    def build(cls, item: ScheduleItem) -> ScheduledItem:
        poll = (CompiledPoll(item.poll.question, tuple(item.poll.options), item.poll.lasts)
                if item.poll is not None else None)
        posts = (item.post,) if isinstance(item.post, str) else tuple(item.post or ())
        return cls(item.id, parse_at(item.at), (item.channel or "").strip().lstrip("#"),
                   posts, poll)
