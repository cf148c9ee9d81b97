"""The small error taxonomy adapters map platform answers into.

The core decides what to do from the class alone: retry (rate limits, outages),
count a delete as done (already gone), or fail the case with a reason that is
safe to show moderators (never a raw exception text in a public chat).
"""

from __future__ import annotations


class ActionError(Exception):
    """A platform refused or could not carry out an action."""

    retryable = False

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Forbidden(ActionError):
    """Missing permission, or the member is above the bot (403, not enough rights)."""


class NotFound(ActionError):
    """The message or member is gone (404); a delete of a gone message is done."""


class Invalid(ActionError):
    """The platform rejected the request as malformed (400) or too old (Telegram 48 h)."""


class RateLimited(ActionError):
    """429: wait `retry_after` seconds and try again."""

    retryable = True

    def __init__(self, reason: str, retry_after: float) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Unavailable(ActionError):
    """5xx or a network failure: try again a bounded number of times."""

    retryable = True


class AdapterCrashed(ActionError):
    """The adapter raised something it should have mapped: a bug, worded by the core."""
