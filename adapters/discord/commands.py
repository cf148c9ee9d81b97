"""The command table as Discord slash commands, built with discord.py's app_commands.

Commands are built from `CommandCenter.specs()` so the core's table stays the
only list: each spec becomes a top-level command, except the `rules ...` ones,
which become subcommands of a `rules` group (the member command "rules" is
`/rules summary`). Options keep FORMATS.md's names and Discord types.

They are synced GLOBALLY, once per start: one bulk-overwrite request whatever
the number of servers (per-server registration costs a request per server at
every start and counts against Discord's daily command-creation limit), and
global updates reach clients at once nowadays. The core checks rights itself,
`default_member_permissions` only hides commands from members who lack them.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from adapters.discord import texts
from bot.commands.model import BAN, KICK, MANAGE_MESSAGES, MODERATE, CommandSpec
from bot.commands.registry import BUTTON_ONLY

# (interaction, core command name, option values by name) -> None
Handler = Callable[[discord.Interaction, str, dict[str, Any]], Awaitable[None]]

GROUP = "rules"
SUMMARY = "summary"          # `/rules summary` is the member command "rules"

OPTION_TYPES: dict[str, Any] = {
    "member": discord.User,                  # a Member when they are in the server
    "reason": str,
    "duration": str,
    "delete_messages": str,
    "text": str,
    "points": app_commands.Range[int, 0, 100],
    "case": app_commands.Range[int, 1, None],
    "count": app_commands.Range[int, 1, 1000],
    "revision": app_commands.Range[int, 1, None],
    "file": discord.Attachment,
}

# The right a command needs -> the permission that shows it by default. Manage Server is
# absent on purpose: the `rules` group also holds the member command, so the core checks it.
DEFAULT_PERMISSIONS: dict[str, discord.Permissions] = {
    MODERATE: discord.Permissions(moderate_members=True),
    KICK: discord.Permissions(kick_members=True),
    BAN: discord.Permissions(ban_members=True),
    MANAGE_MESSAGES: discord.Permissions(manage_messages=True),
}

GUILD_ONLY = app_commands.AppCommandContext(guild=True)
GUILD_OR_DM = app_commands.AppCommandContext(guild=True, dm_channel=True)   # for `appeal`
FROM_DMS = ("appeal",)
GUILD_INSTALL = app_commands.AppInstallationType(guild=True)


def discord_name(spec: CommandSpec) -> tuple[str | None, str]:
    """(group or None, command name on Discord) for a core command: "rules upload" is the
    `upload` subcommand of the `rules` group, and so is every two-word command."""
    if spec.name == GROUP:
        return GROUP, SUMMARY
    if " " in spec.name:
        group, name = spec.name.split(" ", 1)
        return group, name
    return None, spec.name


def _callback(spec: CommandSpec, handler: Handler) -> Callable[..., Awaitable[None]]:
    """A callback whose signature declares the spec's options, as discord.py reads them."""

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        await handler(interaction, spec.name, {k: v for k, v in values.items() if v is not None})

    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                    annotation=discord.Interaction)]
    for name in spec.options:
        default = inspect.Parameter.empty if name in spec.required else None
        parameters.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                                            default=default, annotation=OPTION_TYPES[name]))
    callback.__signature__ = inspect.Signature(parameters)   # type: ignore[attr-defined]
    callback.__discord_app_commands_param_description__ = {  # type: ignore[attr-defined]
        name: texts.english(f"option.{name}") for name in spec.options}
    callback.__qualname__ = callback.__name__ = f"gardien_{spec.name.replace(' ', '_')}"
    return callback


def build(tree: app_commands.CommandTree, specs: tuple[CommandSpec, ...],
          handler: Handler) -> None:
    """Add every command of `specs` (buttons-only ones excepted) to `tree`."""
    groups: dict[str, app_commands.Group] = {}
    for spec in specs:
        if spec.name in BUTTON_ONLY:
            continue
        parent, name = discord_name(spec)
        if parent and parent not in groups:
            groups[parent] = app_commands.Group(
                name=parent, description=texts.english(f"help.{parent}.group"),
                guild_only=True, allowed_contexts=GUILD_ONLY, allowed_installs=GUILD_INSTALL)
            if parent != GROUP:   # groups other than `rules` hold admin commands only
                groups[parent].default_permissions = discord.Permissions(manage_guild=True)
        group = groups.get(parent or "")
        command: app_commands.Command[Any, ..., Any] = app_commands.Command(
            name=name, description=texts.english(spec.summary_key),
            callback=_callback(spec, handler), parent=group if parent else None,
            allowed_contexts=None if parent else (
                GUILD_OR_DM if spec.name in FROM_DMS else GUILD_ONLY),
            allowed_installs=None if parent else GUILD_INSTALL)
        if group is not None:
            group.add_command(command)
        else:
            command.default_permissions = DEFAULT_PERMISSIONS.get(spec.right or "")
            command.guild_only = spec.name not in FROM_DMS
            tree.add_command(command)
    for group in groups.values():
        tree.add_command(group)
    if any(spec.name == REPORT for spec in specs):
        tree.add_command(report_menu(handler))


REPORT = "report"
MESSAGE = "_message"     # the reported message, for `interactions.invocation`


def report_menu(handler: Handler) -> app_commands.ContextMenu:
    """"Report message" on a message's Apps menu: `report` about that message and its author
    (a slash command cannot point at a message; FORMATS.md's report is "on a message")."""

    async def callback(interaction: discord.Interaction, message: discord.Message) -> None:
        await handler(interaction, REPORT, {MESSAGE: message})

    return app_commands.ContextMenu(name=texts.english("menu.report"), callback=callback,
                                    allowed_contexts=GUILD_ONLY,
                                    allowed_installs=GUILD_INSTALL)


async def sync(tree: app_commands.CommandTree) -> int:
    """Overwrite the global command list with ours (one PUT); how many were registered."""
    await tree.set_translator(texts.Translator())
    synced = await tree.sync()
    return len(synced)
