"""Counting a community's activity as events go by, in its own days and hours.

A `Tally` is fed events one at a time (offline from a stream, live from the pipeline) and
keeps only what reports need, bucketed by the community's local day: message counts per
(day, hour), per (day, channel) and per (day, member) with the member's last message time
that day; membership changes (joins, leaves, removals) with their times; moderation cases
per (day, action, rule); moderated messages per day; member reports and the moderators'
actions after them. Memory grows with days x active members and with membership and
report events, never with the number of messages.

Its whole state is a list of rows (`rows()`), and rows merged into a tally (`merge()`) give
back the same state: counts add up, a member's last message of a day is the later of the
two, timed rows are appended. Merging is associative and commutative, so the live part can
`drain()` a tally into the database in batches (upserting counts with `+`, `last_at` with
max) and later merge a period's rows from the database into a fresh tally to build the
very report an offline tally of the same events gives. Rows are bucketed in the timezone
the community had when they were counted: a change of `timezone:` applies from then on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from rules.events import Join, Leave, ManualSanction, Message
from rules.verdict import Verdict

SANCTIONS = ("warn", "timeout", "kick", "ban")   # the actions that open a case
REMOVALS = ("kick", "ban")                       # ...and those that end a membership
_SLOT = 900         # seconds: every zone's offset is a multiple of 15 min (since ~1980)
_SLOT_CACHE = 200_000   # slots remembered per zone (about 5 years of 15-minute slots)


# --- rows ------------------------------------------------------------------------------
class HourRow(NamedTuple):
    """Messages in one local hour of one local day (`hour` 0-23)."""

    community: str
    day: str            # YYYY-MM-DD, local
    hour: int
    messages: int


class ChannelRow(NamedTuple):
    community: str
    day: str
    channel: str
    messages: int


class MemberRow(NamedTuple):
    """One member's messages on one local day, and the UTC time of the last of them."""

    community: str
    day: str
    member: str
    messages: int
    last_at: float      # POSIX seconds


class MembershipRow(NamedTuple):
    """A join, a leave, or a removal (a kick or ban) of one member."""

    community: str
    day: str
    member: str
    at: float
    change: str         # join | leave | removed


class CaseRow(NamedTuple):
    """Cases opened on one local day for one action under one rule."""

    community: str
    day: str
    action: str
    rule: str
    cases: int


class ModeratedRow(NamedTuple):
    """Messages on which an enforced rule acted, on one local day."""

    community: str
    day: str
    messages: int


class ReportRow(NamedTuple):
    """A member's report about `member` (the reported member)."""

    community: str
    day: str
    member: str
    at: float


class ResponseRow(NamedTuple):
    """A moderator's action on `member` (what answers a report on them)."""

    community: str
    member: str
    at: float


Row = (HourRow | ChannelRow | MemberRow | MembershipRow | CaseRow | ModeratedRow | ReportRow
       | ResponseRow)


# --- one community ---------------------------------------------------------------------
# (day, hour, and that day's hour counts, channel counts, member counts, last times)
_Slot = tuple[str, int, list[int], dict[str, int], dict[str, int], dict[str, float]]


class Counts:
    """One community's counts, bucketed by its local day (read by `bot.insight.compute`)."""

    def __init__(self, community: str, timezone: str) -> None:
        self.community = community
        self.timezone = timezone
        self.zone = ZoneInfo(timezone)
        self._slots: dict[int, _Slot] = {}
        self.hours: dict[str, list[int]] = {}                 # day -> 24 counts
        self.channels: dict[str, dict[str, int]] = {}         # day -> channel -> count
        self.members: dict[str, dict[str, int]] = {}          # day -> member -> count
        self.last: dict[str, dict[str, float]] = {}           # day -> member -> last at
        self.membership: dict[str, list[tuple[float, str, str]]] = {}  # member -> (at, day, change)
        self.cases: dict[tuple[str, str, str], int] = {}      # (day, action, rule) -> count
        self.moderated: dict[str, int] = {}                   # day -> count
        self.reports: list[tuple[float, str, str]] = []       # (at, day, member)
        self.responses: dict[str, list[float]] = {}           # member -> times

    def local(self, at: float) -> tuple[str, int]:
        """(local day, local hour) of a POSIX time."""
        slot = self._slot(at)
        return slot[0], slot[1]

    def day(self, at: float) -> str:
        return self._slot(at)[0]

    def _slot(self, at: float) -> _Slot:
        """The local day and hour of `at` with that day's counters, cached per 15-minute
        slot that falls whole in one local hour (every slot since ~1980 in every zone)."""
        slot = int(at // _SLOT)
        found = self._slots.get(slot)
        # within half a microsecond of the next slot, datetime rounds `at` into it
        if found is not None and at - slot * _SLOT < _SLOT - 5e-7:
            return found
        first, last = self._exact(slot * _SLOT), self._exact(slot * _SLOT + _SLOT - 1)
        if first != last or at - slot * _SLOT >= _SLOT - 5e-7:   # odd offsets; rounding
            return self._exact(at)
        if len(self._slots) >= _SLOT_CACHE:
            self._slots.clear()
        self._slots[slot] = first
        return first

    def _exact(self, at: float) -> _Slot:
        moment = datetime.fromtimestamp(at, self.zone)
        day = moment.date().isoformat()
        self._day(day)
        return day, moment.hour, self.hours[day], self.channels[day], self.members[day], \
            self.last[day]

    def _day(self, day: str) -> list[int]:
        """The day's 24 hour counts; its channel and member counters are made with them."""
        hours = self.hours.get(day)
        if hours is None:
            hours = self.hours[day] = [0] * 24
            self.channels[day], self.members[day], self.last[day] = {}, {}, {}
        return hours

    # -- counting --
    def message(self, at: float, member: str, channel: str) -> None:
        _, hour, hours, channels, members, last = self._slot(at)
        hours[hour] += 1
        channels[channel] = channels.get(channel, 0) + 1
        members[member] = members.get(member, 0) + 1
        if at > last.get(member, -1e300):
            last[member] = at

    def change(self, at: float, member: str, change: str, day: str | None = None) -> None:
        self.membership.setdefault(member, []).append((at, day or self.day(at), change))

    def case(self, day: str, action: str, rule: str, cases: int = 1) -> None:
        key = (day, action, rule)
        self.cases[key] = self.cases.get(key, 0) + cases

    def moderated_message(self, day: str, messages: int = 1) -> None:
        self.moderated[day] = self.moderated.get(day, 0) + messages

    # -- rows --
    def rows(self) -> Iterator[Row]:
        c = self.community
        for day, hours in self.hours.items():
            for hour, count in enumerate(hours):
                if count:
                    yield HourRow(c, day, hour, count)
            for channel, count in self.channels[day].items():
                yield ChannelRow(c, day, channel, count)
            last = self.last[day]
            for member, count in self.members[day].items():
                yield MemberRow(c, day, member, count, last[member])
        for member, changes in self.membership.items():
            for at, day, change in changes:
                yield MembershipRow(c, day, member, at, change)
        for (day, action, rule), count in self.cases.items():
            yield CaseRow(c, day, action, rule, count)
        for day, count in self.moderated.items():
            yield ModeratedRow(c, day, count)
        for at, day, member in self.reports:
            yield ReportRow(c, day, member, at)
        for member, times in self.responses.items():
            for at in times:
                yield ResponseRow(c, member, at)

    def merge(self, row: Row) -> None:
        if isinstance(row, MemberRow):   # most rows by far: first
            day, member = row.day, row.member
            members = self.members.get(day)
            if members is None:
                self._day(day)
                members = self.members[day]
            last = self.last[day]
            members[member] = members.get(member, 0) + row.messages
            previous = last.get(member)
            if previous is None or row.last_at > previous:
                last[member] = row.last_at
        elif isinstance(row, HourRow):
            self._day(row.day)[row.hour] += row.messages
        elif isinstance(row, ChannelRow):
            self._day(row.day)
            channels = self.channels[row.day]
            channels[row.channel] = channels.get(row.channel, 0) + row.messages
        elif isinstance(row, MembershipRow):
            self.change(row.at, row.member, row.change, row.day)
        elif isinstance(row, CaseRow):
            self.case(row.day, row.action, row.rule, row.cases)
        elif isinstance(row, ModeratedRow):
            self.moderated_message(row.day, row.messages)
        elif isinstance(row, ReportRow):
            self.reports.append((row.at, row.day, row.member))
        else:
            self.responses.setdefault(row.member, []).append(row.at)

    def merge_members(self, day: str, messages: dict[str, int], last: dict[str, float]) -> None:
        """A whole day of member rows at once (`messages` and `last` by member): what the
        live report reads from the database by day, without a MemberRow per member."""
        self._day(day)
        if not self.members[day]:
            self.members[day].update(messages)
            self.last[day].update(last)
            return
        for member, count in messages.items():
            self.merge(MemberRow(self.community, day, member, count, last[member]))


# --- every community -------------------------------------------------------------------
class Tally:
    """Counts for every community seen, each in its own timezone (`zone(community)`, an
    IANA name: the rule file's `timezone`; UTC by default)."""

    def __init__(self, zone: Callable[[str], str] | None = None) -> None:
        self._zone = zone or (lambda community: "UTC")
        self.counts: dict[str, Counts] = {}
        self.first_at: float | None = None    # the earliest and latest event fed: the
        self.last_at: float | None = None     # stream's days, for an offline report

    def zone(self, community: str) -> str:
        """The IANA name a community is (or would be) counted in."""
        counts = self.counts.get(community)
        return counts.timezone if counts is not None else self._zone(community)

    def of(self, community: str) -> Counts:
        """The community's counts (empty ones, in its timezone, if it was never seen)."""
        counts = self.counts.get(community)
        if counts is None:
            counts = self.counts[community] = Counts(community, self.zone(community))
        return counts

    def communities(self) -> list[str]:
        return sorted(self.counts)

    # -- events --
    def feed(self, event: Message | Join | Leave | ManualSanction,
             verdict: Verdict | None = None) -> None:
        """Count one event, and what the engine's verdict on it carried out (if given)."""
        at = event.at.timestamp()
        if self.first_at is None or at < self.first_at:
            self.first_at = at
        if self.last_at is None or at > self.last_at:
            self.last_at = at
        counts = self.counts.get(event.community) or self.of(event.community)
        if isinstance(event, Message):
            if not event.edited and not event.user.bot:   # edits and bots are not activity
                counts.message(at, event.user.id, event.channel)
        elif isinstance(event, Join):
            counts.change(at, event.user.id, "join")
        elif isinstance(event, Leave):
            counts.change(at, event.user.id, "leave")
        else:
            self.moderator_action(event.community, at, event.user.id)
            if event.action in REMOVALS:
                counts.change(at, event.user.id, "removed")
        if verdict is not None and verdict.moderates:   # an FAQ answer is not moderation
            self.carried_out(event, verdict)

    def carried_out(self, event: Message | Join | Leave | ManualSanction,
                    verdict: Verdict) -> None:
        """What the enforced rules did: one case per warn, timeout, kick or ban (escalation
        included), a moderated message, and a removal for a kick or ban."""
        at = event.at.timestamp()
        counts = self.of(event.community)
        day = counts.day(at)
        if isinstance(event, Message):
            counts.moderated_message(day)
        removed = False
        for action in verdict.actions:
            if action.kind in SANCTIONS:
                counts.case(day, action.kind, action.rule)
                removed = removed or action.kind in REMOVALS
        if removed:
            counts.change(at, verdict.user, "removed", day)

    def case(self, community: str, at: float, action: str, rule: str) -> None:
        """A case opened (live: by the case path, a rule's or a moderator's)."""
        counts = self.of(community)
        counts.case(counts.day(at), action, rule)

    def report(self, community: str, at: float, member: str) -> None:
        """A member reported `member` (the `report` command)."""
        counts = self.of(community)
        counts.reports.append((at, counts.day(at), member))

    def moderator_action(self, community: str, at: float, member: str) -> None:
        """A moderator acted on `member` (a command, or a sanction by hand on the platform)."""
        self.of(community).responses.setdefault(member, []).append(at)

    # -- rows --
    def rows(self) -> Iterator[Row]:
        """The whole state as rows, community by community (see the module)."""
        for community in self.communities():
            yield from self.counts[community].rows()

    def merge(self, rows: Iterable[Row]) -> None:
        """Add rows (from `rows()` or `drain()` of this tally or another, or the database)."""
        community, counts = None, None
        for row in rows:
            if row.community != community or counts is None:
                community, counts = row.community, self.of(row.community)
            counts.merge(row)

    def drain(self) -> list[Row]:
        """Every row, and an empty tally after: what the live part flushes in one batch."""
        rows = list(self.rows())
        self.counts.clear()
        return rows
