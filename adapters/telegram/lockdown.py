"""`raid.lock` on Telegram: the group's default permissions become read-only, then exactly
what they were.

Administrators keep their rights and members with their own exceptions keep theirs: the
default permissions are what "everyone without an explicit right" has. Permissions are
always sent with `use_independent_chat_permissions`, so Telegram takes each field as given
instead of deriving some from others, and the restored state is the stored one field for
field. The state stored is `ChatPermissions.to_dict()` of getChat's `permissions`;
Telegram gives them for every group, and for a chat without them (no group, where the
lock fails anyway) the state stored is what Telegram gives a new group's members: every
permission. Telegram refuses to set the permissions a chat already has (CHAT_NOT_MODIFIED):
that is success here, so locking a locked group and restoring a restored one are harmless.
"""

from __future__ import annotations

import json

from telegram import Bot, ChatPermissions
from telegram.error import BadRequest, TelegramError

from adapters.telegram.errors import translate, worded
from bot.errors import Invalid

# Still returned by Telegram for old clients, implied by the per-media fields; not sent back.
DEPRECATED = ("can_send_media_messages",)


def _chat(community: str) -> int:
    return int(community.partition(":")[2])


async def state(bot: Bot, community: str) -> str:
    """The group's default permissions now, as JSON for `unlock`."""
    try:
        chat = await bot.get_chat(_chat(community))
    except TelegramError as error:
        raise translate(error) from None
    permissions = chat.permissions or ChatPermissions.all_permissions()
    kept = {k: v for k, v in permissions.to_dict().items() if k not in DEPRECATED}
    return json.dumps(kept, sort_keys=True)


async def lock(bot: Bot, community: str) -> None:
    """Nobody without an explicit right may post, react, invite or change anything."""
    await _set(bot, community, ChatPermissions.no_permissions())


async def unlock(bot: Bot, community: str, previous: str) -> None:
    """The default permissions exactly as `state` read them."""
    try:
        stored = json.loads(previous)
    except ValueError:
        raise worded(Invalid, "refusal.lock_state_unreadable") from None
    if not isinstance(stored, dict) or not all(
            isinstance(k, str) and isinstance(v, bool) for k, v in stored.items()):
        raise worded(Invalid, "refusal.lock_state_unreadable")
    await _set(bot, community, ChatPermissions.de_json(stored))


async def _set(bot: Bot, community: str, permissions: ChatPermissions) -> None:
    try:
        await bot.set_chat_permissions(_chat(community), permissions,
                                       use_independent_chat_permissions=True)
    except BadRequest as error:
        if "chat_not_modified" not in str(error).lower():
            raise translate(error) from None
    except TelegramError as error:
        raise translate(error) from None
