"""`/command` text into a command name, an explicit target and options (no I/O).

Syntax (the target is the author of the message the command replies to; without
a reply, the first argument names it as `@username` or a numeric id):

    /warn [member] reason [points:N]        points:N (or points=N) anywhere; default 1
    /timeout [member] duration reason       duration as 10m, 2h, 7d...
    /ban [member] [duration] [delete:1d] reason
    /kick [member] reason    /note [member] text
    /untimeout, /unban, /history [member]
    /case N    /reason N text    /appeal N text     (N may be written #N)
    /purge count [member]                   (a reply also names the member)
    /report [reason]                        in reply to the reported message
    /rules    /rules show|check|upload|rollback [revision]|reload

With a reply, every argument belongs to the options: `/warn 3 links` in reply
warns the replied-to author with the reason "3 links", never user 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

TARGETED = ("warn", "timeout", "untimeout", "note", "history", "kick", "ban", "unban")
COMMANDS = frozenset((*TARGETED, "case", "reason", "purge", "report", "appeal", "rules",
                      "lockdown"))
RULES_SUBCOMMANDS = ("show", "check", "upload", "rollback", "reload")
LOCKDOWN_SUBCOMMANDS = ("start", "end")

_HEAD = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?$")
_TARGET = re.compile(r"^(@[A-Za-z0-9_]{2,64}|-?\d{1,20})$")
_NUMBER = re.compile(r"^#?(\d{1,15})$")
_DURATION = re.compile(r"^\d+[smhdw]$")
_POINTS = re.compile(r"(?i)(?:^|\s)points?[:=](\d{1,6})(?=\s|$)")
_DELETE = re.compile(r"(?i)(?:^|\s)delete[:=](\S+)(?=\s|$)")


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
    """The options of command `name` from the text after it."""
    if name == "rules":
        sub, after = _take(rest)
        if not sub:
            return Request("rules")
        if sub.lower() not in RULES_SUBCOMMANDS:
            return Request("rules", bad_subcommand=sub)
        request = Request(f"rules {sub.lower()}")
        if sub.lower() == "rollback":
            _put(request.options, "revision", _number(_take(after)[0]))
        return request
    if name == "lockdown":
        sub, after = _take(rest)
        if sub.lower() not in LOCKDOWN_SUBCOMMANDS:
            return Request("lockdown start", bad_subcommand=sub or "?")
        request = Request(f"lockdown {sub.lower()}")
        duration = _take(after)[0]
        if sub.lower() == "start" and _DURATION.match(duration):
            request.options["duration"] = duration
        return request
    request = Request(name)
    if name in TARGETED and not replied:
        token, after = _take(rest)
        if _TARGET.match(token):
            request.target, rest = token, after
    options = request.options
    if name == "warn":
        points = _POINTS.search(rest)
        if points:
            options["points"] = int(points.group(1))
            rest = (rest[:points.start()] + rest[points.end():]).strip()
        _put(options, "reason", rest)
    elif name == "timeout":
        duration, after = _take(rest)
        _put(options, "duration", duration)
        _put(options, "reason", after)
    elif name == "ban":
        delete = _DELETE.search(rest)
        if delete:
            options["delete_messages"] = delete.group(1)
            rest = (rest[:delete.start()] + rest[delete.end():]).strip()
        first, after = _take(rest)
        if _DURATION.match(first):
            options["duration"], rest = first, after
        _put(options, "reason", rest)
    elif name in ("kick", "report"):
        _put(options, "reason", rest)
    elif name == "note":
        _put(options, "text", rest)
    elif name in ("case", "reason", "appeal"):
        first, after = _take(rest)
        _put(options, "case", _number(first))
        if name != "case":
            _put(options, "text", after)
    elif name == "purge":
        first, after = _take(rest)
        _put(options, "count", _number(first))
        token = _take(after)[0]
        if _TARGET.match(token):
            request.target = token
    return request
