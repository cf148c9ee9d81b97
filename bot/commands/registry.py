"""Every command Gardien answers, with its options and the right it needs (FORMATS.md)."""

from __future__ import annotations

from bot.commands.model import BAN, KICK, MANAGE_MESSAGES, MANAGE_SERVER, MODERATE, CommandSpec


def _s(name: str, right: str | None, options: tuple[str, ...] = (), required: tuple[str, ...] = (),
       member: bool = False) -> CommandSpec:
    return CommandSpec(name=name, right=right, options=options, required=required,
                       targets_member=member, summary_key=f"help.{name.replace(' ', '.')}")


COMMANDS: tuple[CommandSpec, ...] = (
    # moderators
    _s("warn", MODERATE, ("member", "reason", "points"), ("member", "reason"), member=True),
    _s("timeout", MODERATE, ("member", "duration", "reason"), ("member", "duration", "reason"),
       member=True),
    _s("untimeout", MODERATE, ("member",), ("member",), member=True),
    _s("note", MODERATE, ("member", "text"), ("member", "text"), member=True),
    _s("case", MODERATE, ("case",), ("case",)),
    _s("history", MODERATE, ("member",), ("member",), member=True),
    _s("reason", MODERATE, ("case", "text"), ("case", "text")),
    _s("kick", KICK, ("member", "reason"), ("member", "reason"), member=True),
    _s("ban", BAN, ("member", "reason", "duration", "delete_messages"), ("member", "reason"),
       member=True),
    _s("unban", BAN, ("member",), ("member",), member=True),
    _s("purge", MANAGE_MESSAGES, ("count", "member"), ("count",)),
    # admins
    _s("rules show", MANAGE_SERVER),
    _s("rules check", MANAGE_SERVER, ("file",), ("file",)),
    _s("rules upload", MANAGE_SERVER, ("file",), ("file",)),
    _s("rules rollback", MANAGE_SERVER, ("revision",)),
    _s("rules reload", MANAGE_SERVER),
    # everyone
    _s("report", None, ("reason",)),
    _s("appeal", None, ("case", "text"), ("case", "text")),
    _s("rules", None),
    _s("lockdown start", MANAGE_SERVER, ("duration",)),
    _s("lockdown end", MANAGE_SERVER),
    # the verification button under a welcome message (only the newcomer may press it)
    _s("verify", None),
    # buttons under an appeal, shown to moderators
    _s("appeal accept", MODERATE, ("appeal",), ("appeal",)),
    _s("appeal deny", MODERATE, ("appeal",), ("appeal",)),
)

BY_NAME = {spec.name: spec for spec in COMMANDS}
BUTTON_ONLY = ("appeal accept", "appeal deny", "verify")
