"""The platform-neutral contract of moderator, admin and member commands.

Adapters turn a Discord interaction or a Telegram `/command` into an `Invocation`
(who, what, on whom, with which options, and each party's `Authority` on the
platform), hand it to `CommandCenter.invoke`, and render the `Answer` natively
(Discord: ephemeral when private; Telegram: to the caller in private when
possible). Button presses come back as invocations of the button's command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.posts import Button

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


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One command as the registry and the adapters see it (names, options, rights)."""

    name: str                           # "warn", "rules upload"
    right: str | None                   # one of RIGHTS, or None for everyone
    options: tuple[str, ...] = ()       # option names in order, as in FORMATS.md
    required: tuple[str, ...] = ()      # options that must be given
    targets_member: bool = False        # needs a `target` (member option / reply / @name)
    summary_key: str = ""               # catalogue key of its one-line help
