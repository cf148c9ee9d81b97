"""The small error taxonomy adapters map platform answers into.

The core decides what to do from the class alone: retry (rate limits, outages),
count a delete as done (already gone), or fail the case with a reason that is
safe to show moderators (never a raw exception text in a public chat).
"""

from __future__ import annotations


class ActionError(Exception):
    """A platform refused or could not carry out an action.

    `reason` is the English wording (for logs); `key` and `values`, when the adapter gives
    them, word it from the catalogue in the community's language for the mod log.
    """

    retryable = False

    def __init__(self, reason: str, *, key: str | None = None,
                 values: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = key
        self.values = dict(values or {})


class Forbidden(ActionError):
    """Missing permission, or the member is above the bot (403, not enough rights)."""


class NotFound(ActionError):
    """The message or member is gone (404); a delete of a gone message is done."""


class Invalid(ActionError):
    """The platform rejected the request as malformed (400) or too old (Telegram 48 h)."""


class RateLimited(ActionError):
    """429: wait `retry_after` seconds and try again."""

    retryable = True

    def __init__(self, reason: str, retry_after: float, *, key: str | None = None,
                 values: dict[str, str] | None = None) -> None:
        super().__init__(reason, key=key, values=values)
        self.retry_after = retry_after


class Unavailable(ActionError):
    """5xx or a network failure: try again a bounded number of times."""

    retryable = True


class AdapterCrashed(ActionError):
    """The adapter raised something it should have mapped: a bug, worded by the core."""
