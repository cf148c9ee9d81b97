"""What the core asks an adapter to post, and where: destinations are types, not prefixes.

The core never builds a platform address: it says "the log channel the rule file
names", "this member's DMs", "where newcomers are welcomed" or "this channel", and
each adapter resolves that natively (a channel id or name, a chat, a DM channel).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Button:
    """A button under a post or an answer; pressing it invokes `command` with `options`."""

    label: str
    command: str                        # e.g. "appeal accept"
    options: dict[str, Any] = field(default_factory=dict)
    only_user: str | None = None        # only this user id may press it (None: anyone allowed
                                        # by the command's own rights)
    style: str = "secondary"            # primary | secondary | success | danger


@dataclass(frozen=True, slots=True)
class LogChannel:
    """The community's mod log: the rule file's `log_channel` (an id or a name)."""

    ref: str


@dataclass(frozen=True, slots=True)
class DirectMessage:
    """A member's private messages."""

    user: str


@dataclass(frozen=True, slots=True)
class Welcome:
    """Where newcomers are greeted: the rule file's welcome channel, or the platform's
    default place when `ref` is "" (Discord: the system channel; Telegram: the group)."""

    ref: str = ""


@dataclass(frozen=True, slots=True)
class Channel:
    """One named channel or chat (an id or a name)."""

    ref: str


Destination = LogChannel | DirectMessage | Welcome | Channel


@dataclass(frozen=True, slots=True)
class Image:
    """A picture sent with a post or an answer (a report's chart): PNG bytes and the file
    name the platform shows. Adapters without images send the text alone."""

    name: str                           # e.g. "report-2026-11-01.png"
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a post (an archive's JSON and HTML): its name, bytes and MIME type.
    Discord attaches it to the message; Telegram sends it as a document after the text; the
    console names it."""

    name: str                           # e.g. "archive-general-2026-11-01.json"
    data: bytes = field(repr=False)
    mime: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Post:
    """A message the core asks the adapter to post (mod log, a member, a welcome...)."""

    to: Destination
    text: str
    buttons: tuple[Button, ...] = ()
    greets: str | None = None           # the one member it may ping (a welcome's newcomer)
    image: Image | None = None          # sent with the text (Discord: an attachment;
                                        # Telegram: a photo, the text as its caption or after)
    files: tuple[Attachment, ...] = ()  # files sent with it (see `Attachment`)
