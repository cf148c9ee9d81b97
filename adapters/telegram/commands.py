"""`/command` messages into `Invocation`s for the core, and the command menu.

The command syntax is in parse.py and the menu in texts.py, both read from the core's
command table (which commands act on a member, which take a file). Who acts and on whom
comes from the chat's administrator list (people.py). Which messages are commands is
decided by python-telegram-bot's handlers in the adapter, with `ForGardien` asking the
parser; a command addressed to Gardien is handled here and never judged by the rule
engine as an ordinary message; `/cmd@otherbot` and unknown commands are ordinary messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

import structlog
from telegram import Bot, BotCommand, BotCommandScopeAllChatAdministrators, ChatMember
from telegram import Message as TgMessage
from telegram.error import TelegramError
from telegram.ext import filters

from adapters.telegram import parse, texts, translate
from adapters.telegram.admins import AdminCache
from adapters.telegram.people import Directory, anonymous_admin, authority
from adapters.telegram.replies import Replies
from adapters.telegram.translate import Placeholder
from bot.command_model import Answer, Authority, Invocation, Scope
from catalogue import DEFAULT, LOCALES, t
from rules.yamlsource import MAX_FILE_BYTES

log = structlog.get_logger("gardien.telegram")


class Center(Protocol):
    async def invoke(self, invocation: Invocation) -> Answer: ...


async def register(bot: Bot) -> None:
    """setMyCommands: member commands for everyone, moderator ones for administrators,
    in English by default and in French for French-speaking clients."""
    for language in LOCALES:
        code = None if language == DEFAULT else language
        for menu, scope in ((texts.member_menu, None),
                            (texts.moderator_menu, BotCommandScopeAllChatAdministrators())):
            commands = [BotCommand(name, description) for name, description in menu(language)]
            await bot.set_my_commands(commands, scope=scope, language_code=code)


def replied_message(message: TgMessage) -> TgMessage | None:
    """The message a command replies to; not a forum topic's opening service message,
    which Telegram sets as reply_to_message of every message in the topic."""
    reply = message.reply_to_message
    if reply is None or reply.forum_topic_created is not None:
        return None
    return reply


class ForGardien(filters.MessageFilter):
    """A filter for python-telegram-bot's handlers: the message is one of Gardien's
    commands as the parser reads it (text or caption, `@` this bot or no one).

    Asks `router()` each time: with no commands attached, nothing is a command.
    """

    def __init__(self, router: Callable[[], CommandRouter | None]) -> None:
        super().__init__(name="ForGardien")
        self._router = router

    def filter(self, message: TgMessage) -> bool:
        router = self._router()
        return router is not None and router.is_command(message)


class CommandRouter:
    def __init__(self, center: Center, bot: Bot, admins: AdminCache, directory: Directory,
                 replies: Replies, mention: Placeholder) -> None:
        self.center = center
        self.mention = mention   # the target's mention: a placeholder made a link on output
        self.bot = bot
        self.admins = admins
        self.directory = directory
        self.replies = replies

    def bot_authority(self, admins: dict[int, ChatMember]) -> Authority:
        return authority(self.bot.id, self.bot.first_name, True, admins)

    def is_command(self, message: TgMessage) -> bool:
        text = message.text or message.caption or ""
        return text.startswith("/") and parse.split(text, self.bot.username or "") is not None

    async def on_command(self, message: TgMessage) -> None:
        """Run one of Gardien's commands (the handlers chose it: `is_command` holds) and
        answer it; the options are read from the full text, newlines kept."""
        found = parse.split(message.text or message.caption or "", self.bot.username or "")
        if found is None:
            return
        reply = replied_message(message)
        request = parse.parse(found[0], found[1], replied=reply is not None)
        chat = message.chat.id
        user = message.from_user
        locale = user.language_code if user is not None else None
        admins = await self.admins.members(chat)
        invoker = self._party(message, admins)
        private_to = int(invoker.id)   # <= 0 (anonymous admin, channel): no DM possible

        async def say(key: str, **values: object) -> None:
            answer = Answer(t(locale, key, **values), refused=True)
            await self.replies.deliver(answer, chat, message.message_id, private_to)

        if request.bad_subcommand:
            *choices, last = parse.SUBCOMMANDS[request.command]
            await say("telegram.unknown_subcommand", group=request.command,
                      name=request.bad_subcommand, choices=", ".join(choices), last=last)
            return
        spec = parse.BY_NAME[request.command]
        target: Authority | None = None
        if request.target is not None:
            target = self._named(request.target, admins)
            if target is None:
                await say("telegram.unknown_user", name=request.target)
                return
        elif reply is not None and parse.takes_member(spec):
            target = self._party(reply, admins)
        if target is not None:
            target = replace(target, mention=self.mention(target.id, target.name or target.id))
        options = dict(request.options)
        # A file option takes the command's document, or the replied message's (one each).
        wanted = parse.files(spec)
        document = message.document or (reply.document if reply is not None else None)
        if wanted and document is not None:
            name = wanted[0].name
            if (document.file_size or 0) > MAX_FILE_BYTES:
                await say("platform.file_too_large", size=document.file_size,
                          limit=MAX_FILE_BYTES)
                return
            try:
                found_file = await self.bot.get_file(document.file_id)
                options[name] = bytes(await found_file.download_as_bytearray())
            except TelegramError as error:
                log.warning("telegram_file_download_failed", error=str(error))
                await say("telegram.file_unreadable")
                return
            options[f"{name}_name"] = document.file_name or "rules.yaml"
        invocation = Invocation(
            community=translate.community(chat), command=request.command, invoker=invoker,
            bot=self.bot_authority(admins), target=target, options=options,
            channel=str(chat),
            message_id=str(reply.message_id) if reply is not None else "",
            message_text=(reply.text or reply.caption or "") if reply is not None else "",
            locale=locale)
        answer = await self.center.invoke(invocation)
        if answer.refused:
            log.info("telegram_command_refused", command=request.command,
                     community=invocation.community, invoker=invoker.id)
        await self.replies.deliver(answer, chat, message.message_id, private_to)

    async def on_private(self, message: TgMessage) -> None:
        """A private chat with the bot: a banned member's only way to `/appeal`.

        The core finds the community from the member's case number.
        """
        found = parse.split(message.text or "", self.bot.username or "")
        user = message.from_user
        if found is None or user is None:
            return
        locale = user.language_code
        request = parse.parse(found[0], found[1], replied=False)
        spec = parse.BY_NAME.get(request.command)
        if spec is None or request.bad_subcommand or spec.scope is not Scope.COMMUNITY_OR_PRIVATE:
            text = t(locale, "telegram.private_only_appeal")
            await self.replies.deliver(Answer(text, refused=True), message.chat.id,
                                       message.message_id, user.id)
            return
        me = Authority(id=str(self.bot.id), name=self.bot.first_name, bot=True)
        invocation = Invocation(
            community=translate.community_prefix(), command=request.command,
            invoker=Authority(id=str(user.id), name=user.full_name), bot=me,
            options=dict(request.options), channel=str(message.chat.id), locale=locale)
        answer = await self.center.invoke(invocation)
        await self.replies.deliver(answer, message.chat.id, message.message_id, user.id)

    def _party(self, message: TgMessage, admins: dict[int, ChatMember]) -> Authority:
        """The author of a message as an Authority (an anonymous admin, a channel...)."""
        if translate.is_anonymous_admin(message):
            return anonymous_admin(message.chat.id, message.chat.title or "", admins)
        user_id, name, is_bot = translate.author(message)
        return authority(user_id, name, is_bot, admins)

    def _named(self, token: str, admins: dict[int, ChatMember]) -> Authority | None:
        """`@username` (seen before) or a numeric id as an Authority; None when unknown."""
        if token.startswith("@"):
            user_id = self.directory.find(token)
            if user_id is None:   # administrators are known from their list
                wanted = token[1:].lower()
                user_id = next((m.user.id for m in admins.values()
                                if (m.user.username or "").lower() == wanted), None)
            if user_id is None:
                return None
        else:
            user_id = int(token)
        admin = admins.get(user_id)
        if admin is not None:
            name, is_bot = admin.user.full_name, admin.user.is_bot
        else:
            name, is_bot = self.directory.user(user_id)
        return authority(user_id, name or str(user_id), is_bot, admins)

