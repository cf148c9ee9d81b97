"""The core's counters for Prometheus (FORMATS.md "Operations"), one registry per core.

Each core holds its own `CollectorRegistry`, never the process-wide default, so two
cores in one test process count apart. The pipeline, the case path and the platform
calls report through the few methods below; they sit on the hot path, so each label
child is looked up once and kept (a dict hit and a locked add per event, no label dict
built). What is read rather than counted (pending cases, platforms up) is set at scrape
time by `bot.health`. Serving the text over HTTP is the edge's job (adapters/).
"""

from __future__ import annotations

import re
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# Seconds for one verdict: the engine runs in microseconds, a slow rule file in milliseconds.
DECISION_BUCKETS = (0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                    0.05, 0.1, 0.25, 1.0)

_WORD = re.compile(r"(?<!^)(?=[A-Z])")


def event_type(kind: type) -> str:
    """`JoinRequest` -> `join_request`: the `type` label of an event class."""
    return _WORD.sub("_", kind.__name__).lower()


class Metrics:
    """Counts of one core: events, rule matches, cases, platform calls, decision time."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self._events = Counter("gardien_events", "Events received, by platform and type.",
                               ("platform", "type"), registry=r)
        self._matches = Counter("gardien_rule_matches", "Rules that matched an event "
                                "(shadow rules and escalation included).", ("rule",),
                                registry=r)
        self._cases = Counter("gardien_cases", "Cases finished since start, by action and "
                              "outcome (done, failed); open ones are gardien_pending_cases.",
                              ("action", "status"), registry=r)
        self._calls = Counter("gardien_platform_calls", "Calls made to a platform, by "
                              "outcome (ok, rate_limited, unavailable, forbidden, not_found, "
                              "invalid, refused, crashed).", ("platform", "outcome"),
                              registry=r)
        self.decision_seconds = Histogram("gardien_decision_seconds", "Time the engine took "
                                          "to judge one message or join.",
                                          buckets=DECISION_BUCKETS, registry=r)
        self.pending = Gauge("gardien_pending_cases", "Cases recorded and not finished yet "
                             "(read from the database at scrape time).", registry=r)
        self.held = Gauge("gardien_held_decisions", "Decisions held while the database "
                          "refuses cases (bot/ledger.py).", registry=r)
        self.platform_up = Gauge("gardien_platform_up", "1 while the platform is connected.",
                                 ("platform",), registry=r)
        self._event_children: dict[tuple[type, str], Any] = {}
        self._match_children: dict[str, Any] = {}
        self._case_children: dict[tuple[str, str], Any] = {}
        self._call_children: dict[tuple[str, str], Any] = {}
        self._observe = self.decision_seconds.observe

    def event(self, kind: type, community: str) -> None:
        """One event received in `community` ("<platform>:<id>")."""
        key = (kind, community)
        child = self._event_children.get(key)
        if child is None:
            platform = community.partition(":")[0]
            child = self._events.labels(platform, event_type(kind))
            if len(self._event_children) < 100_000:   # bounded: communities come and go
                self._event_children[key] = child
        child.inc()

    def decided(self, seconds: float, rules: tuple[str, ...], shadow: tuple[str, ...]) -> None:
        """One verdict computed in `seconds`; the rules that matched."""
        self._observe(seconds)
        for rule in rules:
            self._matched(rule)
        for rule in shadow:
            self._matched(rule)

    def _matched(self, rule: str) -> None:
        child = self._match_children.get(rule)
        if child is None:
            child = self._match_children[rule] = self._matches.labels(rule)
        child.inc()

    def case_finished(self, action: str, status: str) -> None:
        key = (action, status)
        child = self._case_children.get(key)
        if child is None:
            child = self._case_children[key] = self._cases.labels(action, status)
        child.inc()

    def platform_call(self, platform: str, outcome: str) -> None:
        key = (platform, outcome)
        child = self._call_children.get(key)
        if child is None:
            child = self._call_children[key] = self._calls.labels(platform, outcome)
        child.inc()
