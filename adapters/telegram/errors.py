"""Bot API refusals as Gardien's error taxonomy, with reasons fit for moderators.

Each reason is a catalogue key and its values (`refusal.telegram.*`), so the mod log words
it in the community's language; `reason` is the same text in English, for the logs.
Telegram's own description of a refusal is quoted as it gave it, in any language.
"""

from __future__ import annotations

import warnings
from typing import TypeVar

from telegram import error as tg
from telegram.warnings import PTBDeprecationWarning

from bot.errors import ActionError, Forbidden, Invalid, NotFound, RateLimited, Unavailable
from catalogue import t

Refusal = TypeVar("Refusal", bound=ActionError)

# Telegram's descriptions (lower case) that mean "the bot may not do this".
_REFUSED = ("not enough rights", "need administrator rights", "have no rights",
            "is an administrator", "can't remove chat owner", "chat_admin_required",
            "can't restrict self", "method is available only for supergroups",
            "bot is not a member", "not in the chat", "bot was kicked",
            "can't initiate conversation", "bot was blocked")
_GONE = ("not found",)   # deleted already, or never existed
_DM = ("can't initiate conversation", "bot was blocked", "user is deactivated")


def worded(kind: type[Refusal], key: str, /, **values: str) -> Refusal:
    """A `kind` refusal worded by the catalogue: `reason` in English (the logs), the key
    and values for the mod log. Not for `RateLimited`, which also needs its wait."""
    return kind(t("en", key, **values), key=key, values=values)


def _refused(kind: type[Refusal], error: tg.TelegramError) -> Refusal:
    """The refusal in Telegram's own words (which hold no secret)."""
    text = str(error).strip().rstrip(".")
    for prefix in ("forbidden: ", "bad request: "):
        if text.lower().startswith(prefix):
            text = text[len(prefix):]
    if not text:
        return worded(kind, "refusal.telegram.refused.bare")
    return worded(kind, "refusal.telegram.refused", description=text[:1].lower() + text[1:])


def translate(error: tg.TelegramError, *, dm: bool = False) -> ActionError:
    """Map one python-telegram-bot exception to a `bot.errors` exception."""
    text = str(error).lower()
    if dm and isinstance(error, tg.Forbidden | tg.BadRequest) and any(p in text for p in _DM):
        return worded(Forbidden, "refusal.dm_closed")
    if isinstance(error, tg.RetryAfter):
        with warnings.catch_warnings():   # an int today, a timedelta in v23: take either
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            seconds = error.retry_after
        wait = seconds if isinstance(seconds, int | float) else seconds.total_seconds()
        values = {"seconds": f"{wait:g}"}
        return RateLimited(t("en", "refusal.telegram.rate_limited", **values), float(wait),
                           key="refusal.telegram.rate_limited", values=values)
    if isinstance(error, tg.TimedOut | tg.NetworkError) and not isinstance(error, tg.BadRequest):
        return worded(Unavailable, "refusal.telegram.no_answer")
    if isinstance(error, tg.Forbidden):
        return _refused(Forbidden, error)
    if isinstance(error, tg.BadRequest):
        if "message can't be deleted" in text:
            return _refused(Forbidden, error)
        if any(p in text for p in _REFUSED):
            return _refused(Forbidden, error)
        if any(p in text for p in _GONE):
            return _refused(NotFound, error)
        return _refused(Invalid, error)
    if isinstance(error, tg.InvalidToken):
        return worded(Forbidden, "refusal.telegram.bad_token")
    return _refused(Invalid, error)
