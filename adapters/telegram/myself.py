"""What `my_chat_member` says about the bot itself in a chat: the rights it was given
(logged so an admin sees what is missing, and told to moderators when the rule file needs
them: bot/ops/malfunctions.py) and whether it was removed or added back (the privacy
retention erases a community's data some time after the bot was removed)."""

from __future__ import annotations

import structlog
from telegram import ChatMember, ChatMemberUpdated

from adapters.telegram import translate
from bot.ops import needs as rights
from bot.ops.needs import Malfunctions, Missing
from rules.events import BotPresence

log = structlog.get_logger("gardien.telegram")

# what the bot needs as an administrator: delete, restrict, and approve join requests
NEEDED_RIGHTS = ("can_delete_messages", "can_restrict_members", "can_invite_users")
GONE = (ChatMember.LEFT, ChatMember.BANNED)
# the core's rights -> the administrator right that grants them
RIGHT_FOR = {rights.DELETE: "can_delete_messages", rights.TIMEOUT: "can_restrict_members",
             rights.KICK: "can_restrict_members", rights.BAN: "can_restrict_members",
             rights.ROLES: "can_restrict_members", rights.APPROVE: "can_invite_users"}
SHOWN = {"can_delete_messages": "malfunction.telegram.right.can_delete_messages",
         "can_restrict_members": "malfunction.telegram.right.can_restrict_members",
         "can_invite_users": "malfunction.telegram.right.can_invite_users"}


def log_own_status(change: ChatMemberUpdated, watch: Malfunctions | None = None) -> None:
    """The bot itself was added, promoted, demoted or removed: say what it can do (and
    report to `watch` the rights the rule file needs that it lacks)."""
    new = change.new_chat_member
    chat = change.chat.id
    if watch is not None and change.chat.type in ("group", "supergroup"):
        report(change, watch)
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


def lacking(member: ChatMember, needs: rights.Needs) -> list[Missing]:
    """The administrator rights `needs` calls for that `member` (the bot) lacks."""
    if member.status == ChatMember.OWNER:
        return []
    admin = member.status == ChatMember.ADMINISTRATOR
    found: dict[str, list[str]] = {}
    for right in rights.RIGHTS:
        name = RIGHT_FOR.get(right)
        if right in needs.rights and name and not (admin and getattr(member, name, False)):
            found.setdefault(name, []).append(right)
    return [Missing(SHOWN[name], tuple(broken), "malfunction.fix.telegram")
            for name, broken in found.items()]


def report(change: ChatMemberUpdated, watch: Malfunctions) -> None:
    """Tell the core what the bot may not do in this group now (never raises)."""
    community = translate.community(change.chat.id)
    try:
        if change.new_chat_member.status in GONE:
            watch.removed(community)
        else:
            watch.rights_checked(community, lacking(change.new_chat_member,
                                                    watch.needs(community)))
    except Exception:
        log.exception("telegram_rights_check_failed", community=community)
