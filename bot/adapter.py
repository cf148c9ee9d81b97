"""The contract between the core and a platform adapter.

An adapter translates only: platform objects into frozen events going in, and
`Action`s and `Post`s into platform calls going out, mapping failures into
`bot.errors`. The core never sees a platform type and never probes an adapter:
what a platform can do beyond actions is declared in `capabilities`.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol, runtime_checkable

from bot.command_model import Answer, Authority, CommandSpec, Invocation
from bot.history import ChannelInfo, PastMessage
from bot.posts import Post
from rules.actions import Action
from rules.events import Event

EventSink = Callable[[Event], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Target:
    """Whom and what an action is about."""

    community: str
    user: str
    user_name: str = ""
    channel: str = ""
    message_id: str = ""
    log_channel: str = ""         # the rule file's log_channel, where alerts go ("" = none)


class Capability(StrEnum):
    """What an adapter offers beyond carrying out sanctions and reading events."""

    COMMANDS = "commands"             # registers and routes commands (attach_commands)
    POSTS = "posts"                   # posts to log channels, DMs, welcomes, with buttons
    PURGE = "purge"                   # bulk-deletes recent messages (execute(Purge))
    MESSAGE_LINKS = "message_links"   # links to a message (message_link)
    STANDING = "standing"             # tells someone's standing now (Standings.standing)
    LOCK = "lock"                     # locks a whole community during a raid (Locks)
    SLOWMODE = "slowmode"             # sets a channel's slow mode during a crisis (SlowModes)
    POLLS = "polls"                   # the platform's native polls, closed on demand (Polls)
    HISTORY = "history"               # reads a channel's past messages (Histories)
    SELF_CHECK = "self_check"         # checks its own rights (bot.ops.needs.Watched)


class Commands(Protocol):
    """What an adapter with COMMANDS talks to: the core's command dispatch."""

    def specs(self) -> tuple[CommandSpec, ...]: ...

    async def invoke(self, invocation: Invocation) -> Answer: ...


class Standings(Protocol):
    """What an adapter with STANDING offers: someone's standing now, for the rank checks on
    people a command reaches by id only (a case's moderator, the member a button acts on)."""

    async def standing(self, community: str, user: str) -> Authority | None:
        """Their `Authority` (rank 0 and no rights for someone not in the community); None
        when the platform cannot tell right now."""


class Locks(Protocol):
    """What an adapter with LOCK offers: one community-wide call that stops everyone without
    an explicit right from posting during a raid lockdown, and its exact undoing.

    The core reads `lock_state` first and stores it with the lockdown before it calls
    `lock`, so the lockdown's end restores exactly what was there, across restarts.
    Each method raises a `bot.errors.ActionError` when refused (a missing permission).
    """

    async def lock_state(self, community: str) -> str:
        """The community's posting state now, as opaque JSON text for `unlock` (Discord: the
        `@everyone` role's permissions and the invites' pause; Telegram: the chat's default
        permissions)."""

    async def lock(self, community: str, until: datetime, reason: str) -> None:
        """Lock: Discord's `@everyone` loses Send Messages and invites are paused until
        `until` (capped at 24 h ahead); Telegram's default permissions become read-only.
        Locking what is already locked is harmless (a restart re-applies it)."""

    async def unlock(self, community: str, previous: str, reason: str) -> None:
        """Restore exactly the state `lock_state` returned."""


class SlowModes(Protocol):
    """What an adapter with SLOWMODE offers: a channel's slow mode (seconds a member waits
    between two messages), read before a crisis sets it so that its end restores it.
    Each method raises a `bot.errors.ActionError` when refused (a missing permission, a
    channel that is gone or has no slow mode)."""

    async def slowmode(self, community: str, channel: str) -> int:
        """The channel's slow mode now, in seconds (0: none)."""

    async def set_slowmode(self, community: str, channel: str, seconds: int,
                           reason: str) -> None:
        """Set the channel's slow mode (0 lifts it); `reason` goes to the audit log."""


@dataclass(frozen=True, slots=True)
class PollRef:
    """A poll the adapter posted, as it needs it to close it later (stored by the core)."""

    channel: str          # where it went (Discord: the channel id; Telegram: the chat id)
    message_id: str
    poll_id: str = ""     # Telegram's poll id ("" on Discord, where the message is the poll)


@dataclass(frozen=True, slots=True)
class PollResults:
    """A closed poll's figures: votes per option (in the options' order) and voters."""

    counts: tuple[int, ...]
    voters: int


class Polls(Protocol):
    """What an adapter with POLLS offers: a native poll posted, and closed with its results.

    The poll stays open until `close_poll` (Discord: its duration is `lasts` rounded up to
    whole hours, the bot ends it at `lasts`; Telegram: no `open_period`, the bot calls
    stopPoll). Each method raises a `bot.errors.ActionError` when refused, and `Invalid`
    for what this platform cannot show (an option too long for it)."""

    async def post_poll(self, community: str, to: Post, question: str,
                        options: tuple[str, ...], lasts: timedelta) -> PollRef:
        """Post the poll where `to.to` says (`to.text` is unused)."""

    async def close_poll(self, community: str, ref: PollRef) -> PollResults:
        """End the poll now and return its final figures."""
class Histories(Protocol):
    """What an adapter with HISTORY offers: a channel's past messages, for archives.
    Each method raises a `bot.errors.ActionError` when refused (a channel that is not there,
    a missing permission to read its history)."""

    async def history_channel(self, community: str, channel: str) -> ChannelInfo:
        """The channel `channel` names (an id, a name, `#name` or a mention), checked to be
        readable by the bot."""

    def history(self, community: str, channel: str, since: datetime | None,
                until: datetime | None) -> AsyncGenerator[PastMessage, None]:
        """The channel's messages posted in [since, until) (None: no bound), oldest first,
        read page by page (the platform's rate limits waited out by the adapter)."""


@runtime_checkable
class Connecting(Protocol):
    """An adapter whose calls need a connection first (a platform's): start-up's replays of
    what the previous run left unfinished wait for it instead of failing against nothing."""

    async def connected(self) -> None:
        """Return once the adapter can carry out actions (it keeps waiting while down)."""


@runtime_checkable
class Linked(Protocol):
    """An adapter that can tell, right now, whether it is connected to its platform
    (`gardien_platform_up`, `/readyz`); one without it (the console) counts as connected."""

    def is_connected(self) -> bool:
        """Whether calls can be carried out now (False while disconnected or reconnecting)."""


class Adapter(Protocol):
    """One platform (or the console)."""

    platform: str
    capabilities: frozenset[Capability]
    # The longest timeout the platform lifts by itself; None: it never does (the runtime's
    # timers lift every timeout), or timedelta.max when it lifts any length.
    max_timeout: timedelta | None

    def owns(self, community: str) -> bool:
        """Whether this adapter serves `community` ("<platform>:<id>")."""

    async def start(self, sink: EventSink) -> None:
        """Connect and deliver events to `sink` until stopped or the source ends."""

    async def stop(self) -> None:
        """Disconnect; pending `execute` calls may still finish."""

    def attach_commands(self, commands: Commands) -> None:
        """Register the commands natively at start-up and route invocations to `commands`
        (called only when COMMANDS is declared)."""

    async def execute(self, action: Action, target: Target) -> int | None:
        """Carry out one action; raise a `bot.errors.ActionError` when refused. Returns how
        many messages a `Purge` deleted, None for every other action."""

    async def post(self, community: str, post: Post) -> None:
        """Post a message (called only when POSTS is declared); raise ActionError on failure."""

    def message_link(self, community: str, channel: str, message_id: str) -> str | None:
        """A link to a message (called only when MESSAGE_LINKS is declared)."""
