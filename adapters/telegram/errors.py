"""Bot API refusals as Gardien's error taxonomy, with reasons fit for moderators."""

from __future__ import annotations

import warnings

from telegram import error as tg
from telegram.warnings import PTBDeprecationWarning

from bot.errors import ActionError, Forbidden, Invalid, NotFound, RateLimited, Unavailable

# Telegram's descriptions (lower case) that mean "the bot may not do this".
_REFUSED = ("not enough rights", "need administrator rights", "have no rights",
            "is an administrator", "can't remove chat owner", "chat_admin_required",
            "can't restrict self", "method is available only for supergroups",
            "bot is not a member", "not in the chat", "bot was kicked",
            "can't initiate conversation", "bot was blocked")
_GONE = ("not found",)   # deleted already, or never existed
_DM = ("can't initiate conversation", "bot was blocked", "user is deactivated")


def describe(error: tg.TelegramError) -> str:
    """The refusal as one plain sentence (Telegram's own words, which hold no secret)."""
    text = str(error).strip().rstrip(".")
    for prefix in ("forbidden: ", "bad request: "):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    return f"Telegram refused: {text[:1].lower() + text[1:]}" if text else "Telegram refused"


def translate(error: tg.TelegramError, *, dm: bool = False) -> ActionError:
    """Map one python-telegram-bot exception to a `bot.errors` exception."""
    text = str(error).lower()
    if dm and isinstance(error, tg.Forbidden | tg.BadRequest) and any(p in text for p in _DM):
        return Forbidden("the member does not accept direct messages")
    if isinstance(error, tg.RetryAfter):
        with warnings.catch_warnings():   # an int today, a timedelta in v23: take either
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            seconds = error.retry_after
        wait = seconds if isinstance(seconds, int | float) else seconds.total_seconds()
        return RateLimited(f"Telegram rate limit: retry after {wait:g}s", float(wait))
    if isinstance(error, tg.TimedOut | tg.NetworkError) and not isinstance(error, tg.BadRequest):
        return Unavailable("Telegram did not answer (network error or timeout)")
    if isinstance(error, tg.Forbidden):
        return Forbidden(describe(error))
    if isinstance(error, tg.BadRequest):
        if "message can't be deleted" in text:
            return Forbidden(describe(error))
        if any(p in text for p in _REFUSED):
            return Forbidden(describe(error))
        if any(p in text for p in _GONE):
            return NotFound(describe(error))
        return Invalid(describe(error))
    if isinstance(error, tg.InvalidToken):
        return Forbidden("Telegram rejected the bot token")
    return Invalid(describe(error))
