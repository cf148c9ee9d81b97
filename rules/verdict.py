"""Verdicts: what the engine decided for one event, merged as the format says.

The union of every matching rule: one delete, warn points added together, of
timeout/kick/ban only the most severe (ban > kick > the longest timeout), and
every reply, dm and alert in rule order.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from rules.actions import Action, Ban, Kick, Timeout

_FOREVER = timedelta.max


class Hit(NamedTuple):
    """One rule that matched, with what it found (a word, a domain...)."""

    rule: str
    evidence: str
    shadow: bool = False


class Verdict(NamedTuple):
    """Immutable; a NamedTuple because one is built for every message (cheap to create)."""

    event: str
    community: str
    user: str
    rules: tuple[str, ...] = ()  # enforced rules that matched, then "escalation"
    shadow: tuple[str, ...] = ()  # shadow rules that matched (nothing carried out)
    actions: tuple[Action, ...] = ()  # merged, in ACTION_ORDER
    points: int = 0  # the author's unexpired points after this event
    points_added: int = 0
    hits: tuple[Hit, ...] = ()
    watch: tuple[str, ...] = ()  # watched terms the message contains, as the file writes them
    sentiment: float | None = None  # in [-1, 1] when the rule file has `watch` or `crisis`

    @property
    def triggered(self) -> bool:
        return bool(self.rules or self.shadow)

    @property
    def moderates(self) -> bool:
        """An enforced rule acted beyond answering: an FAQ answer (only `reply`) is not
        moderation, in reports as in the ledger."""
        return any(action.kind != "reply" for action in self.actions)

    @property
    def action_kinds(self) -> list[str]:
        return [action.kind for action in self.actions]


def severity(action: Action) -> tuple[int, timedelta]:
    """Order sanctions: ban > kick > timeout, then by length (permanent is longest)."""
    if isinstance(action, Ban):
        return 3, action.duration or _FOREVER
    if isinstance(action, Kick):
        return 2, timedelta(0)
    if isinstance(action, Timeout):
        return 1, action.duration
    return 0, timedelta(0)

