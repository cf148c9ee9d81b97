"""The shape of a code-of-conduct file, as pydantic models.

These models validate everything but `match` and `actions`, which are checked
by the condition registry and `rules.actions` so that each condition kind
owns its options. The same models produce the JSON Schema for editors.
"""

from __future__ import annotations

import difflib
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from rules.durations import parse_duration
from rules.occurrences import WEEKDAYS as WEEKDAYS  # re-exported (bot/insight/weekly.py)
from rules.schedule import Schedule
from rules.spectypes import Duration, Name, StrictModel, TimeZone

RULE_ID_PATTERN = r"^[a-z0-9-]+$"
RULE_EVENTS = ("message", "join")   # what a rule is evaluated on (`on:`)


class Exempt(StrictModel):
    roles: list[Name] = Field(default_factory=list)
    users: list[Name] = Field(default_factory=list)
    channels: list[Name] = Field(default_factory=list)


class Verify(StrictModel):
    prompt: str
    within: Duration
    on_timeout: Literal["kick", "ban", "nothing"] = "kick"
    role: Name | None = None


class Welcome(StrictModel):
    message: str | None = None
    channel: Name | None = Field(None, description='a name or id, or "dm"')
    verify: Verify | None = None


class Raid(StrictModel):
    # bounded: the bot keeps a window of this many joins (beyond 2**63, it could not)
    joins: int = Field(..., ge=2, le=100_000)
    within: Duration
    lockdown: Duration
    action: Literal["timeout", "kick", "ban", "nothing"] = "timeout"
    lock: bool = Field(False, description=(
        "at the start of a lockdown, stop everyone without an explicit right from posting "
        "(Discord: @everyone loses Send Messages and invites are paused; Telegram: the "
        "group becomes read-only), and restore exactly what was there at its end"))


class Commands(StrictModel):
    """How the moderators' commands behave in this community."""

    require_reason: bool = Field(False, description=(
        "refuse warn, timeout, kick and ban without a reason (by default the reason is "
        "optional and the case reads \"no reason given\")"))

    @field_validator("require_reason", mode="before")
    @classmethod
    def _true_or_false(cls, value: Any) -> Any:
        """Only true or false: `"yes"` or `1` is a mistake to point at, not a guess to make."""
        if not isinstance(value, bool):
            raise ValueError(f"write true or false, not {value!r}")
        return value




class AutoMod(StrictModel):
    """Discord's native AutoMod, fed from this file's word rules (rules/automod.py)."""

    sync: bool = Field(False, description=(
        "Discord: compile the file's word rules that delete into native AutoMod keyword "
        "rules (blocked before anyone sees them; Gardien stays the second line); needs "
        "Manage Server"))

    @field_validator("sync", mode="before")
    @classmethod
    def _true_or_false(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError(f"write true or false, not {value!r}")
        return value


class Reports(StrictModel):
    """The community's weekly report, posted to `log_channel`."""

    every: str = Field(..., description=(
        'a day and a time of the community\'s week, in its `timezone`: "mon 09:00"'))

    @field_validator("every")
    @classmethod
    def _day_and_time(cls, value: str) -> str:
        day, _, clock = value.strip().lower().partition(" ")
        hours, _, minutes = clock.strip().partition(":")
        if (day not in WEEKDAYS or len(hours) != 2 or len(minutes) != 2
                or not (hours.isascii() and hours.isdigit() and minutes.isascii()
                        and minutes.isdigit())
                or int(hours) > 23 or int(minutes) > 59):
            raise ValueError(f'write a weekday and a time such as "mon 09:00", not {value!r}')
        return f"{day} {hours}:{minutes}"


MIN_FEED_EVERY = timedelta(minutes=1)
MAX_SLOWMODE = timedelta(hours=6)     # Discord's longest rate_limit_per_user


class Feed(StrictModel):
    """An outside RSS or Atom feed, polled for the watched terms."""

    url: str = Field(..., description="an http or https URL of an RSS or Atom feed")
    every: Duration = Field(timedelta(minutes=15), description="how often it is polled; >= 1m")

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str) -> str:
        scheme, _, rest = value.partition("://")
        if scheme.lower() not in ("http", "https") or not rest.split("/", 1)[0]:
            raise ValueError(f"write an http or https URL, not {value!r}")
        return value

    @field_validator("every")
    @classmethod
    def _not_too_often(cls, value: timedelta) -> timedelta:
        if value < MIN_FEED_EVERY:
            raise ValueError("a feed is polled at most once a minute: write 1m or more")
        return value


class Watch(StrictModel):
    """What people say about the organisation: terms watched, never a sanction."""

    terms: list[str] = Field(..., min_length=1, description=(
        "words and phrases matched like `words`: whole, normalised, evasion-resistant"))
    alert: Name | None = Field(None, description="where hits are posted; default log_channel")
    feeds: list[Feed] = Field(default_factory=list)

    @field_validator("terms")
    @classmethod
    def _real_terms(cls, terms: list[str]) -> list[str]:
        if any(not term.strip() for term in terms):
            raise ValueError("a watched term is empty")
        if any(len(term) > 100 for term in terms):
            raise ValueError("a watched term is longer than 100 characters")
        return terms


class Crisis(StrictModel):
    """A wave of negative messages: both thresholds within one window start an alarm."""

    window: Duration = timedelta(minutes=10)
    negative: int = Field(10, ge=1, le=1_000_000, description=(
        "at least this many negative messages within `window`..."))
    factor: float = Field(3.0, gt=0, le=1000, description=(
        "...and at least this many times the usual number for a window that long"))
    slowmode: Duration | None = Field(None, description=(
        "Discord: the channels' slow mode while the crisis lasts (at most 6h)"))

    @field_validator("window")
    @classmethod
    def _window_length(cls, value: timedelta) -> timedelta:
        if not timedelta(minutes=1) <= value <= timedelta(hours=24):
            raise ValueError("the window is between 1m and 24h")
        return value

    @field_validator("slowmode")
    @classmethod
    def _slowmode_length(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and not timedelta(seconds=1) <= value <= MAX_SLOWMODE:
            raise ValueError("slow mode is between 1s and 6h (Discord's limits)")
        return value


class Step(StrictModel):
    points: int = Field(..., ge=1)
    action: Literal["timeout", "kick", "ban"]
    duration: Duration | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _timeout_needs_duration(self) -> Step:
        if self.action == "timeout" and self.duration is None:
            raise ValueError("a timeout step needs a duration, e.g. duration: 1h")
        if self.action == "kick" and self.duration is not None:
            raise ValueError("a kick has no duration")
        return self


class Escalation(StrictModel):
    expire_after: Duration | None = Field(None, description="points older than this stop counting")
    steps: list[Step] = Field(default_factory=list)

    @field_validator("steps")
    @classmethod
    def _distinct_points(cls, steps: list[Step]) -> list[Step]:
        seen = [step.points for step in steps]
        if len(seen) != len(set(seen)):
            raise ValueError("two steps have the same number of points")
        return sorted(steps, key=lambda step: step.points)


class ExampleMessage(StrictModel):
    """An example richer than a text: roles, mentions, files, or a burst of repeats."""

    text: str = ""
    channel: Name = "general"
    roles: list[Name] = Field(default_factory=list)
    mentions: int = Field(0, ge=0, description="how many distinct users it mentions")
    everyone: bool = False
    attachments: list[str] = Field(default_factory=list, description="file names")
    links: list[str] = Field(default_factory=list, description="hidden link targets")
    joined_ago: Duration | None = None
    account_age: Duration | None = None
    text_times: int = Field(1, ge=1, le=100_000, description="the text repeated this many times")
    times: int = Field(1, ge=1, le=100, description="send it this many times; the last counts")
    every: Duration = timedelta(seconds=1)


Example = str | ExampleMessage


class Examples(StrictModel):
    match: list[Example] = Field(default_factory=list)
    pass_: list[Example] = Field(default_factory=list, alias="pass")


COOLDOWN_SCOPES = ("member", "channel", "community")


class Cooldown(StrictModel):
    """How long a rule stays quiet after it fired, and for whom: the member who set it off
    (a sanction's cooldown), the channel, or the whole community (an FAQ answer that must
    not repeat itself)."""

    duration: Duration
    per: Literal["member", "channel", "community"] = "member"


def _cooldown(value: Any) -> Any:
    """`10m` (per member, as before) or `{duration: 10m, per: channel}`."""
    if isinstance(value, Cooldown):
        return value
    if isinstance(value, dict):
        return Cooldown.model_validate(value)
    # a bad duration is reported at `cooldown`, where it is written
    return Cooldown.model_construct(duration=parse_duration(value), per="member")


def _unknown_event(item: Any) -> str:
    close = difflib.get_close_matches(str(item), RULE_EVENTS, n=1, cutoff=0.5)
    return f"{item!r} (did you mean {close[0]!r}?)" if close else repr(item)


class RuleSpec(StrictModel):
    id: str = Field(..., pattern=RULE_ID_PATTERN, max_length=64)
    description: str = ""
    mode: Literal["enforce", "shadow", "off"] = "enforce"
    cooldown: Annotated[Cooldown, BeforeValidator(_cooldown), WithJsonSchema({"oneOf": [
        {"type": "string", "description": "e.g. 10m: per member"},
        {"type": "object", "required": ["duration"], "additionalProperties": False,
         "properties": {"duration": {"type": "string"},
                        "per": {"enum": list(COOLDOWN_SCOPES)}}}]})] = Field(
        default_factory=lambda: Cooldown(duration="0s"))
    on: list[str] = Field(
        default_factory=lambda: ["message"],
        json_schema_extra={"items": {"enum": list(RULE_EVENTS)}, "minItems": 1,
                           "uniqueItems": True},
        description="what the rule is evaluated on: messages (default), joins (the text is "
        "the member's display name), or both")
    match: Any            # its schema ($defs/Match) is set by rules.jsonschema
    actions: list[Any]    # items: $defs/Action, set by rules.jsonschema
    examples: Examples | None = None


    @field_validator("on", mode="before")
    @classmethod
    def _known_events(cls, value: Any) -> Any:
        """Name every unknown value at once, each with its closest known one."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ValueError("a list of message, join (e.g. `on: [join]`)")
        if not value:
            raise ValueError("the list is empty; give message, join or both")
        unknown = [item for item in value if item not in RULE_EVENTS]
        if unknown:
            named = ", ".join(_unknown_event(item) for item in unknown)
            raise ValueError(f"unknown value {named}; expected {', '.join(RULE_EVENTS)}")
        if len(set(value)) != len(value):
            raise ValueError("a value is listed twice")
        return value


class RuleFileSpec(StrictModel):
    version: Literal[1]
    name: str
    locale: str = Field("en", pattern=r"^[a-z]{2}(-[A-Za-z]{2})?$")
    timezone: TimeZone = Field("UTC", description=(
        "the community's days and hours in reports, and the clock of its schedules"))
    log_channel: Name | None = None
    exempt: Exempt = Field(default_factory=Exempt)
    welcome: Welcome | None = None
    raid: Raid | None = None
    escalation: Escalation | None = None
    commands: Commands | None = None
    automod: AutoMod | None = None
    reports: Reports | None = None
    watch: Watch | None = None
    crisis: Crisis | None = None
    schedule: Schedule | None = None
    archive: bool = Field(False, description=(
        "keep this community's messages for `archive channel` (Telegram, where bots cannot "
        "read history; Discord reads it and needs no keeping)"))
    rules: list[Any]      # items: $defs/Rule, set by rules.jsonschema
