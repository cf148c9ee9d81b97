"""Telegram's command menu (setMyCommands), derived from the command table and the catalogue.

Members see the commands anyone may use in every chat; administrators see, in groups
(all_chat_administrators scope), the ones that need a right. Each entry is a
top-level `/name`: a group of subcommands (`rules show`, `lockdown start`...) is one
entry. The words come from the catalogue's help texts (`help.*`), followed by how to
write the command (parse.usage), in every catalogue language.
"""

from __future__ import annotations

from adapters.telegram import parse
from bot.command_model import CommandSpec, group_help_key
from bot.commands.registry import TYPED
from catalogue import t

Entry = tuple[str, str]      # (command, description)


def _names(specs: list[CommandSpec]) -> list[str]:
    """Top-level names in the order they first appear in the table."""
    return list(dict.fromkeys(spec.group or spec.name for spec in specs))


def _entry(locale: str, help_text: str, name: str, usage: str) -> Entry:
    if usage == name:                    # nothing to write after the name: the help says all
        return name, help_text
    return name, t(locale, "telegram.menu.entry", help=help_text, usage=usage)


def command_entry(locale: str, spec: CommandSpec) -> Entry:
    return _entry(locale, t(locale, spec.help_key), spec.name, parse.usage(spec))


def group_entry(locale: str, group: str) -> Entry:
    return _entry(locale, t(locale, group_help_key(group)), group, parse.group_usage(group))


def _menu(locale: str, specs: list[CommandSpec]) -> list[Entry]:
    """One entry per top-level name: the command itself when it is one of `specs` (the
    bare `/rules` for members), else its group."""
    own = {spec.name: spec for spec in specs}
    return [command_entry(locale, own[name]) if name in own else group_entry(locale, name)
            for name in _names(specs)]


def member_menu(locale: str) -> list[Entry]:
    """What everyone sees: the commands that need no right."""
    return _menu(locale, [spec for spec in TYPED if spec.right is None])


def moderator_menu(locale: str) -> list[Entry]:
    """What administrators see in groups: the commands that need a right."""
    return _menu(locale, [spec for spec in TYPED if spec.right is not None])
