"""A channel's past messages, platform-neutral: what an archive is made of.

Beside the adapter contract (like `bot/command_model.py`) so that `bot/adapter.py` can name
these records without depending on the archive package. The same records come from three
places: an adapter that reads history (`Capability.HISTORY`, Discord), the messages kept for
a community with `archive: true` (Telegram), and an archive file read back
(`bot/archive/read.py`). Ids are strings, times aware UTC datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Author:
    id: str
    name: str = ""
    nickname: str = ""                  # the server's display name, when it differs
    bot: bool = False
    roles: tuple[tuple[str, str], ...] = ()   # (id, name)


@dataclass(frozen=True, slots=True)
class FileRef:
    """An attachment of a message: its name and size (never its bytes)."""

    name: str
    size: int = 0
    id: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    id: str
    name: str = ""
    bot: bool = False


@dataclass(frozen=True, slots=True)
class PastMessage:
    """One message of a channel's history, as an archive keeps it."""

    id: str
    at: datetime
    author: Author
    text: str = ""
    edited_at: datetime | None = None
    reply_to: str = ""                  # the id of the message it answers ("" for none)
    attachments: tuple[FileRef, ...] = ()
    mentions: tuple[Mention, ...] = ()
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class ChannelInfo:
    """The channel an archive is of, and its community, as the platform names them."""

    id: str
    name: str
    community_id: str
    community_name: str = ""
    category_id: str = ""
    category: str = ""
    topic: str = ""
