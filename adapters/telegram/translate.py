"""python-telegram-bot objects into Gardien's frozen events (no I/O here).

Mentions and hidden links come from the message's entities (UTF-16 offsets are
python-telegram-bot's business); attachments get a file name, synthetic when
Telegram has none, so `attachments.extensions` works; an album's messages carry
its media_group_id so flood counts it once.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from telegram import ChatJoinRequest, ChatMember, ChatMemberUpdated, MessageEntity, User
from telegram import Message as TgMessage

from rules.events import Attachment, Join, JoinRequest, Leave, ManualSanction, Member, Message

PLATFORM = "telegram"
ANONYMOUS_ADMIN = 1087968824   # @GroupAnonymousBot, the author of anonymous admins' posts
INSIDE = (ChatMember.MEMBER, ChatMember.RESTRICTED, ChatMember.ADMINISTRATOR, ChatMember.OWNER)
OUTSIDE = (ChatMember.LEFT, ChatMember.BANNED)

Placeholder = Callable[[str, str], str]


def community(chat_id: int) -> str:
    return f"{PLATFORM}:{chat_id}"


def community_prefix() -> str:
    """`telegram:` with no chat: a private chat, where the core finds the community itself."""
    return f"{PLATFORM}:"


def joined_at(value: datetime | None, received: datetime | None = None) -> datetime:
    """When a join happened, for the deadlines that count from it: Telegram's `date` has
    whole seconds, so the join was up to a second after it. Counting from `date` would
    kick a newcomer up to a second before their deadline; `date` + 1 s, but never later
    than the update's arrival, is never early."""
    received = received or datetime.now(UTC)
    return min(utc(value) + timedelta(seconds=1), received)


def utc(value: datetime | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def author(message: TgMessage) -> tuple[int, str, bool]:
    """(id, display name, is_bot) of who the message speaks for.

    A message sent as a channel speaks for that channel (its negative id); an
    anonymous administrator's message has the group itself as sender_chat.
    """
    sender = message.sender_chat
    if sender is not None:
        return sender.id, sender.title or sender.username or str(sender.id), False
    user = message.from_user
    if user is None:
        return 0, "", False
    return user.id, user.full_name, user.is_bot


def is_anonymous_admin(message: TgMessage) -> bool:
    return message.sender_chat is not None and message.sender_chat.id == message.chat.id


def member(user_id: int, name: str, bot: bool, roles: tuple[str, ...],
           placeholder: Placeholder) -> Member:
    return Member(id=str(user_id), name=name, roles=roles, bot=bot,
                  mention_text=placeholder(str(user_id), name))


def to_message(message: TgMessage, roles: tuple[str, ...], placeholder: Placeholder,
               *, edited: bool) -> Message:
    user_id, name, bot = author(message)
    text = message.text or message.caption or ""
    entities = (message.parse_entities() if message.text
                else message.parse_caption_entities())
    mentions: list[str] = []
    links: list[str] = []
    for entity, content in entities.items():
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            mentions.append(str(entity.user.id))
        elif entity.type == MessageEntity.MENTION:
            mentions.append(content)            # "@username": Telegram gives no id
        elif entity.type == MessageEntity.TEXT_LINK and entity.url:
            links.append(entity.url)            # hidden behind other words
    chat = str(message.chat.id)
    at = utc(message.edit_date if edited and message.edit_date else message.date)
    return Message(
        id=str(message.message_id),
        community=community(message.chat.id),
        at=at,
        user=member(user_id, name, bot, roles, placeholder),
        text=text,
        channel=chat,
        channel_id=chat,
        mentions=tuple(dict.fromkeys(mentions)),
        attachments=attachments(message),
        links=tuple(dict.fromkeys(links)),
        edited=edited,
        group=message.media_group_id or "",
        reply_to=(str(message.reply_to_message.message_id)
                  if message.reply_to_message is not None else ""),
    )


def _named(file_name: str | None, mime: str | None, stem: str, default_ext: str) -> str:
    if file_name:
        return file_name
    ext = (mimetypes.guess_extension(mime) if mime else None) or default_ext
    return stem + ext


def attachments(message: TgMessage) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    if message.document:
        d = message.document
        found.append(Attachment(_named(d.file_name, d.mime_type, "document", ""),
                                d.file_size or 0))
    if message.photo:
        largest = max(message.photo, key=lambda p: p.file_size or p.width * p.height)
        found.append(Attachment("photo.jpg", largest.file_size or 0))
    for kind, ext in (("video", ".mp4"), ("animation", ".mp4"), ("audio", ".mp3")):
        item = getattr(message, kind)
        if item:
            found.append(Attachment(_named(item.file_name, item.mime_type, kind, ext),
                                    item.file_size or 0))
    if message.voice:
        found.append(Attachment("voice.ogg", message.voice.file_size or 0))
    if message.video_note:
        found.append(Attachment("video_note.mp4", message.video_note.file_size or 0))
    if message.sticker:
        s = message.sticker
        ext = ".tgs" if s.is_animated else ".webm" if s.is_video else ".webp"
        found.append(Attachment("sticker" + ext, s.file_size or 0))
    return tuple(found)


def joined(update: ChatMemberUpdated) -> bool:
    old, new = update.old_chat_member, update.new_chat_member
    was_in = old.status in INSIDE and getattr(old, "is_member", True)
    now_in = new.status in INSIDE and getattr(new, "is_member", True)
    return now_in and not was_in


def left(update: ChatMemberUpdated) -> bool:
    old, new = update.old_chat_member, update.new_chat_member
    was_in = old.status in INSIDE and getattr(old, "is_member", True)
    now_in = new.status in INSIDE and getattr(new, "is_member", True)
    return was_in and not now_in


def member_event(update: ChatMemberUpdated, update_id: int, roles: tuple[str, ...],
                 placeholder: Placeholder, bot_id: int) -> Join | Leave | ManualSanction | None:
    """A chat_member update as a join, a leave, or a sanction a moderator made by hand."""
    user: User = update.new_chat_member.user
    who = member(user.id, user.full_name, user.is_bot, roles, placeholder)
    where, at, event_id = community(update.chat.id), utc(update.date), f"cm{update_id}"
    new = update.new_chat_member
    by = update.from_user
    by_other = by is not None and by.id not in (user.id, bot_id)
    if by_other and new.status == ChatMember.BANNED:
        until = getattr(new, "until_date", None)
        ends = utc(until) if until else None   # until_date 0 (the epoch): banned for good
        return ManualSanction(id=event_id, community=where, at=at, user=who, action="ban",
                              moderator=str(by.id),
                              expires_at=ends if ends is not None and ends > at else None)
    if joined(update):
        return Join(id=event_id, community=where, at=joined_at(update.date), user=who)
    if left(update):
        return Leave(id=event_id, community=where, at=at, user=who)
    return None


def join_request(request: ChatJoinRequest, update_id: int,
                 placeholder: Placeholder) -> JoinRequest:
    """Someone asked to join: the core verifies them in private (the bot may write to a
    requester for a while), then approves. Telegram does not say when accounts were made."""
    user = request.from_user
    return JoinRequest(id=f"jr{update_id}", community=community(request.chat.id),
                       at=joined_at(request.date),
                       user=member(user.id, user.full_name, user.is_bot, (), placeholder))
