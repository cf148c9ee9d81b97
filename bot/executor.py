"""Carrying out one action on a platform, with bounded retries.

429s and outages are retried (honouring `retry_after`, a bounded number of
times) before anything is marked failed; other refusals fail at once. Every try
is counted with its outcome, for `gardien_platform_calls_total`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from bot.adapter import Adapter, Target
from bot.errors import (
    ActionError,
    AdapterCrashed,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    Unavailable,
)
from bot.logs import logger
from rules.actions import Action

log = logger("gardien.executor")

MAX_ATTEMPTS = 4
MAX_WAIT = 60.0          # never sleep longer than this for one retry
OUTAGE_BACKOFF = 0.5     # first wait after a 5xx, doubled each time

Sleep = Callable[[float], Awaitable[None]]
Count = Callable[[str, str], None]   # (platform, outcome): bot.metrics.Metrics.platform_call
T = TypeVar("T")


def not_counted(platform: str, outcome: str) -> None:
    return None


def outcome(error: Exception | None) -> str:
    """The `outcome` label of one platform call: ok, or what the refusal was."""
    if error is None:
        return "ok"
    if isinstance(error, RateLimited):
        return "rate_limited"
    if isinstance(error, Unavailable):
        return "unavailable"
    if isinstance(error, Forbidden):
        return "forbidden"
    if isinstance(error, NotFound):
        return "not_found"
    if isinstance(error, Invalid):
        return "invalid"
    if isinstance(error, ActionError) and not isinstance(error, AdapterCrashed):
        return "refused"
    return "crashed"


class CallWatch(Protocol):
    """Told how each action ended on the platform: repeated outages are a malfunction
    moderators hear of (bot/ops/malfunctions.py)."""

    def call_failed(self, community: str, platform: str) -> None: ...

    def call_succeeded(self, community: str, platform: str) -> None: ...


async def carry_out(
    adapter: Adapter,
    action: Action,
    target: Target,
    *,
    sleep: Sleep = asyncio.sleep,
    count: Count = not_counted,
    watch: CallWatch | None = None,
) -> int | None:
    """Execute `action` (returning what the adapter returned: a purge's count); raise the
    last ActionError once retries are exhausted. `count` hears each try's outcome (metrics);
    `watch` hears whether the platform answered (any answer, a refusal too) or was still
    down after the retries (malfunction alerts)."""
    try:
        result = await with_retries(lambda: adapter.execute(action, target), adapter.platform,
                                    action.kind, target.community, user=target.user,
                                    sleep=sleep, count=count)
    except Unavailable:
        if watch is not None:
            watch.call_failed(target.community, adapter.platform)
        raise
    except AdapterCrashed:
        raise
    except ActionError:
        if watch is not None:
            watch.call_succeeded(target.community, adapter.platform)
        raise
    if watch is not None:
        watch.call_succeeded(target.community, adapter.platform)
    return result


async def with_retries(call: Callable[[], Awaitable[T]], platform: str, what: str,
                       community: str, *, user: str = "", sleep: Sleep = asyncio.sleep,
                       count: Count = not_counted) -> T:
    """Make one platform call (an action, a community-wide lock) with the bounded retries of
    429s and outages; an adapter's own crash becomes AdapterCrashed. Each try is counted
    with its outcome (`count`)."""
    backoff = OUTAGE_BACKOFF
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            done = await call()
            count(platform, "ok")
            return done
        except RateLimited as error:
            count(platform, "rate_limited")
            if attempt == MAX_ATTEMPTS:
                raise
            wait = min(max(error.retry_after, 0.0), MAX_WAIT)
        except Unavailable:
            count(platform, "unavailable")
            if attempt == MAX_ATTEMPTS:
                raise
            wait, backoff = backoff, backoff * 2
        except ActionError as error:
            count(platform, outcome(error))
            raise
        except Exception as error:   # an adapter bug must not kill the pipeline
            count(platform, "crashed")
            log.exception("adapter_crashed", action=what, community=community)
            raise AdapterCrashed(f"internal error in the {platform} adapter") from error
        log.info("action_retry", action=what, community=community, user=user,
                 attempt=attempt, wait=wait)
        await sleep(wait)
    raise AssertionError("unreachable: the last attempt returns or raises")
