"""The Telegram adapter: python-telegram-bot's Application inside Gardien's loop.

`run_polling()` would own the event loop, so the adapter drives the pieces itself:
initialize, start, then the updater's long polling (or its webhook server), and on stop
the reverse. python-telegram-bot's handler classes route each update (`_routes`); the
paths translate it for the core; actions come back through `execute` as Bot API calls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import structlog
from telegram import ChatMember, ChatMemberUpdated, Update
from telegram import Message as TgMessage
from telegram.error import NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatJoinRequestHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.ext.filters import BaseFilter

from adapters.telegram import (
    callbacks,
    commands,
    dispatch,
    myself,
    outbound,
    parse,
    polls,
    posting,
    translate,
)
from adapters.telegram import lockdown as locking
from adapters.telegram.admins import AdminCache
from adapters.telegram.bounded import Bounded as _Bounded
from adapters.telegram.bounded import file_base_url
from adapters.telegram.errors import translate as translate_error
from adapters.telegram.markup import Mentions
from adapters.telegram.people import Directory, Recent, authority
from adapters.telegram.ratelimit import ModerationRateLimiter
from adapters.telegram.replies import Replies
from adapters.telegram.welcome import Welcomes
from bot.adapter import Capability, Commands, EventSink, PollRef, PollResults, Target
from bot.command_model import Authority
from bot.config import TelegramConfig
from bot.ops.needs import Watched
from bot.posts import Post
from rules.actions import Action, Dm, Purge
from rules.events import Event, Join, Leave

log = structlog.get_logger("gardien.telegram")

ALLOWED_UPDATES = ("message", "edited_message", "chat_member", "my_chat_member",
                   "chat_join_request", "callback_query")
POLL_TIMEOUT = timedelta(seconds=10)
JOIN_MEMORY = timedelta(minutes=10)
QUIET = 0.3               # stop(): calls in flight must settle this long before closing
STOP_GRACE = 2.0
CONNECT_BACKOFF = 1.0     # seconds before retrying an unreachable API, doubled up to the max
CONNECT_BACKOFF_MAX = 30.0
ROUTES = 0                # the handler group of `_routes`: the first handler matching wins

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


class TelegramAdapter(Watched):
    platform = "telegram"
    capabilities = frozenset({Capability.COMMANDS, Capability.POSTS, Capability.PURGE,
                              Capability.MESSAGE_LINKS, Capability.STANDING, Capability.LOCK,
                              Capability.POLLS, Capability.SELF_CHECK})
    max_timeout: timedelta | None = timedelta(days=366)

    def __init__(self, config: TelegramConfig) -> None:
        self.config = config
        self.mentions = Mentions()
        self.limiter = ModerationRateLimiter()
        self.application: Application[Any, Any, Any, Any, Any, Any] = (
            ApplicationBuilder()
            .token(config.token.get_secret_value())
            .base_url(config.base_url)
            .base_file_url(file_base_url(config.base_url))
            .rate_limiter(self.limiter)
            .build()
        )
        self.application.add_handlers(self._routes(), group=ROUTES)
        self.application.add_error_handler(self._on_error)
        self.calls = outbound.Calls(self.application.bot)
        self.admins = AdminCache(self._fetch_admins)
        self._sink: EventSink | None = None
        self._stopped = asyncio.Event()
        self._ready = asyncio.Event()   # the Bot API answered and the application runs
        self._closed = False
        self._sent_at: _Bounded = _Bounded()   # (chat, message id) -> date, for the 48 h rule
        self._joins: _Bounded = _Bounded()     # (chat, user) -> when their join was reported
        self._in_flight = 0
        self._last_call = 0.0
        self.directory = Directory()
        self.recent = Recent()
        self.replies = Replies(self.application.bot, self.mentions)
        self.router: commands.CommandRouter | None = None
        self.welcomes = Welcomes()

    def attach_commands(self, core: Commands) -> None:
        """Route `/command`s and button presses to the core; the menu is set at start-up."""
        self.router = commands.CommandRouter(core, self.application.bot, self.admins,
                                             self.directory, self.replies,
                                             self.mentions.placeholder)

    def owns(self, community: str) -> bool:
        return community.startswith("telegram:")

    # --- lifecycle ----------------------------------------------------------------------
    async def start(self, sink: EventSink) -> None:
        """Receive updates until `stop()`; returns once python-telegram-bot is shut down."""
        self._sink = sink
        app = self.application
        try:
            if not await self._connect():
                return
            await app.start()
            self._ready.set()
            if self.router is not None:
                await self._register_commands()
            hook = self.config.webhook
            updater = app.updater
            assert updater is not None   # ApplicationBuilder builds one unless told not to
            if hook is None:
                await updater.start_polling(
                    timeout=POLL_TIMEOUT, allowed_updates=list(ALLOWED_UPDATES),
                    drop_pending_updates=False)
                log.info("telegram_polling", bot=app.bot.username)
            else:
                await updater.start_webhook(
                    listen=hook.listen, port=hook.port,
                    url_path=urlsplit(hook.url).path.strip("/"), webhook_url=hook.url,
                    secret_token=hook.secret.get_secret_value(),
                    allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False)
                log.info("telegram_webhook", bot=app.bot.username, listen=hook.listen,
                         port=hook.port)
            await self._stopped.wait()
        finally:
            await self._close()

    async def connected(self) -> None:
        """Until the Bot API has answered (start-up's replays wait for it)."""
        await self._ready.wait()

    def is_connected(self) -> bool:   # the Bot API answered and the application runs
        return self._ready.is_set() and not self._closed

    async def _connect(self) -> bool:
        """getMe until it answers: an outage at start-up is waited out, not fatal.

        A rejected token (InvalidToken) is fatal. False when stopped while waiting.
        """
        wait = CONNECT_BACKOFF
        while not self._stopped.is_set():
            try:
                await self.application.initialize()
                return True
            except NetworkError as error:   # TimedOut too; BadRequest is not expected here
                log.warning("telegram_unreachable", error=type(error).__name__, retry_in=wait)
            try:
                await asyncio.wait_for(self._stopped.wait(), wait)
            except TimeoutError:
                wait = min(wait * 2, CONNECT_BACKOFF_MAX)
        return False

    async def _register_commands(self) -> None:
        try:
            await commands.register(self.application.bot)
        except TelegramError as error:   # the commands still work when typed
            log.warning("telegram_commands_not_registered", error=str(error))

    async def stop(self) -> None:
        """Stop receiving; calls under way settle (briefly) before the connection closes."""
        self._stopped.set()
        await self._close()

    async def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.limiter.close()   # calls queued behind a limit or a 429 fail now, never hold us
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await self.replies.close()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STOP_GRACE
        while loop.time() < deadline and (self._in_flight or
                                          loop.time() - self._last_call < QUIET):
            await asyncio.sleep(0.05)
        await app.shutdown()

    # --- inbound ------------------------------------------------------------------------
    def _routes(self) -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]]:
        """Which path each update takes, as python-telegram-bot's handlers, in one group.

        In a group the first handler whose check passes handles the update and the others
        are skipped, so the order says it: a command for Gardien (ForGardien asks the
        parser; CommandHandler checks the `@username`) is handled once and never reaches
        the ordinary message path below it; `/cmd@otherbot` and unknown commands do.
        An edited command is matched too, and neither run again nor judged. No handler
        stops the update from reaching later groups (no ApplicationHandlerStop).
        """
        for_gardien = commands.ForGardien(lambda: self.router)
        groups = filters.ChatType.GROUPS
        new, edited = filters.UpdateType.MESSAGE, filters.UpdateType.EDITED_MESSAGE
        return [
            *self._command_routes(new & groups & for_gardien, self._on_command),
            *self._command_routes(edited & groups & for_gardien, self._on_edited_command),
            CommandHandler(parse.COMMANDS, self._on_private,
                           filters=new & filters.ChatType.PRIVATE & for_gardien),
            MessageHandler(filters.UpdateType.MESSAGES & groups, self._on_group_message),
            ChatMemberHandler(self._on_chat_member, ChatMemberHandler.CHAT_MEMBER),
            ChatMemberHandler(self._on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
            ChatJoinRequestHandler(self._on_join_request),
            CallbackQueryHandler(self._on_callback),
            TypeHandler(Update, self._on_ignored),
        ]

    @staticmethod
    def _command_routes(where: BaseFilter, callback: Callback,
                        ) -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]]:
        """A command typed as text (its bot_command entity, for CommandHandler) or written
        in a document's caption (`/rules upload`), which CommandHandler does not read."""
        return [CommandHandler(parse.COMMANDS, callback, filters=where),
                MessageHandler(where & filters.CAPTION, callback)]

    async def _on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        assert message is not None and self.router is not None   # ForGardien said so
        self._see_people(message)
        await self.router.on_command(message)

    async def _on_edited_command(self, update: Update,
                                 context: ContextTypes.DEFAULT_TYPE) -> None:
        """Already run when it was sent: only the people in it are remembered."""
        assert update.edited_message is not None
        self._see_people(update.edited_message)

    async def _on_private(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Where banned members can still `/appeal` (other commands are answered so)."""
        assert update.message is not None and self.router is not None
        await self.router.on_private(update.message)

    async def _on_group_message(self, update: Update,
                                context: ContextTypes.DEFAULT_TYPE) -> None:
        """Everything said in a group that is not a command for Gardien: judged."""
        edited = update.message is None
        message = update.message or update.edited_message
        assert message is not None
        self._see_people(message)
        if message.new_chat_members or message.left_chat_member:
            await self._on_service(message, update.update_id)
            return
        if not (message.text or message.caption or translate.attachments(message)):
            return   # other service messages (pins, titles...) are nobody's words
        self._sent_at.remember((message.chat.id, message.message_id), message.date)
        user_id, _, _ = translate.author(message)
        if not edited:
            self.recent.see(message.chat.id, message.message_id, user_id,
                            translate.utc(message.date))
        if translate.is_anonymous_admin(message):
            roles: tuple[str, ...] = ("admin",)
        elif user_id > 0:
            roles = await self.admins.roles(message.chat.id, user_id)
        else:
            roles = ()
        event = translate.to_message(message, roles, self.mentions.placeholder, edited=edited)
        await self._deliver(event)

    async def _on_chat_member(self, update: Update,
                              context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.chat_member is not None
        await self._on_member(update.chat_member, update.update_id)

    async def _on_my_chat_member(self, update: Update,
                                 context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.my_chat_member is not None
        change = update.my_chat_member
        myself.log_own_status(change, self.malfunctions)
        event = myself.presence(change, update.update_id)   # the privacy retention's record
        if event is not None:
            await self._deliver(event)

    async def _on_join_request(self, update: Update,
                               context: ContextTypes.DEFAULT_TYPE) -> None:
        request = update.chat_join_request
        assert request is not None
        self.directory.see(request.from_user)
        if request.chat.type in ("group", "supergroup"):   # not channels
            await self._deliver(translate.join_request(request, update.update_id,
                                                       self.mentions.placeholder))

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        if self.router is None:
            await self._on_ignored(update, context)
            return
        await callbacks.on_callback(update.callback_query, self.router.center, self.router,
                                    self.replies, self.welcomes)

    async def _on_ignored(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """What no path takes: channels and private chats (outside their commands) are not
        moderated communities."""
        log.debug("telegram_update_ignored", update=update.update_id)

    async def _on_service(self, message: TgMessage, update_id: int) -> None:
        """new_chat_members / left_chat_member: the fallback when chat_member is missed."""
        at = translate.utc(message.date)
        where = translate.community(message.chat.id)
        for index, user in enumerate(message.new_chat_members or ()):
            if self._first_join(message.chat.id, user.id, at):
                joined = translate.joined_at(message.date)
                who = translate.member(user.id, user.full_name, user.is_bot, (),
                                       self.mentions.placeholder)
                await self._deliver(Join(id=f"sm{update_id}-{index}", community=where,
                                         at=joined, user=who))
        gone = message.left_chat_member
        if gone is not None:
            self.welcomes.left(str(gone.id))
        if gone is not None and self._joins.pop((message.chat.id, gone.id), None) is not None:
            who = translate.member(gone.id, gone.full_name, gone.is_bot, (),
                                   self.mentions.placeholder)
            await self._deliver(Leave(id=f"sm{update_id}", community=where, at=at, user=who))

    def _first_join(self, chat: int, user: int, at: datetime) -> bool:
        """Whether this join is news: chat_member and the service message report it twice."""
        seen = self._joins.get((chat, user))
        if seen is not None and abs(at - seen) <= JOIN_MEMORY:
            return False
        self._joins.remember((chat, user), at)
        return True

    def _see_people(self, message: TgMessage) -> None:
        """Remember @usernames, so `/warn @name` finds whom it means."""
        self.directory.see(message.from_user)
        if message.reply_to_message is not None:
            self.directory.see(message.reply_to_message.from_user)
        for user in message.new_chat_members or ():
            self.directory.see(user)

    async def _on_member(self, change: ChatMemberUpdated, update_id: int) -> None:
        chat, user = change.chat.id, change.new_chat_member.user.id
        self.directory.see(change.new_chat_member.user)
        self.directory.see(change.from_user)
        statuses = (change.old_chat_member.status, change.new_chat_member.status)
        if any(s in (ChatMember.ADMINISTRATOR, ChatMember.OWNER) for s in statuses):
            self.admins.invalidate(chat)
        if change.chat.type not in ("group", "supergroup"):
            return
        event = translate.member_event(change, update_id, (), self.mentions.placeholder,
                                       self.application.bot.id)
        if isinstance(event, Join) and not self._first_join(chat, user, event.at):
            return
        if isinstance(event, Leave):
            self._joins.pop((chat, user), None)
            self.welcomes.left(str(user))
        if event is not None:
            await self._deliver(event)

    async def _deliver(self, event: Event) -> None:
        assert self._sink is not None
        await self._sink(event)

    async def _fetch_admins(self, chat: int) -> tuple[ChatMember, ...]:
        admins: tuple[ChatMember, ...] = await self.application.bot.get_chat_administrators(chat)
        return admins

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("telegram_update_failed", error=type(error).__name__,
                  update=getattr(update, "update_id", None))

    # --- outbound -----------------------------------------------------------------------
    async def execute(self, action: Action, target: Target) -> int | None:
        loop = asyncio.get_running_loop()
        self._in_flight += 1
        try:
            if isinstance(action, Purge):   # the last messages seen (see posting.py)
                return await posting.purge(self.application.bot, self.recent,
                                           target.community, action.channel, action.count,
                                           action.user)
            await dispatch.carry_out(self.calls, self.mentions, self._sent_at, action, target)
            return None
        except TelegramError as error:
            raise translate_error(error, dm=isinstance(action, Dm)) from None
        finally:
            self._in_flight -= 1
            self._last_call = loop.time()

    # --- commands ---------------------------------------------------------------------------
    async def post(self, community: str, post: Post) -> None:
        """Post to the log chat, a member's DMs, the welcome place or a chat (see posting.py
        and welcome.py)."""
        await posting.post(self.replies, community, post, self.welcomes)

    async def standing(self, community: str, user: str) -> Authority | None:
        """Someone's standing in the chat now, from its administrator list (everyone else is a
        plain member); None when the list is unknown (it always holds the creator)."""
        try:
            chat, user_id = int(community.partition(":")[2]), int(user)
        except ValueError:
            return None
        admins = await self.admins.members(chat)
        if not admins:
            return None
        name, is_bot = self.directory.user(user_id)
        return authority(user_id, name, is_bot, admins)

    def message_link(self, community: str, channel: str, message_id: str) -> str | None:
        """t.me/c/<id>/<message>: opens the message for the chat's members (supergroups
        only; basic groups have no message links)."""
        return posting.message_link(channel or community.partition(":")[2], message_id)

    async def post_poll(self, community: str, to: Post, question: str,
                        options: tuple[str, ...], lasts: timedelta) -> PollRef:
        """A native poll (see polls.py), closed by `close_poll` at `lasts`."""
        return await polls.post_poll(self.application.bot, community, to, question, options,
                                     lasts)

    async def close_poll(self, community: str, ref: PollRef) -> PollResults:
        return await polls.close_poll(self.application.bot, ref)

    async def lock_state(self, community: str) -> str:
        return await locking.state(self.application.bot, community)

    async def lock(self, community: str, until: datetime, reason: str) -> None:
        await locking.lock(self.application.bot, community)   # no audit reason on Telegram

    async def unlock(self, community: str, previous: str, reason: str) -> None:
        await locking.unlock(self.application.bot, community, previous)
