"""Button presses (callback queries) into invocations of the button's command.

The presser is the invoker, with their standing in the COMMUNITY's chat: a
button posted in the moderators' log chat or in a DM carries the community's
chat id in its payload (replies.COMMUNITY_OPTION). A forged payload gains
nothing: rights are read from that chat's real administrator list and the core
checks them. `only_user` buttons are checked here, except the verification
button: its press goes to the core with `options["_only_user"]`, and the core
refuses anyone but the newcomer (so the refusal is its own, in the community's
words, and it may log or count it). The toast shows the answer (an alert for refusals); a successful
press takes the keyboard away so the decision is not made twice.
"""

from __future__ import annotations

import structlog
from telegram import Bot, CallbackQuery
from telegram.error import TelegramError

from adapters.telegram import translate
from adapters.telegram.commands import Center, CommandRouter
from adapters.telegram.people import authority
from adapters.telegram.replies import COMMUNITY_OPTION, Replies
from adapters.telegram.welcome import Welcomes
from bot.command_model import Invocation
from bot.commands import buttons as payloads
from bot.commands.authority import ONLY_USER
from catalogue import t

log = structlog.get_logger("gardien.telegram")

MAX_TOAST = 200   # answerCallbackQuery's text limit
CORE_CHECKED = ("verify",)      # the core refuses other pressers itself (and answers why)


def toast(text: str) -> str:
    return text if len(text) <= MAX_TOAST else text[: MAX_TOAST - 1].rstrip() + "…"


async def on_callback(query: CallbackQuery, center: Center, router: CommandRouter,
                      replies: Replies, welcomes: Welcomes | None = None) -> None:
    bot: Bot = router.bot
    decoded = payloads.decode(query.data or "")
    if decoded is None:
        await bot.answer_callback_query(query.id)   # not ours: stop the client's spinner
        return
    command, options, only_user = decoded
    user = query.from_user
    locale = user.language_code
    message = query.message
    where = str(options.pop(COMMUNITY_OPTION, ""))
    chat = (int(where) if where.lstrip("-").isdigit()
            else message.chat.id if message else None)
    if chat is None:
        await bot.answer_callback_query(query.id)
        return
    if command in CORE_CHECKED:
        if only_user is not None:
            options[ONLY_USER] = only_user
    elif only_user is not None and only_user != str(user.id):
        await bot.answer_callback_query(query.id, t(locale, "refuse.only_user"),
                                        show_alert=True)
        return
    admins = await router.admins.members(chat)
    invocation = Invocation(
        community=translate.community(chat), command=command,
        invoker=authority(user.id, user.full_name, user.is_bot, admins),
        bot=router.bot_authority(admins), options=options,
        channel=str(message.chat.id) if message else str(chat),
        message_id=str(message.message_id) if message else "", locale=locale)
    answer = await center.invoke(invocation)
    if answer.refused:
        log.info("telegram_button_refused", command=command, community=invocation.community,
                 invoker=user.id)
    await bot.answer_callback_query(query.id, toast(answer.text), show_alert=answer.refused)
    if message is None:
        return
    if not answer.refused:
        try:
            await bot.edit_message_reply_markup(message.chat.id, message.message_id)
        except TelegramError as error:   # too old, already edited: the press still counted
            log.info("telegram_keyboard_kept", error=str(error))
        if welcomes is not None and command == "verify":
            welcomes.pressed(message.chat.id, message.message_id)
    if not answer.private:
        await replies.send(message.chat.id, answer.text, answer.buttons, message.message_id,
                           image=answer.image)
