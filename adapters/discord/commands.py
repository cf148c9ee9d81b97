"""The command table as Discord slash commands, built with discord.py's app_commands.

Everything comes from the core's table (`CommandCenter.specs()`, declared in
bot/commands/registry.py): each typed command becomes a top-level command, except
two-word ones, which become subcommands of a group (`rules ...`, `lockdown ...`; the
member command "rules" is `/rules summary`). Buttons-only commands are left out. Option
types, `Range` bounds and required flags come from each `OptionSpec`, allowed contexts
from the scope, default permissions from the right. Options keep FORMATS.md's names.

They are synced GLOBALLY, once per start: one bulk-overwrite request whatever
the number of servers (per-server registration costs a request per server at
every start and counts against Discord's daily command-creation limit), and
global updates reach clients at once nowadays. The core checks rights itself,
`default_member_permissions` only hides commands from members who lack them.
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import discord
from discord import app_commands

from adapters.discord import texts
from bot.command_model import (
    BAN,
    KICK,
    MANAGE_MESSAGES,
    MANAGE_SERVER,
    MODERATE,
    CommandSpec,
    Kind,
    OptionSpec,
    Scope,
    group_help_key,
)

# (interaction, core command name, option values by name) -> None
Handler = Callable[[discord.Interaction, str, dict[str, Any]], Awaitable[None]]

GROUP = "rules"
SUMMARY = "summary"          # `/rules summary` is the member command "rules"

# What each kind of option is on Discord, before its bounds.
KIND_TYPES: dict[Kind, Any] = {
    Kind.MEMBER: discord.User,               # a Member when they are in the server
    Kind.TEXT: str,
    Kind.INTEGER: int,
    Kind.DURATION: str,                      # the duration format: the core parses it
    Kind.FILE: discord.Attachment,
    Kind.CHANNEL: str,                       # a name or id (or `here`), read by the core
    Kind.DAY: str,                           # YYYY-MM-DD: the core parses it
}

# The right a command needs -> the permission that shows it by default.
PERMISSIONS: dict[str, discord.Permissions] = {
    MODERATE: discord.Permissions(moderate_members=True),
    KICK: discord.Permissions(kick_members=True),
    BAN: discord.Permissions(ban_members=True),
    MANAGE_MESSAGES: discord.Permissions(manage_messages=True),
    MANAGE_SERVER: discord.Permissions(manage_guild=True),
}

GUILD_ONLY = app_commands.AppCommandContext(guild=True)
GUILD_OR_DM = app_commands.AppCommandContext(guild=True, dm_channel=True)
GUILD_INSTALL = app_commands.AppInstallationType(guild=True)


def discord_name(spec: CommandSpec) -> tuple[str | None, str]:
    """(group or None, command name on Discord) for a core command: "rules upload" is the
    `upload` subcommand of the `rules` group, and so is every two-word command."""
    if spec.name == GROUP:
        return GROUP, SUMMARY
    if spec.group is not None:
        return spec.group, spec.name.split(" ", 1)[1]
    return None, spec.name


def annotation(option: OptionSpec) -> Any:
    """The parameter type discord.py reads: the kind's type, in a `Range` when bounded."""
    if option.kind is Kind.INTEGER and (option.low is not None or option.high is not None):
        return app_commands.Range[int, option.low, option.high]
    if option.kind is Kind.TEXT and option.max_length is not None:
        return app_commands.Range[str, None, option.max_length]
    return KIND_TYPES[option.kind]


def contexts(specs: list[CommandSpec]) -> app_commands.AppCommandContext:
    """A private chat too only when every command there may be used from one."""
    private = all(spec.scope is Scope.COMMUNITY_OR_PRIVATE for spec in specs)
    return GUILD_OR_DM if private else GUILD_ONLY


def permissions(specs: list[CommandSpec]) -> discord.Permissions | None:
    """The permission that shows these commands by default: none unless they all need the
    same right (the `rules` group also holds the member command, for everyone)."""
    rights = {spec.right for spec in specs}
    right = rights.pop() if len(rights) == 1 else None
    return PERMISSIONS.get(right) if right is not None else None


def _callback(spec: CommandSpec,
              handler: Handler) -> Callable[..., Coroutine[Any, Any, None]]:
    """A callback whose signature declares the spec's options, as discord.py reads them."""

    # an option named like a Python keyword (`from`) is a parameter `from_`, renamed back
    python = {option.name: option.name + "_" if keyword.iskeyword(option.name) else option.name
              for option in spec.options}
    core = {name: option for option, name in python.items()}

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await handler(interaction, spec.name,
                      {core.get(k, k): v for k, v in values.items() if v is not None})

    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                    annotation=discord.Interaction)]
    for option in spec.options:
        default = inspect.Parameter.empty if option.required else None
        parameters.append(inspect.Parameter(python[option.name], inspect.Parameter.KEYWORD_ONLY,
                                            default=default, annotation=annotation(option)))
    callback.__signature__ = inspect.Signature(parameters)   # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        python[option.name]: texts.english(option.help_key) for option in spec.options}
    callback.__discord_app_commands_param_rename__ = {       # type: ignore[attr-defined]
        name: option for option, name in python.items() if name != option}
    callback.__qualname__ = callback.__name__ = f"gardien_{spec.name.replace(' ', '_')}"
    return callback


def build(tree: app_commands.CommandTree, specs: tuple[CommandSpec, ...],
          handler: Handler) -> None:
    """Add every typed command of `specs` (buttons-only ones are pressed, not typed)."""
    typed = [spec for spec in specs if spec.scope is not Scope.BUTTON]
    members: dict[str, list[CommandSpec]] = {}
    for spec in typed:
        parent, _ = discord_name(spec)
        if parent is not None:
            members.setdefault(parent, []).append(spec)
    groups = {
        parent: app_commands.Group(
            name=parent, description=texts.english(group_help_key(parent)),
            guild_only=contexts(inside) is GUILD_ONLY, allowed_contexts=contexts(inside),
            allowed_installs=GUILD_INSTALL, default_permissions=permissions(inside))
        for parent, inside in members.items()}
    for spec in typed:
        parent, name = discord_name(spec)
        group = groups.get(parent or "")
        command: app_commands.Command[Any, ..., Any] = app_commands.Command(
            name=name, description=texts.english(spec.help_key),
            callback=_callback(spec, handler), parent=group,
            allowed_contexts=None if group else contexts([spec]),
            allowed_installs=None if group else GUILD_INSTALL)
        if group is not None:
            group.add_command(command)
        else:
            command.default_permissions = permissions([spec])
            command.guild_only = contexts([spec]) is GUILD_ONLY
            tree.add_command(command)
    for group in groups.values():
        tree.add_command(group)
    if any(spec.name == REPORT for spec in typed):
        tree.add_command(report_menu(handler))


REPORT = "report"
MESSAGE = "_message"     # the reported message, for `interactions.invocation`


def report_menu(handler: Handler) -> app_commands.ContextMenu:
    """"Report message" on a message's Apps menu: `report` about that message and its author
    (a slash command cannot point at a message; FORMATS.md's report is "on a message")."""

    async def callback(interaction: discord.Interaction, message: discord.Message) -> None:
        await handler(interaction, REPORT, {MESSAGE: message})

    return app_commands.ContextMenu(name=texts.english("discord.menu.report"),
                                    callback=callback, allowed_contexts=GUILD_ONLY,
                                    allowed_installs=GUILD_INSTALL)


async def sync(tree: app_commands.CommandTree) -> int:
    """Overwrite the global command list with ours (one PUT); how many were registered."""
    await tree.set_translator(texts.Translator())
    synced = await tree.sync()
    return len(synced)
