"""What a community's rule file needs the bot to be allowed to do, in platform-neutral
rights, and what an adapter reports back when it checked them.

Rights are derived from what the file can make the bot do (a rule's `delete` needs the
right to delete, an escalation step's `ban` the right to ban...), so a bot that lacks a
right nothing uses is never nagged about it. Each adapter maps a right to its platform's
permission (adapters/discord/permissions_watch.py, adapters/telegram/myself.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from rules.ruleset import Ruleset

# the rights, in the order alerts list them; `malfunction.breaks.<right>` says what fails
DELETE = "delete"         # delete messages (in the moderated channels)
TIMEOUT = "timeout"       # time members out
KICK = "kick"
BAN = "ban"
ROLES = "roles"           # give and take roles (a verification role, a raid's lock)
SLOWMODE = "slowmode"     # a channel's slow mode (crisis.slowmode)
POST_LOG = "post_log"     # post in the log channel
APPROVE = "approve"       # approve join requests (the verification gate on Telegram)
RIGHTS = (DELETE, TIMEOUT, KICK, BAN, ROLES, SLOWMODE, POST_LOG, APPROVE)

_SANCTIONS = {"timeout": TIMEOUT, "kick": KICK, "ban": BAN}


@dataclass(frozen=True, slots=True)
class Needs:
    """What the bot must be allowed in one community: `rights`, where the log channel is,
    and which channels the rules leave alone (not moderated, so not checked)."""

    rights: frozenset[str]
    log_channel: str | None = None
    exempt_channels: frozenset[str] = frozenset()


def needs(ruleset: Ruleset) -> Needs:
    """The rights `ruleset` can call on."""
    rights: set[str] = set()
    for rule in (*ruleset.rules, *ruleset.join_rules):
        for action in rule.actions:
            if action.kind == "delete":
                rights.add(DELETE)
            elif action.kind in _SANCTIONS:
                rights.add(_SANCTIONS[action.kind])
    for step in ruleset.escalation.steps:
        rights.add(_SANCTIONS[step.action])
    if ruleset.raid is not None:
        if ruleset.raid.action in _SANCTIONS:
            rights.add(_SANCTIONS[ruleset.raid.action])
        if ruleset.raid.lock:
            rights.add(ROLES)
    verify = ruleset.welcome.verify if ruleset.welcome is not None else None
    if verify is not None:
        rights.add(ROLES if verify.role else TIMEOUT)
        rights.add(APPROVE)
        if verify.on_timeout in _SANCTIONS:
            rights.add(_SANCTIONS[verify.on_timeout])
    if ruleset.crisis is not None and ruleset.crisis.slowmode:
        rights.add(SLOWMODE)
    if ruleset.log_channel:
        rights.add(POST_LOG)
    return Needs(frozenset(rights), ruleset.log_channel, ruleset.exempt_channels)


@dataclass(frozen=True, slots=True)
class Missing:
    """One platform permission the bot lacks: `permission` and `fix` are catalogue keys (its
    name, how to grant it), `channels` where it lacks it (empty: the whole community),
    `rights` what it breaks."""

    permission: str
    rights: tuple[str, ...]
    fix: str
    channels: tuple[str, ...] = ()


class Malfunctions(Protocol):
    """What an adapter with SELF_CHECK reports to: the core's malfunction alerts."""

    def needs(self, community: str) -> Needs:
        """What `community`'s rule file needs the bot to be allowed."""

    def rights_checked(self, community: str, missing: Sequence[Missing]) -> None:
        """The permissions the bot lacks in `community` now (all of them: what is not
        listed any more is over)."""

    def removed(self, community: str) -> None:
        """The bot left `community`: its incidents are dropped, nobody left to tell."""

    def connection(self, platform: str, up: bool) -> None:
        """The platform's connection was lost (`up` False) or is back."""


class Watched:
    """An adapter's half of SELF_CHECK: holds what the core attached."""

    malfunctions: Malfunctions | None = None

    def attach_malfunctions(self, malfunctions: Malfunctions) -> None:
        self.malfunctions = malfunctions
