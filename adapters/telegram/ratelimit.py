"""Pacing Bot API calls the way Telegram limits them, made for moderation.

python-telegram-bot's AIORateLimiter holds every call that names a group to the
20-messages-a-minute group limit, so in a raid the restrictions queue behind the
welcome messages: 13 restrictions in 30 s for 200 joins. Telegram's group limit is on
*sending* messages. Here only sending methods (`send*`, copy and forward) wait for a
chat's window (20 a minute in a group, 1 a second in a private chat); every call,
moderation included, shares the bot-wide rate (30 a second); and a 429 holds back
only the chat it names (or everything, when it names none) for its `retry_after`.

Waiting is bounded: too many calls queued fail at once with `QueueFull` (a RetryAfter,
so the core retries later), a pause longer than `max_wait` is handed to the caller
rather than waited, and `close()` fails every waiter with `Stopped` (a NetworkError:
the core treats it as an outage) so that a shutdown never waits behind the limiter.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import warnings
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import structlog
from telegram.error import NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

log = structlog.get_logger("gardien.telegram")

Result = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Result]]
ChatKey = int | str

COPIES = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})
RETRY_MARGIN = 0.1     # seconds added to Telegram's retry_after, which it rounds
LOG_MIN_WAIT = 0.5     # shorter waits are ordinary pacing, not worth a line
LOG_EVERY = 5.0        # at most one line per chat this often
PRUNE_MIN = 1024       # idle chats are forgotten once more than this many are known


def sends(endpoint: str) -> bool:
    """Whether a method posts a message, the only kind the per-chat limits count."""
    return endpoint.startswith("send") or endpoint in COPIES


class QueueFull(RetryAfter):
    """Too many calls already wait: refused at once, to be tried again later."""

    def __init__(self, retry_after: int, queued: int) -> None:
        with warnings.catch_warnings():   # its constructor warns of v23's timedelta
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            super().__init__(retry_after)
        self.message = (f"Too many Bot API calls waiting ({queued}); "
                        f"retry in {retry_after} seconds")


class Stopped(NetworkError):
    """The limiter was closed while the call waited: it was never sent."""

    def __init__(self) -> None:
        super().__init__("The bot is stopping: the call was not sent")


def flood(seconds: int) -> RetryAfter:
    """A RetryAfter of our own, without the constructor's deprecation warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return RetryAfter(seconds)


def retry_seconds(error: RetryAfter) -> float:
    """`retry_after` in seconds, an int today or a timedelta in v23."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return float(value) if isinstance(value, int | float) else value.total_seconds()


@dataclass(frozen=True)
class Limit:
    """At most `count` calls in any `period` seconds (0 count: no limit)."""

    count: int
    period: float


class Window:
    """The times of the last `count` calls let through: a sliding-window limit."""

    def __init__(self, limit: Limit) -> None:
        self.limit = limit
        self.times: deque[float] = deque(maxlen=max(limit.count, 1))

    def delay(self, now: float) -> float:
        """How long a call arriving now must wait for a free slot."""
        if self.limit.count <= 0 or len(self.times) < self.limit.count:
            return 0.0
        return self.times[0] + self.limit.period - now

    def take(self, now: float) -> float:
        """Reserve the next free slot (never before an earlier one); its wait from now."""
        if self.limit.count <= 0:
            return 0.0
        slot = max(now, now + self.delay(now), self.times[-1] if self.times else now)
        self.times.append(slot)
        return slot - now

    def idle(self, now: float) -> bool:
        return not self.times or self.times[-1] + self.limit.period <= now


@dataclass
class _Chat:
    """What the limiter knows of one chat."""

    window: Window | None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)   # its sends leave in order
    paused_until: float = 0.0
    waiting: int = 0          # calls queued for their turn
    active: int = 0           # calls anywhere in process_request, sent or not
    logged_at: float = -math.inf

    def idle(self, now: float) -> bool:
        return (not self.active and not self.lock.locked() and self.paused_until <= now
                and (self.window is None or self.window.idle(now)))


@dataclass(frozen=True)
class _Call:
    key: ChatKey | None    # None: the call names no chat
    chat: _Chat            # the limiter's bot-wide entry when it names none
    endpoint: str


class ModerationRateLimiter(BaseRateLimiter[int]):
    """Telegram's limits per method kind; `rate_limit_args`, when given, is the number
    of 429s a call waits out (default `max_retries`) before its RetryAfter is raised."""

    def __init__(self, *, overall: Limit = Limit(30, 1.0), group: Limit = Limit(20, 60.0),
                 private: Limit = Limit(1, 1.0), max_retries: int = 3,
                 max_wait: float = 60.0, max_queued: int = 1000,
                 max_queued_per_chat: int = 1000) -> None:
        self._overall = Window(overall)
        self._group, self._private = group, private
        self._max_retries = max_retries
        self._max_wait = max_wait
        self._max_queued, self._max_queued_per_chat = max_queued, max_queued_per_chat
        self._chats: dict[ChatKey, _Chat] = {}
        self._prune_at = PRUNE_MIN
        self._bot = _Chat(None)          # calls naming no chat; its pause holds every call
        self._waiting = 0
        self._waiters: set[asyncio.Future[None]] = set()
        self._closed = False

    @property
    def queued(self) -> int:
        """Calls waiting to be sent, retries included."""
        return self._waiting

    async def initialize(self) -> None:
        """Nothing to open: the limiter lives as long as its adapter, and once closed stays
        closed (calls still go when they need not wait)."""

    async def shutdown(self) -> None:
        """python-telegram-bot's shutdown: the same as `close()`."""
        self.close()

    def close(self) -> None:
        """Fail every waiting call with `Stopped` now; from here on nothing waits."""
        self._closed = True
        for waiter in list(self._waiters):
            if not waiter.done():
                waiter.set_exception(Stopped())
        self._waiters.clear()

    async def process_request(self, callback: Callback, args: Any, kwargs: dict[str, Any],
                              endpoint: str, data: dict[str, Any],
                              rate_limit_args: int | None) -> Result:
        """Wait for the call's turn, make it, and wait out up to max_retries 429s."""
        key = _chat_key(data.get("chat_id"))
        call = _Call(key, self._bot if key is None else self._chat(key, endpoint), endpoint)
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        self._check_room(call)
        call.chat.active += 1
        try:
            for attempt in itertools.count(1):
                await self._queued(call)
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as error:
                    wait = retry_seconds(error) + RETRY_MARGIN
                    now = asyncio.get_running_loop().time()
                    call.chat.paused_until = max(call.chat.paused_until, now + wait)
                    self._say(call, call.chat, "telegram_retry_after", wait, warn=True,
                              attempt=attempt)
                    if attempt > retries or self._closed or wait > self._max_wait:
                        raise
            raise AssertionError("unreachable: itertools.count never ends")
        finally:
            call.chat.active -= 1

    # --- waiting ------------------------------------------------------------------------
    def _chat(self, key: ChatKey, endpoint: str) -> _Chat:
        chat = self._chats.get(key)
        if chat is None:
            if len(self._chats) >= self._prune_at:
                self._prune()
            chat = self._chats[key] = _Chat(None)
        if chat.window is None and sends(endpoint):
            group = isinstance(key, str) or key < 0
            chat.window = Window(self._group if group else self._private)
        return chat

    def _prune(self) -> None:
        now = asyncio.get_running_loop().time()
        self._chats = {k: c for k, c in self._chats.items() if not c.idle(now)}
        self._prune_at = max(PRUNE_MIN, 2 * len(self._chats))

    def _check_room(self, call: _Call) -> None:
        """Refuse at once beyond the bounds, with the time the queue needs to drain."""
        full = self._waiting >= self._max_queued or (
            call.chat is not self._bot and call.chat.waiting >= self._max_queued_per_chat)
        if not full:
            return
        rate = self._overall.limit
        per_second = rate.count / rate.period if rate.count > 0 and rate.period > 0 else 0
        wait = max(1, math.ceil(self._waiting / per_second if per_second else 1))
        self._say(call, call.chat, "telegram_queue_full", wait, warn=True)
        raise QueueFull(wait, self._waiting)

    async def _queued(self, call: _Call) -> None:
        """`_admit`, counted as waiting in the call's chat and in the bot's queue."""
        call.chat.waiting += 1
        self._waiting += 1
        try:
            await self._admit(call)
        finally:
            call.chat.waiting -= 1
            self._waiting -= 1

    async def _admit(self, call: _Call) -> None:
        """Return when the call may go: no pause on it or the bot, a free slot in its chat's
        window (sends only, in order), then one in the bot-wide rate."""
        loop = asyncio.get_running_loop()
        chat, window = call.chat, call.chat.window
        while True:
            await self._out_of_pause(call)
            if window is not None and sends(call.endpoint):
                async with chat.lock:
                    await self._wait(window.delay(loop.time()), call, "telegram_chat_limit")
                    await self._wait(self._overall.take(loop.time()), call,
                                     "telegram_overall_limit", self._bot)
                    if self._paused(chat) <= 0:
                        window.take(loop.time())
                        return
            else:
                await self._wait(self._overall.take(loop.time()), call,
                                 "telegram_overall_limit", self._bot)
                if self._paused(chat) <= 0:
                    return

    def _paused(self, chat: _Chat) -> float:
        """Seconds left of the pause on this chat or on the whole bot."""
        until = max(chat.paused_until, self._bot.paused_until)
        return until - asyncio.get_running_loop().time()

    async def _out_of_pause(self, call: _Call) -> None:
        while (left := self._paused(call.chat)) > 0:
            if left > self._max_wait:   # not held that long: the caller decides
                raise flood(math.ceil(left))
            await self._wait(left, call, "telegram_retry_wait")

    async def _wait(self, delay: float, call: _Call, event: str,
                    logged: _Chat | None = None) -> None:
        """Sleep `delay` seconds unless closed first (then Stopped); after close nothing
        sleeps at all. A long wait is logged, at most once a while per `logged` (the
        call's chat; the bot for its bot-wide rate, which many chats share)."""
        if delay <= 0:
            return
        if self._closed:
            raise Stopped
        if delay >= LOG_MIN_WAIT:
            self._say(call, logged or call.chat, event, delay)
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        timer = loop.call_later(delay, _wake, waiter)
        self._waiters.add(waiter)
        try:
            await waiter
        finally:
            timer.cancel()
            self._waiters.discard(waiter)

    def _say(self, call: _Call, logged: _Chat, event: str, wait: float, *, warn: bool = False,
             **extra: Any) -> None:
        """One line with the figures, at most every LOG_EVERY seconds per `logged` (never
        a text or the token: the chat id and the method only)."""
        now = asyncio.get_running_loop().time()
        if now - logged.logged_at < LOG_EVERY:
            return
        logged.logged_at = now
        (log.warning if warn else log.info)(
            event, chat=call.key, method=call.endpoint, wait=round(wait, 2),
            queued=call.chat.waiting, queued_total=self._waiting, **extra)


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _chat_key(chat_id: object) -> ChatKey | None:
    """The chat a call is for: an int id, or an `@username` (a group or channel)."""
    if chat_id is None:
        return None
    if isinstance(chat_id, int):
        return chat_id
    text = str(chat_id)
    try:
        return int(text)
    except ValueError:
        return text
