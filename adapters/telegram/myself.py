"""What `my_chat_member` says about the bot itself in a chat: the rights it was given
(logged so an admin sees what is missing) and whether it was removed or added back (the
privacy retention erases a community's data some time after the bot was removed)."""

from __future__ import annotations

import structlog
from telegram import ChatMember, ChatMemberUpdated

from adapters.telegram import translate
from rules.events import BotPresence

log = structlog.get_logger("gardien.telegram")

# what the bot needs as an administrator: delete, restrict, and approve join requests
NEEDED_RIGHTS = ("can_delete_messages", "can_restrict_members", "can_invite_users")
GONE = (ChatMember.LEFT, ChatMember.BANNED)


def log_own_status(change: ChatMemberUpdated) -> None:
    """The bot itself was added, promoted, demoted or removed: say what it can do."""
    new = change.new_chat_member
    chat = change.chat.id
    if new.status == ChatMember.ADMINISTRATOR:
        missing = [right for right in NEEDED_RIGHTS if not getattr(new, right, False)]
        if missing:
            log.warning("telegram_rights_missing", chat=chat, missing=missing,
                        hint="give the bot these administrator rights to moderate")
        else:
            log.info("telegram_bot_promoted", chat=chat)
    elif new.status in (ChatMember.MEMBER, ChatMember.RESTRICTED):
        log.warning("telegram_not_admin", chat=chat,
                    hint="make the bot an administrator with delete and restrict rights")
    elif new.status in GONE:
        log.info("telegram_bot_removed", chat=chat)


def presence(change: ChatMemberUpdated, update_id: int) -> BotPresence | None:
    """The bot left a group or came back to it (None: neither, or not a group)."""
    if change.chat.type not in ("group", "supergroup"):
        return None
    was = change.old_chat_member.status in GONE
    gone = change.new_chat_member.status in GONE
    if gone == was:
        return None
    return BotPresence(id=f"my{update_id}", community=translate.community(change.chat.id),
                       at=translate.utc(change.date), present=not gone)
