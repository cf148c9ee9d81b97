"""Platform-neutral events: what adapters hand to the core and the engine.

Immutable and fully resolved at the edge (ids as strings, aware UTC times), so
the engine never needs to know which platform a message came from. They are
NamedTuples rather than frozen dataclasses because one is built per message:
construction is about five times cheaper, and immutability is the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple


class Member(NamedTuple):
    """The author of an event, as the community sees them."""

    id: str
    name: str = ""
    roles: tuple[str, ...] = ()  # role names and/or ids: rules may use either
    joined_at: datetime | None = None
    created_at: datetime | None = None
    bot: bool = False
    mention_text: str = ""  # the platform's mention markup, set by adapters

    @property
    def mention(self) -> str:
        """What `{mention}` becomes: the platform's markup, or `@name` in plain text."""
        return self.mention_text or f"@{self.name or self.id}"


class Attachment(NamedTuple):
    filename: str
    size: int = 0

    @property
    def extension(self) -> str:
        """Lower-case extension without the dot ('' when there is none)."""
        _, dot, ext = self.filename.rpartition(".")
        return ext.lower() if dot and ext else ""


class Message(NamedTuple):
    """A message posted (or edited) in a community channel."""

    id: str
    community: str  # "<platform>:<id>", as under rules.communities
    at: datetime
    user: Member
    text: str = ""
    channel: str = "default"  # channel name or id
    channel_id: str = ""  # the id when `channel` holds a name
    mentions: tuple[str, ...] = ()  # user ids mentioned
    role_mentions: tuple[str, ...] = ()
    mentions_everyone: bool = False  # @everyone / @here
    attachments: tuple[Attachment, ...] = ()
    links: tuple[str, ...] = ()  # URLs not visible in the text (Telegram text_link entities)
    edited: bool = False
    group: str = ""  # album/media-group id: one album counts once for flood


class Join(NamedTuple):
    """A member joined the community."""

    id: str
    community: str
    at: datetime
    user: Member


class Leave(NamedTuple):
    """A member left (or was removed from) the community."""

    id: str
    community: str
    at: datetime
    user: Member


class ManualSanction(NamedTuple):
    """A sanction a moderator made by hand on the platform, outside Gardien.

    Recorded as a `manual` case so the ledger stays complete; nothing is carried out.
    """

    id: str
    community: str
    at: datetime
    user: Member
    action: str  # ban | kick | unban | timeout | untimeout
    moderator: str | None = None  # from the audit log when the bot may read it
    reason: str = ""
    expires_at: datetime | None = None


class JoinRequest(NamedTuple):
    """Someone asked to join (Telegram `chat_join_request`): verified in private first."""

    id: str
    community: str
    at: datetime
    user: Member


Event = Message | Join | Leave | ManualSanction | JoinRequest
