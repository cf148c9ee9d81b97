"""The core's counters for Prometheus (FORMATS.md "Operations"), one registry per core.

Each core holds its own `CollectorRegistry`, never the process-wide default, so two
cores in one test process count apart. The pipeline, the case path and the platform
calls report through the few methods below. They sit on the hot path, so they only add
to plain integers (one dict hit per event, no lock: the core runs on one event loop, and a
scrape reads on that loop too); `_Counts.collect` turns them into Prometheus families at
scrape time, with the official client's text exposition. What is read rather than counted
(pending cases, platforms up) is set at scrape time by `bot.health`. Serving the text over
HTTP is the edge's job (adapters/).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Gauge
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

# Seconds for one verdict: the engine runs in microseconds, a slow rule file in milliseconds.
DECISION_BUCKETS = (0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                    0.05, 0.1, 0.25, 1.0)

_WORD = re.compile(r"(?<!^)(?=[A-Z])")


def event_type(kind: type) -> str:
    """`JoinRequest` -> `join_request`: the `type` label of an event class."""
    return _WORD.sub("_", kind.__name__).lower()


class _Counts(Collector):
    """The counted series, as plain numbers, exposed at scrape time."""

    def __init__(self) -> None:
        self.events: defaultdict[tuple[type, str], int] = defaultdict(int)
        self.matches: defaultdict[str, int] = defaultdict(int)
        self.cases: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.calls: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.buckets = [0] * (len(DECISION_BUCKETS) + 1)   # the last one: above every bound
        self.decision_sum = 0.0
        self._types: dict[type, str] = {}

    def collect(self) -> Iterator[Metric]:
        events = CounterMetricFamily("gardien_events", "Events received, by platform and "
                                     "type.", labels=("platform", "type"))
        by_label: defaultdict[tuple[str, str], int] = defaultdict(int)
        for (kind, community), count in list(self.events.items()):
            by_label[community.partition(":")[0], self._type(kind)] += count
        for labels, count in sorted(by_label.items()):
            events.add_metric(labels, count)
        yield events
        yield _family("gardien_rule_matches", "Rules that matched an event (shadow rules and "
                      "escalation included).", ("rule",),
                      {(rule,): n for rule, n in self.matches.items()})
        yield _family("gardien_cases", "Cases finished since start, by action and outcome "
                      "(done, failed); open ones are gardien_pending_cases.",
                      ("action", "status"), self.cases)
        yield _family("gardien_platform_calls", "Calls made to a platform, by outcome (ok, "
                      "rate_limited, unavailable, forbidden, not_found, invalid, refused, "
                      "crashed).", ("platform", "outcome"), self.calls)
        cumulative, running = [], 0
        for bound, count in zip((*DECISION_BUCKETS, float("inf")), self.buckets, strict=True):
            running += count
            cumulative.append((_bound(bound), running))
        yield HistogramMetricFamily("gardien_decision_seconds", "Time the engine took to "
                                    "judge one message or join.", buckets=cumulative,
                                    sum_value=self.decision_sum)

    def _type(self, kind: type) -> str:
        name = self._types.get(kind)
        if name is None:
            name = self._types[kind] = event_type(kind)
        return name


def _family(name: str, documentation: str, labels: tuple[str, ...],
            counts: dict[tuple[str, ...], int] | defaultdict[tuple[str, str], int]
            ) -> CounterMetricFamily:
    family = CounterMetricFamily(name, documentation, labels=labels)
    for values, count in sorted(counts.items()):
        family.add_metric(values, count)
    return family


def _bound(bound: float) -> str:
    return "+Inf" if bound == float("inf") else repr(bound)


class Metrics:
    """Counts of one core: events, rule matches, cases, platform calls, decision time."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._counts = counts = _Counts()
        self.registry.register(counts)
        self._events = counts.events
        self._matches = counts.matches
        self._buckets = counts.buckets
        self.pending = Gauge("gardien_pending_cases", "Cases recorded and not finished yet "
                             "(read from the database at scrape time).", registry=self.registry)
        self.held = Gauge("gardien_held_decisions", "Decisions held while the database "
                          "refuses cases (bot/ledger.py).", registry=self.registry)
        self.platform_up = Gauge("gardien_platform_up", "1 while the platform is connected.",
                                 ("platform",), registry=self.registry)

    def event(self, kind: type, community: str) -> None:
        """One event received in `community` ("<platform>:<id>")."""
        self._events[kind, community] += 1

    def decided(self, seconds: float, rules: tuple[str, ...], shadow: tuple[str, ...]) -> None:
        """One verdict computed in `seconds`; the rules that matched."""
        self._buckets[bisect_left(DECISION_BUCKETS, seconds)] += 1
        self._counts.decision_sum += seconds
        if rules or shadow:
            matches = self._matches
            for rule in rules:
                matches[rule] += 1
            for rule in shadow:
                matches[rule] += 1

    def case_finished(self, action: str, status: str) -> None:
        self._counts.cases[action, status] += 1

    def platform_call(self, platform: str, outcome: str) -> None:
        self._counts.calls[platform, outcome] += 1
