"""Verdicts: what the engine decided for one event, merged as the format says.

The union of every matching rule: one delete, warn points added together, of
timeout/kick/ban only the most severe (ban > kick > the longest timeout), and
every reply, dm and alert in rule order.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from rules.actions import ACTION_ORDER, Action, Ban, Delete, Kick, Timeout, Warn

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

    @property
    def triggered(self) -> bool:
        return bool(self.rules or self.shadow)

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


def merge_actions(actions: list[Action]) -> tuple[Action, ...]:
    """Merge one event's actions; warns must already be combined into one."""
    delete: Delete | None = None
    warn: Warn | None = None
    sanction: Action | None = None
    messages: list[Action] = []
    seen_messages: set[tuple[str, str]] = set()
    for action in actions:
        if isinstance(action, Delete):
            delete = delete or action
        elif isinstance(action, Warn):
            warn = warn or action
        elif isinstance(action, Timeout | Kick | Ban):
            if sanction is None or severity(action) > severity(sanction):
                sanction = action
        else:
            key = (action.kind, getattr(action, "text", ""))
            if key not in seen_messages:
                seen_messages.add(key)
                messages.append(action)
    merged: list[Action] = [a for a in (delete, warn, sanction) if a is not None]
    merged.extend(messages)
    order = {kind: index for index, kind in enumerate(ACTION_ORDER)}
    return tuple(sorted(merged, key=lambda action: order[action.kind]))
