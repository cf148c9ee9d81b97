"""The platform-neutral contract of moderator, admin and member commands.

Adapters turn a Discord interaction or a Telegram `/command` into an `Invocation`
(who, what, on whom, with which options, and each party's `Authority` on the
platform), hand it to `CommandCenter.invoke`, and render the `Answer` natively
(Discord: ephemeral when private; Telegram: to the caller in private when
possible). Button presses come back as invocations of the button's command.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from typing import Any

from bot.posts import Attachment, Button, Image

# Rights an invoker may hold, named after what they allow (mapped by each adapter:
# Discord permissions, Telegram administrator rights).
MODERATE = "moderate"                  # Discord Moderate Members / Telegram can_restrict_members
KICK = "kick"                          # Discord Kick Members / Telegram can_restrict_members
BAN = "ban"                            # Discord Ban Members / Telegram can_restrict_members
MANAGE_MESSAGES = "manage_messages"    # Discord Manage Messages / Telegram can_delete_messages
MANAGE_SERVER = "manage_server"        # Discord Manage Server / Telegram can_change_info
RIGHTS = (MODERATE, KICK, BAN, MANAGE_MESSAGES, MANAGE_SERVER)


@dataclass(frozen=True, slots=True)
class Authority:
    """Someone's standing on the platform, as the adapter read it.

    `rank` orders people for hierarchy checks: Discord, the position of the top role;
    Telegram, 0 member, 1 administrator, 2 creator. `owner` passes every right and rank check
    and can never be targeted.
    """

    id: str
    name: str = ""
    rank: int = 0
    rights: frozenset[str] = frozenset()
    owner: bool = False
    admin: bool = False                 # Telegram administrators (incl. anonymous): untouchable
    bot: bool = False
    mention: str = ""                   # optional: the platform's mention markup, for texts that
                                        # name the member in public (a manual warn); "" = @name


@dataclass(frozen=True, slots=True)
class Invocation:
    community: str                      # "<platform>:<id>"
    command: str                        # "warn", "rules upload", "appeal accept", ...
    invoker: Authority
    bot: Authority                      # the bot itself, for "above the target" checks
    target: Authority | None = None     # the member acted on, when the command names one
    options: dict[str, Any] = field(default_factory=dict)
    # reason: str, points: int, duration: str, delete_messages: str, case: int, count: int,
    # text: str, file: bytes (an attached rule file), file_name: str, revision: int, appeal: int
    channel: str = ""                   # where it was invoked (channel or chat id)
    message_id: str = ""                # the message replied to / reported, when any
    message_text: str = ""              # that message's text (evidence for report, warn...)
    locale: str | None = None           # the invoker's interface language, when the platform says


@dataclass(frozen=True, slots=True)
class Answer:
    """What the bot says back. `private`: only the caller sees it (ephemeral / DM)."""

    text: str
    private: bool = True
    buttons: tuple[Button, ...] = ()
    refused: bool = False               # a refusal (logged; no case written)
    image: Image | None = None          # a picture with the answer (`stats`'s chart)
    # Files with a private answer (`mydata`'s export): they only ever go to the caller
    # (Discord: attached to the ephemeral answer; Telegram: the private chat). Where the
    # command was typed in a group, Telegram says `sent_note` there, or `no_dm_note` when
    # the bot cannot write to the caller privately (the files then go nowhere).
    files: tuple[Attachment, ...] = ()
    sent_note: str = ""
    no_dm_note: str = ""


class Kind(Enum):
    """What an option holds, hence how it is validated and how each platform asks for it."""

    MEMBER = "member"       # the member acted on: conveyed by `Invocation.target`, never a value
    TEXT = "text"           # free text, stripped, at most `max_length` characters
    INTEGER = "integer"     # a whole number within `low`..`high` (`high` None: no maximum)
    DURATION = "duration"   # "10m", "7d"...: positive, at most `longest` when set
    FILE = "file"           # an attached file's bytes (its name travels as `<name>_name`)
    CHANNEL = "channel"     # a channel's name or id (Discord), a chat id or @name (Telegram),
                            # or `here`: one word, `#` dropped
    DAY = "day"             # a calendar day, YYYY-MM-DD (a `datetime.date` once validated)


class Target(Enum):
    """Whom a command acts on: the `member` option, a reply, or a Telegram @name / id."""

    NONE = "none"
    REQUIRED = "required"   # acts on a member (warn, ban, history...)
    OPTIONAL = "optional"   # may name one: purge (whose messages), report (the author)


class Scope(Enum):
    """Where a command may be used."""

    COMMUNITY = "community"                         # typed in the community
    COMMUNITY_OR_PRIVATE = "community or private"   # also in a private chat (appeal: a banned
                                                    # member has no community left)
    BUTTON = "button"                               # only pressed, never typed (verify...)


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One option of a command: the core validates it, the adapters ask for it, from here."""

    name: str                           # FORMATS.md's name, the same on every platform
    kind: Kind
    required: bool = False
    low: int | None = None              # INTEGER: smallest accepted
    high: int | None = None             # INTEGER: largest accepted (None: no maximum)
    max_length: int | None = None       # TEXT: longest accepted, in characters
    longest: timedelta | None = None    # DURATION: longest accepted
    default: int | None = None          # the value an omitted optional option takes
    # optional, but required where the community's rule file says so (a sanction's reason:
    # `commands: {require_reason: true}`, checked by the core); platforms register it optional
    rule_file_may_require: bool = False

    def __post_init__(self) -> None:
        bounded = {Kind.INTEGER: self.low is not None or self.high is not None,
                   Kind.TEXT: self.max_length is not None,
                   Kind.DURATION: self.longest is not None}
        for kind, has_bounds in bounded.items():
            if has_bounds and self.kind is not kind:
                raise ValueError(f"option {self.name}: bounds of a {kind.value} on a "
                                 f"{self.kind.value}")
        if self.default is not None and self.required:
            raise ValueError(f"option {self.name}: a required option has no default")

    @property
    def name_key(self) -> str:
        """Catalogue key of the option's name as refusals show it."""
        return f"option.name.{self.name}"

    @property
    def help_key(self) -> str:
        """Catalogue key of the option's one-line description (Discord's option picker)."""
        return f"option.help.{self.name}"


# A command family's function, given the core's `Context` (bot/commands/context.py). Typed
# loosely here so that this contract, which adapters read, does not depend on the core.
Handler = Callable[[Any], Awaitable[Answer]]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command, declared once in registry.py: the core dispatches and validates from it,
    Discord builds its slash commands from it, Telegram its menus and parsing."""

    name: str                           # "warn", "rules upload"
    handler: Handler                    # the command family's function that runs it
    right: str | None                   # one of RIGHTS, or None for everyone
    options: tuple[OptionSpec, ...] = ()    # in order, as in FORMATS.md
    target: Target = Target.NONE
    hierarchy: bool = False             # the target must rank below the invoker and the bot
    scope: Scope = Scope.COMMUNITY
    help_key: str = ""                  # catalogue key of its one-line help (derived if empty)

    def __post_init__(self) -> None:
        if not self.help_key:
            object.__setattr__(self, "help_key", "help." + self.name.replace(" ", "."))
        members = [option for option in self.options if option.kind is Kind.MEMBER]
        if len(members) > 1:
            raise ValueError(f"{self.name}: at most one member option")
        if members and self.target is not (Target.REQUIRED if members[0].required
                                           else Target.OPTIONAL):
            raise ValueError(f"{self.name}: the member option disagrees with the target")
        if self.target is Target.REQUIRED and not members:
            raise ValueError(f"{self.name}: a required target needs the member option")
        if self.hierarchy and self.target is Target.NONE:
            raise ValueError(f"{self.name}: a hierarchy check needs a target")

    @property
    def group(self) -> str | None:
        """"rules" for "rules upload": the first word of a two-word command."""
        return self.name.split(" ", 1)[0] if " " in self.name else None

    @property
    def required(self) -> tuple[str, ...]:
        """The names of the options that must be given."""
        return tuple(option.name for option in self.options if option.required)

    def option(self, name: str) -> OptionSpec | None:
        return next((option for option in self.options if option.name == name), None)


def group_help_key(group: str) -> str:
    """Catalogue key of a command group's description ("rules", "lockdown" on Discord)."""
    return f"help.{group}.group"
