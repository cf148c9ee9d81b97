"""The core's one way to reach a platform: which adapter serves a community, what it can
do, and the calls themselves (an action with retries, a post, a message link).

Everything that talks to an adapter goes through here, so a failure is logged and
mapped the same way whoever asked (a rule, a command, a timer, a newcomer's gate).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from bot.adapter import (
    Adapter,
    Capability,
    Histories,
    Locks,
    PollRef,
    PollResults,
    Polls,
    SlowModes,
    Standings,
    Target,
)
from bot.command_model import Authority
from bot.errors import ActionError, AdapterCrashed, NotFound, RateLimited
from bot.executor import (
    MAX_ATTEMPTS,
    MAX_WAIT,
    CallWatch,
    Count,
    Sleep,
    carry_out,
    not_counted,
    outcome,
    with_retries,
)
from bot.history import ChannelInfo, PastMessage
from bot.logs import logger
from bot.posts import LogChannel, Post
from catalogue import t
from rules.actions import Action, Alert, Delete, Unban, Unrestrict, Untimeout

log = logger("gardien.platforms")

# Actions whose goal is reached when the platform answers "not found".
GONE_IS_DONE = (Delete, Unban, Untimeout, Unrestrict)


@dataclass(frozen=True, slots=True)
class Attempt:
    """How one platform call ended: `error` is None on success (the reason otherwise);
    `affected` is what the adapter returned (a purge's count of deleted messages)."""

    error: str | None = None
    affected: int | None = None
    # set when the core words the reason itself (in the community's language): a catalogue
    # key and its values; `error` then holds the English wording for the logs
    key: str | None = None
    values: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class History:
    """What `read_history` read: the channel, its messages (oldest first), and whether
    more were left unread past the limit."""

    channel: ChannelInfo
    messages: list[PastMessage]
    cut: bool = False


def _failed(error: ActionError) -> Attempt:
    return Attempt(error.reason, key=error.key, values=tuple(sorted(error.values.items())))


async def _once_unless_limited(call: Callable[[], Awaitable[None]], platform: str, what: str,
                               community: str, sleep: Sleep, count: Count) -> None:
    """One call; a 429 (nothing was done) is waited out and tried again, an outage is not
    (the platform may have done it: a poll is never posted twice)."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            await call()
            count(platform, "ok")
            return
        except RateLimited as error:
            count(platform, "rate_limited")
            if attempt == MAX_ATTEMPTS:
                raise
            await sleep(min(max(error.retry_after, 0.0), MAX_WAIT))
        except ActionError as error:
            count(platform, outcome(error))
            raise
        except Exception as error:   # an adapter bug must not kill the caller
            count(platform, "crashed")
            log.exception("adapter_crashed", action=what, community=community)
            raise AdapterCrashed(f"internal error in the {platform} adapter") from error


class Platforms:
    def __init__(self, adapters: list[Adapter], *, sleep: Sleep = asyncio.sleep,
                 count: Count = not_counted, calls: CallWatch | None = None) -> None:
        self.adapters = adapters
        self.sleep = sleep
        self.count = count   # each call's outcome, for gardien_platform_calls_total
        self.calls = calls   # hears how actions ended (malfunction alerts)

    def for_community(self, community: str) -> Adapter | None:
        return next((a for a in self.adapters if a.owns(community)), None)

    def can(self, community: str, capability: Capability) -> bool:
        adapter = self.for_community(community)
        return adapter is not None and capability in adapter.capabilities

    async def attempt(self, action: Action, target: Target) -> Attempt:
        """Carry out one action (retrying 429s and outages); the reason it failed is logged."""
        adapter = self.for_community(target.community)
        if adapter is None:
            return Attempt(f"no adapter serves {target.community}", key="error.no_adapter",
                           values=(("community", target.community),))
        try:
            affected = await carry_out(adapter, action, target, sleep=self.sleep,
                                       count=self.count, watch=self.calls)
        except NotFound as error:
            if isinstance(action, GONE_IS_DONE):
                return Attempt()   # already gone / already lifted: the goal is reached
            failed = _failed(error)
        except AdapterCrashed as error:
            failed = Attempt(error.reason, key="error.adapter",
                             values=(("platform", adapter.platform),))
        except ActionError as error:
            failed = _failed(error)
        else:
            return Attempt(affected=affected)
        log.warning("action_failed", community=target.community, user=target.user,
                    action=action.kind, rule=action.rule, reason=failed.error)
        return failed

    # --- the community-wide lock (Capability.LOCK) --------------------------------------
    async def lock_state(self, community: str) -> tuple[str | None, Attempt]:
        """The posting state a lock would replace (None with the reason when unreadable)."""
        state: list[str] = []

        async def read(locks: Locks) -> None:
            state.append(await locks.lock_state(community))

        attempt = await self._locking(community, "lock_state", read)
        return (state[0] if state else None), attempt

    async def lock(self, community: str, until: datetime, reason: str) -> Attempt:
        return await self._locking(community, "lock",
                                   lambda locks: locks.lock(community, until, reason))

    async def unlock(self, community: str, previous: str, reason: str) -> Attempt:
        return await self._locking(community, "unlock",
                                   lambda locks: locks.unlock(community, previous, reason))

    async def _locking(self, community: str, what: str,
                       call: Callable[[Locks], Awaitable[None]]) -> Attempt:
        missing = Attempt(f"{community} cannot be locked", key="error.no_lock",
                          values=(("community", community),))
        return await self._community_call(community, Capability.LOCK, what,
                                          lambda adapter: call(cast(Locks, adapter)), missing,
                                          "lock_failed")

    async def _community_call(self, community: str, capability: Capability, what: str,
                              call: Callable[[Adapter], Awaitable[None]], missing: Attempt,
                              failure: str, *, retry: bool = True) -> Attempt:
        """A call beyond actions that the adapter declared (`capability`), retried like an
        action (`retry=False`: only 429s); its failure logged as `failure` and returned,
        never raised."""
        adapter = self.for_community(community)
        if adapter is None or capability not in adapter.capabilities:
            return missing
        try:
            if retry:
                await with_retries(lambda: call(adapter), adapter.platform, what, community,
                                   sleep=self.sleep, count=self.count)
            else:
                await _once_unless_limited(lambda: call(adapter), adapter.platform, what,
                                           community, self.sleep, self.count)
        except AdapterCrashed as error:
            failed = Attempt(error.reason, key="error.adapter",
                             values=(("platform", adapter.platform),))
        except ActionError as error:
            failed = _failed(error)
        else:
            return Attempt()
        log.warning(failure, community=community, step=what, reason=failed.error)
        return failed

    # --- a channel's slow mode during a crisis (Capability.SLOWMODE) ---------------------
    async def slowmode(self, community: str, channel: str) -> tuple[int | None, Attempt]:
        """The channel's slow mode in seconds (None with the reason when unreadable)."""
        found: list[int] = []

        async def read(modes: SlowModes) -> None:
            found.append(await modes.slowmode(community, channel))

        attempt = await self._slowing(community, "slowmode", read)
        return (found[0] if found else None), attempt

    async def set_slowmode(self, community: str, channel: str, seconds: int,
                           reason: str) -> Attempt:
        return await self._slowing(
            community, "set_slowmode",
            lambda modes: modes.set_slowmode(community, channel, seconds, reason))

    async def _slowing(self, community: str, what: str,
                       call: Callable[[SlowModes], Awaitable[None]]) -> Attempt:
        missing = Attempt(f"{community} has no slow mode", key="error.no_slowmode",
                          values=(("community", community),))
        return await self._community_call(community, Capability.SLOWMODE, what,
                                          lambda adapter: call(cast(SlowModes, adapter)),
                                          missing, "slowmode_failed")

    # --- native polls (Capability.POLLS) ---------------------------------------------------
    async def post_poll(self, community: str, to: Post, question: str,
                        options: tuple[str, ...], lasts: timedelta
                        ) -> tuple[PollRef | None, Attempt]:
        """Post a poll (retried only on 429s, which say nothing was posted: an outage might
        have posted it, and a poll is never posted twice); None with the reason on failure."""
        found: list[PollRef] = []

        async def send(adapter: Adapter) -> None:
            found.append(await cast(Polls, adapter).post_poll(community, to, question,
                                                               options, lasts))

        attempt = await self._community_call(community, Capability.POLLS, "post_poll", send,
                                             self._no_polls(community), "poll_failed",
                                             retry=False)
        return (found[0] if found else None), attempt

    async def close_poll(self, community: str, ref: PollRef
                         ) -> tuple[PollResults | None, Attempt]:
        """End a poll and read its figures (retried like an action)."""
        found: list[PollResults] = []

        async def close(adapter: Adapter) -> None:
            found.append(await cast(Polls, adapter).close_poll(community, ref))

        attempt = await self._community_call(community, Capability.POLLS, "close_poll", close,
                                             self._no_polls(community), "poll_failed")
        return (found[0] if found else None), attempt

    @staticmethod
    def _no_polls(community: str) -> Attempt:
        return Attempt(f"{community} has no polls", key="error.no_polls",
                       values=(("community", community),))

    # --- a channel's past messages (Capability.HISTORY) -----------------------------------
    async def history_channel(self, community: str, channel: str
                              ) -> tuple[ChannelInfo | None, Attempt]:
        """The channel `channel` names, readable by the bot (None with the reason when not)."""
        found: list[ChannelInfo] = []

        async def find(adapter: Adapter) -> None:
            found[:] = [await cast(Histories, adapter).history_channel(community, channel)]

        attempt = await self._community_call(community, Capability.HISTORY, "history_channel",
                                             find, self._no_history(community),
                                             "history_failed")
        return (found[0] if found and attempt.ok else None), attempt

    def _no_history(self, community: str) -> Attempt:
        return Attempt(f"{community} cannot read history", key="error.no_history",
                       values=(("community", community),))

    async def read_history(self, community: str, channel: str, since: datetime | None,
                           until: datetime | None, limit: int) -> tuple[History | None, Attempt]:
        """The channel and at most `limit` of its messages posted in [since, until), oldest
        first (`cut` when there were more); None with the reason when refused."""
        found: list[History] = []

        async def read(adapter: Adapter) -> None:
            histories = cast(Histories, adapter)
            info = await histories.history_channel(community, channel)
            messages: list[PastMessage] = []
            cut = False
            async with contextlib.aclosing(histories.history(community, info.id, since,
                                                             until)) as pages:
                async for message in pages:
                    if len(messages) >= limit:
                        cut = True
                        break
                    messages.append(message)
            found[:] = [History(info, messages, cut)]   # a retry starts over

        attempt = await self._community_call(community, Capability.HISTORY, "history", read,
                                             self._no_history(community), "history_failed")
        return (found[0] if found and attempt.ok else None), attempt

    def reason(self, attempt: Attempt, locale: str) -> str | None:
        """Why an attempt failed, as a mod log shows it (core-worded reasons translated)."""
        if attempt.key is None:
            return attempt.error
        return t(locale, attempt.key, **dict(attempt.values))

    async def post(self, community: str, post: Post) -> bool:
        """Post where `post.to` says; False (logged) when it failed or the platform has no
        posts. Posting never raises: it must not fail the work that asked for it."""
        adapter = self.for_community(community)
        if adapter is None or Capability.POSTS not in adapter.capabilities:
            log.info("post_unsupported", community=community, to=type(post.to).__name__)
            return False
        try:
            await adapter.post(community, post)
        except Exception as error:
            self.count(adapter.platform, outcome(error))
            log.warning("post_failed", community=community, to=type(post.to).__name__,
                        error=error.reason if isinstance(error, ActionError) else repr(error))
            return False
        self.count(adapter.platform, "ok")
        return True

    async def alert(self, community: str, log_channel: str, text: str, rule: str) -> bool:
        """An alert to the log channel: a post where the platform has posts, else the
        adapter's own `Alert` action (the console prints it)."""
        if self.can(community, Capability.POSTS):
            return await self.post(community, Post(LogChannel(log_channel), text))
        attempt = await self.attempt(Alert(rule, text=text),
                                     Target(community, "", log_channel=log_channel))
        return attempt.ok

    async def standing(self, community: str, user: str) -> Authority | None:
        """Someone's standing now, from the platform; None when it cannot tell (no STANDING,
        a failed lookup), and then the caller refuses rather than guess."""
        adapter = self.for_community(community)
        if adapter is None or Capability.STANDING not in adapter.capabilities:
            return None
        try:
            return await cast(Standings, adapter).standing(community, user)
        except Exception as error:   # a lookup is a check's input: never let it raise
            log.warning("standing_unknown", community=community, user=user,
                        error=error.reason if isinstance(error, ActionError) else repr(error))
            return None

    def message_link(self, community: str, channel: str | None,
                     message_id: str | None) -> str | None:
        """The platform's link to a message, when it makes them."""
        adapter = self.for_community(community)
        if (adapter is None or Capability.MESSAGE_LINKS not in adapter.capabilities
                or not channel or not message_id):
            return None
        try:
            return adapter.message_link(community, channel, message_id)
        except Exception:   # a link is a nicety: never let it break a post
            log.exception("message_link_failed", community=community)
            return None
