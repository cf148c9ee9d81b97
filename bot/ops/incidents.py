"""The incident book: a malfunction is told to moderators once when it starts and once when
it is over, never once per failure.

An incident is keyed by (community or None, kind, subject): "discord:1 / permission /
manage_messages", "None / disconnected / discord". `open` reports a failure, `close` a
success; the book decides when each is worth telling. Flapping is damped by each kind's
`Policy`:

- `confirm` failures within `within` seconds before the start is told (platform errors:
  3 within 60 s; a success before that forgets them: three failures in a row, not three
  in an hour);
- `grace` seconds the trouble must last before it is told (a disconnection: 30 s; one
  that heals sooner is never told);
- `hold` seconds the incident must stay over before the end is told (platform errors and
  disconnections: 60 s); a failure meanwhile resumes the same incident, told nothing new.

Time-based steps (grace, hold) are settled by `tick`, which `run` calls every second.
Failures while an incident is open are counted, not posted. Incidents are held in memory:
a restart re-checks what it can (permissions at start) and tells it again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog

from bot.clock import Clock

log = structlog.get_logger("gardien.incidents")

Key = tuple[str | None, str, str]   # (community or None for a platform's, kind, subject)


@dataclass(frozen=True, slots=True)
class Policy:
    """When an incident of one kind is told (see the module's docstring)."""

    confirm: int = 1
    within: float = 60.0
    grace: float = 0.0
    hold: float = 0.0


@dataclass(frozen=True, slots=True)
class Notice:
    """What the book tells: an incident's start (`over` False) or its end, with how long it
    lasted and how many failures it counted."""

    key: Key
    over: bool
    details: Mapping[str, str]
    reason: str
    lasted: timedelta = timedelta(0)
    failures: int = 0

    @property
    def community(self) -> str | None:
        return self.key[0]

    @property
    def kind(self) -> str:
        return self.key[1]

    @property
    def subject(self) -> str:
        return self.key[2]


Tell = Callable[[Notice], None]


@dataclass(slots=True)
class _Incident:
    key: Key
    details: dict[str, str]
    reason: str
    started: datetime
    failures: deque[datetime] = field(default_factory=deque)
    count: int = 0
    told: bool = False
    over_since: datetime | None = None


class IncidentBook:
    def __init__(self, clock: Clock, tell: Tell,
                 policies: Mapping[str, Policy] | None = None) -> None:
        self.clock = clock
        self._tell = tell
        self.policies = dict(policies or {})
        self._open: dict[Key, _Incident] = {}

    def policy(self, kind: str) -> Policy:
        return self.policies.get(kind, Policy())

    def open(self, key: Key, reason: str, details: Mapping[str, str] | None = None) -> None:
        """A failure: starts an incident (told once confirmed) or is counted in the one open.
        `reason` is the plain English line `current` lists; `details` fill the texts."""
        now = self.clock()
        incident = self._open.get(key)
        if incident is None:
            incident = self._open[key] = _Incident(key, dict(details or {}), reason, now)
        else:
            incident.reason = reason
            if details is not None:
                incident.details = dict(details)
        incident.over_since = None   # failing again: the end is not told
        incident.count += 1
        incident.failures.append(now)
        window = timedelta(seconds=self.policy(key[1]).within)
        while incident.failures and now - incident.failures[0] > window:
            incident.failures.popleft()
        self._settle(incident, now)

    def close(self, key: Key) -> None:
        """A success: the incident is over (told once it has stayed over for its `hold`); one
        never told is forgotten."""
        incident = self._open.get(key)
        if incident is None:
            return
        if not incident.told:
            del self._open[key]
            return
        if incident.over_since is None:
            incident.over_since = self.clock()
        self._settle(incident, incident.over_since)

    def close_all(self, community: str | None, kind: str, keep: set[str]) -> None:
        """Close every incident of `kind` in `community` whose subject is not in `keep`."""
        for key in [k for k in self._open if k[0] == community and k[1] == kind
                    and k[2] not in keep]:
            self.close(key)

    def forget(self, community: str) -> None:
        """Drop a community's incidents without telling (the bot left it)."""
        for key in [k for k in self._open if k[0] == community]:
            del self._open[key]

    def is_open(self, key: Key) -> bool:
        """Whether the incident was told and its end not yet."""
        incident = self._open.get(key)
        return incident is not None and incident.told

    def tick(self) -> None:
        """Settle the time-based steps: a grace that ran out, a hold that ran out."""
        now = self.clock()
        for incident in list(self._open.values()):
            self._settle(incident, now)

    def current(self) -> list[str]:
        """The incidents told and not yet over, in plain words (for /readyz)."""
        return sorted(i.reason for i in self._open.values() if i.told and i.over_since is None)

    async def run(self, stop: asyncio.Event, every: float = 1.0) -> None:
        """Tick every `every` seconds until `stop` is set (served by `gardien run`)."""
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
            self.tick()

    def _settle(self, incident: _Incident, now: datetime) -> None:
        policy = self.policy(incident.key[1])
        if not incident.told:
            if (len(incident.failures) >= policy.confirm
                    and now - incident.started >= timedelta(seconds=policy.grace)):
                incident.told = True
                self._notify(Notice(incident.key, False, incident.details, incident.reason,
                                    now - incident.started, incident.count))
            return
        over = incident.over_since
        if over is not None and self.clock() - over >= timedelta(seconds=policy.hold):
            del self._open[incident.key]
            self._notify(Notice(incident.key, True, incident.details, incident.reason,
                                over - incident.started, incident.count))

    def _notify(self, notice: Notice) -> None:
        try:
            self._tell(notice)
        except Exception:   # telling must never fail the work that reported the failure
            log.exception("incident_notice_failed", kind=notice.kind,
                          community=notice.community)
