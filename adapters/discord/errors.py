"""discord.py's exceptions mapped into the core's small error taxonomy.

Reasons are shown to moderators: plain words and Discord's numeric code, never
the raw exception text (it may quote a request) and never a token.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import discord

from bot.errors import ActionError, Forbidden, Invalid, NotFound, RateLimited, Unavailable

# Discord's JSON error codes worth naming (https://discord.com/developers/docs/topics/opcodes-and-status-codes)
_CODES = {
    10003: "the channel no longer exists",
    10004: "the server is not reachable by the bot",
    10007: "the member is no longer in the server",
    10008: "the message no longer exists",
    10013: "the user does not exist",
    10026: "the user is not banned",
    50001: "the bot cannot see that channel",
    50007: "the member does not accept direct messages",
    50013: "the bot lacks the permission for this (or the member is above the bot)",
    50034: "the messages are older than 14 days",
    50035: "Discord rejected the request as invalid",
}


def _why(error: discord.HTTPException, fallback: str) -> str:
    known = _CODES.get(error.code)
    suffix = f" (Discord error {error.code}, HTTP {error.status})" if error.code else (
        f" (HTTP {error.status})")
    return (known or fallback) + suffix


@contextmanager
def mapped(doing: str) -> Iterator[None]:
    """Run a Discord call, raising `bot.errors` exceptions for what it refuses.

    `doing` names the action for the reason, e.g. "ban the member".
    """
    try:
        yield
    except ActionError:
        raise
    except discord.RateLimited as error:   # longer than discord.py is willing to wait itself
        raise RateLimited(f"rate limited by Discord while trying to {doing}",
                          error.retry_after) from None
    except discord.Forbidden as error:
        raise Forbidden(f"cannot {doing}: " + _why(error, "Discord refused it (missing permission)")
                        ) from None
    except discord.NotFound as error:
        raise NotFound(f"cannot {doing}: " + _why(error, "not found")) from None
    except discord.DiscordServerError as error:
        raise Unavailable(f"cannot {doing}: Discord is having trouble (HTTP {error.status})"
                          ) from None
    except discord.HTTPException as error:
        if error.status == 429:    # a 429 without Discord's headers: a proxy or Cloudflare
            raise RateLimited(f"rate limited while trying to {doing}", 5.0) from None
        if error.status >= 500:
            raise Unavailable(f"cannot {doing}: Discord is having trouble (HTTP {error.status})"
                              ) from None
        raise Invalid(f"cannot {doing}: " + _why(error, "Discord rejected the request")
                      ) from None
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise Unavailable(f"cannot {doing}: Discord could not be reached "
                          f"({type(error).__name__})") from None
