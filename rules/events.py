"""Platform-neutral events: what adapters hand to the core and the engine.

Immutable and fully resolved at the edge (ids as strings, aware UTC times), so
the engine never needs to know which platform a message came from. They are
NamedTuples rather than frozen dataclasses because one is built per message:
construction is about five times cheaper, and immutability is the same.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, NamedTuple, TypeVar, cast


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
    reply_to: str = ""  # the id of the message it answers, when the platform says (archives)


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
    rule: str = "manual"  # or the rule Discord's AutoMod stood in for (it blocked, timed out)


class JoinRequest(NamedTuple):
    """Someone asked to join (Telegram `chat_join_request`): verified in private first."""

    id: str
    community: str
    at: datetime
    user: Member


class BotPresence(NamedTuple):
    """The bot itself was removed from a community (`present` False: Discord's GUILD_DELETE,
    Telegram's my_chat_member left or kicked) or added back: what the privacy retention
    erases a community's data by (`removed_community` after the removal)."""

    id: str
    community: str
    at: datetime
    present: bool
    user: Member = Member("")   # nobody: the bot's own membership


Event = Message | Join | Leave | ManualSanction | JoinRequest | BotPresence


# --- valid text -------------------------------------------------------------------
# A lone surrogate (a JSON "\ud800", or a byte the console could not decode) is not text:
# RE2 and SQLite refuse to encode it, and a moderation that raises fails open. Events are
# cleaned once, where they enter the core and the simulator, so nothing past that point
# ever sees one.
_SURROGATES = re.compile("[\ud800-\udfff]")


def valid_text(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (a pair is joined first)."""
    if text.isascii() or _SURROGATES.search(text) is None:
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _valid_member(member: Member) -> Member:
    return member._replace(id=valid_text(member.id), name=valid_text(member.name),
                           roles=tuple(valid_text(r) for r in member.roles),
                           mention_text=valid_text(member.mention_text))


AnyEvent = TypeVar("AnyEvent",
                   bound="Message | Join | Leave | ManualSanction | JoinRequest | BotPresence")


def valid_event(event: AnyEvent) -> AnyEvent:
    """The event with valid text in every field people or platforms wrote."""
    fields = [*event[:2], event.user.id, event.user.name, event.user.mention_text,
              *event.user.roles]
    if isinstance(event, Message):
        fields += [event.text, event.channel, event.channel_id, *event.links,
                   *event.mentions, *event.role_mentions, event.group,
                   *(a.filename for a in event.attachments)]
    elif isinstance(event, ManualSanction):
        fields += [event.reason, event.moderator or ""]
    if all(map(str.isascii, fields)) or all(
            f.isascii() or _SURROGATES.search(f) is None for f in fields):
        return event   # the common case (all ASCII) costs one C-level pass, no copy
    changes: dict[str, Any] = {"id": valid_text(event.id),   # fields of each event type
                               "community": valid_text(event.community),
                               "user": _valid_member(event.user)}
    if isinstance(event, Message):
        changes.update(
            text=valid_text(event.text), channel=valid_text(event.channel),
            channel_id=valid_text(event.channel_id),
            links=tuple(valid_text(x) for x in event.links),
            mentions=tuple(valid_text(x) for x in event.mentions),
            role_mentions=tuple(valid_text(x) for x in event.role_mentions),
            group=valid_text(event.group),
            attachments=tuple(a._replace(filename=valid_text(a.filename))
                              for a in event.attachments))
    elif isinstance(event, ManualSanction):
        changes.update(reason=valid_text(event.reason),
                       moderator=valid_text(event.moderator) if event.moderator else None)
    # _replace rebuilds the same NamedTuple class; mypy sees only the bound's union
    return cast(AnyEvent, event._replace(**changes))
