"""`/command` text into a command name, an explicit target and options (no I/O).

The grammar is read from the core's command table (bot/commands/registry.py): which
names are Gardien's, which are groups of subcommands, whom a command acts on, and its
options in order. Written as:

    /warn [member] [reason] [points:N]      points:N (or points=N) anywhere; default 1
    /timeout [member] duration [reason]     duration as 10m, 2h, 7d...
    /ban [member] [duration] [delete:1d] [reason]     `/ban` alone in reply: no reason
    /case N    /reason N text    /appeal N text     (N may be written #N)
    /purge count [member]                   (a reply also names the member)
    /archive channel [from] [to]            days as 2026-11-01, anywhere in the text
    /rules    /rules show|check|upload|rollback [revision]|reload
    /announce channel text [at:18:00]       channel: here, a chat id or @name

that is: the member first (the author of the message the command replies to; without a
reply, `@username` or a numeric id); the options the free text would swallow as
`name:value` anywhere (KEYED); the other options in the table's order, a required one
taking the next word whatever it is, an optional duration only when it looks like one;
then the free text (reason, text) takes the rest. A file comes with the message.

With a reply, every argument belongs to the options: `/warn 3 links` in reply
warns the replied-to author with the reason "3 links", never user 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.command_model import CommandSpec, Kind, OptionSpec, Target
from bot.commands.registry import TYPED

BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in TYPED}
COMMANDS = frozenset(spec.group or spec.name for spec in TYPED)    # what /name Gardien takes


def _subcommands() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for spec in TYPED:
        if spec.group is not None:
            found[spec.group] = (*found.get(spec.group, ()), spec.name.split(" ", 1)[1])
    return found


SUBCOMMANDS = _subcommands()       # "rules" -> ("show", "check", ...), in the table's order


@dataclass(frozen=True)
class Keyed:
    """An option written `word:value` (or `word=value`) anywhere in the text."""

    word: str            # a regex: "points?" accepts point:2 too
    shown: str           # how the menu shows it

    def pattern(self, option: OptionSpec) -> re.Pattern[str]:
        value = r"\d{1,6}" if option.kind is Kind.INTEGER else r"\S+"
        return re.compile(rf"(?i)(?:^|\s){self.word}[:=]({value})(?=\s|$)")


KEYED: dict[str, Keyed] = {
    "points": Keyed("points?", "points:N"),
    "delete_messages": Keyed("delete", "delete:1d"),
    "at": Keyed("at", "at:HH:MM"),           # announce: at:18:00, at:2026-12-01T18:00
}

_HEAD = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?$")
_TARGET = re.compile(r"^(@[A-Za-z0-9_]{2,64}|-?\d{1,20})$")
_NUMBER = re.compile(r"^#?(\d{1,15})$")
_DURATION = re.compile(r"^\d+[smhdw]$")
_DAY = re.compile(r"(?:^|\s)(\d{4}-\d{2}-\d{2})(?=\s|$)")   # a day, anywhere (archive)


@dataclass
class Request:
    command: str                        # "warn", "rules upload"
    target: str | None = None           # "@name" or "123" given as an argument
    options: dict[str, Any] = field(default_factory=dict)
    bad_subcommand: str = ""            # `/rules frobnicate`: answered without the core


def split(text: str, bot_username: str) -> tuple[str, str] | None:
    """(command, the rest) for one of Gardien's commands; None for anything else.

    `/cmd@otherbot` is another bot's business: None.
    """
    head, rest = _take(text)
    match = _HEAD.match(head)
    if match is None:
        return None
    name, addressed = match.group(1).lower(), match.group(2)
    if addressed is not None and addressed.lower() != bot_username.lower():
        return None
    if name not in COMMANDS:
        return None
    return name, rest.strip()


def _take(text: str) -> tuple[str, str]:
    parts = text.split(None, 1)
    if not parts:
        return "", ""
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


def _number(token: str) -> int | None:
    match = _NUMBER.match(token)
    return int(match.group(1)) if match else None


def _put(options: dict[str, Any], key: str, value: Any) -> None:
    if value not in ("", None):
        options[key] = value


def parse(name: str, rest: str, *, replied: bool) -> Request:
    """The options of command `name` (a name `split` returned) from the text after it."""
    words = SUBCOMMANDS.get(name)
    if words is None:
        return _options(BY_NAME[name], rest, replied)
    sub, after = _take(rest)
    if not sub and name in BY_NAME:          # `/rules`: the group's name is a command too
        return Request(name)
    if sub.lower() not in words:
        return Request(name, bad_subcommand=sub or "?")
    return _options(BY_NAME[f"{name} {sub.lower()}"], after, replied)


def _options(spec: CommandSpec, rest: str, replied: bool) -> Request:
    request = Request(spec.name)
    options = request.options
    for option in spec.options:
        keyed = KEYED.get(option.name)
        found = keyed.pattern(option).search(rest) if keyed is not None else None
        if found is not None:
            value = found.group(1)
            options[option.name] = int(value) if option.kind is Kind.INTEGER else value
            rest = (rest[:found.start()] + rest[found.end():]).strip()
    for option in days(spec):            # the first day written is `from`, the next `to`
        day = _DAY.search(rest)
        if day is not None:
            options[option.name] = day.group(1)
            rest = (rest[:day.start()] + " " + rest[day.end():]).strip()
    for index, option in enumerate(in_order(spec)):
        token, after = _take(rest)
        if option.kind is Kind.MEMBER:
            if index == 0 and replied:
                continue                     # the reply names the member
            if _TARGET.match(token):
                request.target, rest = token, after
        elif option.kind is Kind.INTEGER:
            _put(options, option.name, _number(token))
            rest = after
        elif option.required or _DURATION.match(token):
            _put(options, option.name, token)
            rest = after
    text = free_text(spec)
    if text is not None:
        _put(options, text.name, rest)
    return request


def in_order(spec: CommandSpec) -> list[OptionSpec]:
    """The options read one word each, in the table's order (not keyed, not text or file)."""
    return [option for option in spec.options if option.name not in KEYED
            and option.kind not in (Kind.TEXT, Kind.FILE, Kind.DAY)]


def days(spec: CommandSpec) -> list[OptionSpec]:
    """The options written as a day (YYYY-MM-DD) anywhere in the text, in table order."""
    return [option for option in spec.options if option.kind is Kind.DAY]


def free_text(spec: CommandSpec) -> OptionSpec | None:
    """The option that takes the rest of the text (reason, text), when the command has one."""
    return next((option for option in spec.options if option.kind is Kind.TEXT), None)


def takes_member(spec: CommandSpec) -> bool:
    """A reply names the member the command is about (its target)."""
    return spec.target is not Target.NONE


def files(spec: CommandSpec) -> tuple[OptionSpec, ...]:
    """The options an attached document fills (rules upload, rules check)."""
    return tuple(option for option in spec.options if option.kind is Kind.FILE)


def usage(spec: CommandSpec) -> str:
    """How to write the command, for the menu: `warn <member> [reason] [points:N]`."""
    parts = [spec.name]
    for option in in_order(spec):
        parts.append(f"<{option.name}>" if option.required else f"[{option.name}]")
    text = free_text(spec)
    if text is not None:
        parts.append(f"<{text.name}>" if text.required else f"[{text.name}]")
    parts.extend(f"[{option.name}]" for option in days(spec))
    parts.extend(f"[{KEYED[option.name].shown}]" for option in spec.options
                 if option.name in KEYED)
    return " ".join(parts)


def group_usage(group: str) -> str:
    """`rules [show|check|...]` (the bare group is a command too), `lockdown <start|end>`."""
    words = "|".join(SUBCOMMANDS[group])
    return f"{group} [{words}]" if group in BY_NAME else f"{group} <{words}>"
