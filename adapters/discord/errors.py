"""discord.py's exceptions mapped into the core's small error taxonomy.

Reasons are shown to moderators: plain words and Discord's numeric code, never
the raw exception text (it may quote a request) and never a token. Each reason is a
catalogue key and its values (`refusal.discord.*`), so the mod log words it in the
community's language; `reason` is the same text in English, for the logs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import aiohttp
import discord

from bot.errors import ActionError, Forbidden, Invalid, NotFound, RateLimited, Unavailable
from catalogue import t

Refusal = TypeVar("Refusal", bound=ActionError)

# Discord's JSON error codes worth naming (https://discord.com/developers/docs/topics/opcodes-and-status-codes)
_CODES = {
    10003: "refusal.discord.why.channel_gone",
    10004: "refusal.discord.why.server_unreachable",
    10007: "refusal.discord.why.member_gone",
    10008: "refusal.discord.why.message_gone",
    10013: "refusal.discord.why.no_user",
    10026: "refusal.discord.why.not_banned",
    50001: "refusal.discord.why.channel_hidden",
    50007: "refusal.dm_closed",
    50013: "refusal.discord.why.missing_permission",
    50034: "refusal.discord.why.too_old",
    50035: "refusal.discord.why.invalid",
}


def worded(kind: type[Refusal], key: str, /, **values: str) -> Refusal:
    """A `kind` refusal worded by the catalogue: `reason` in English (the logs), the key
    and values for the mod log. Not for `RateLimited`, which also needs its wait."""
    return kind(t("en", key, **values), key=key, values=values)


def cannot(kind: type[Refusal], doing: str, why: str, /, **values: str) -> Refusal:
    """A refusal that reads "cannot <doing>: <why>" (two catalogue keys, filled with
    `values`): the bot's own checks say it the way Discord's refusals do."""
    return worded(kind, "refusal.discord.cannot", doing=doing, why=why, **values)


def _refused(kind: type[Refusal], error: discord.HTTPException, doing: str, fallback: str,
             values: dict[str, str]) -> Refusal:
    """What Discord refused, named by its code when it is a known one, with the code."""
    why = _CODES.get(error.code, fallback)
    if error.code:
        return worded(kind, "refusal.discord.cannot.coded", doing=doing, why=why,
                       code=str(error.code), status=str(error.status), **values)
    return worded(kind, "refusal.discord.cannot.http", doing=doing, why=why,
                   status=str(error.status), **values)


def _rate_limited(key: str, doing: str, wait: float, values: dict[str, str]) -> RateLimited:
    words = {"doing": doing, **values}
    return RateLimited(t("en", key, **words), wait, key=key, values=words)


def _trouble(doing: str, status: int, values: dict[str, str]) -> Unavailable:
    return worded(Unavailable, "refusal.discord.cannot.http", doing=doing,
                   why="refusal.discord.why.trouble", status=str(status), **values)


@contextmanager
def mapped(doing: str, /, **values: str) -> Iterator[None]:
    """Run a Discord call, raising `bot.errors` exceptions for what it refuses.

    `doing` names the action for the reason, a catalogue key such as
    "refusal.discord.doing.ban" ("ban the member"); `values` fill it.
    """
    try:
        yield
    except ActionError:
        raise
    except discord.RateLimited as error:   # longer than discord.py is willing to wait itself
        raise _rate_limited("refusal.discord.rate_limited", doing, error.retry_after,
                            values) from None
    except discord.Forbidden as error:
        raise _refused(Forbidden, error, doing, "refusal.discord.why.forbidden",
                       values) from None
    except discord.NotFound as error:
        raise _refused(NotFound, error, doing, "refusal.discord.why.not_found",
                       values) from None
    except discord.DiscordServerError as error:
        raise _trouble(doing, error.status, values) from None
    except discord.HTTPException as error:
        if error.status == 429:    # a 429 without Discord's headers: a proxy or Cloudflare
            raise _rate_limited("refusal.discord.rate_limited.proxy", doing, 5.0,
                                values) from None
        if error.status >= 500:
            raise _trouble(doing, error.status, values) from None
        raise _refused(Invalid, error, doing, "refusal.discord.why.rejected",
                       values) from None
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise cannot(Unavailable, doing, "refusal.discord.why.unreachable",
                     error=type(error).__name__, **values) from None
