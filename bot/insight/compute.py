"""From a tally to one community's report for a period of local days: FORMATS.md's
definitions ("Reports"), applied to the counts of `bot.insight.tally`.

One function for offline streams and the live database alike: both fill a `Tally` (the
live part by merging its rows back), so every output reads the same figures.

What the definitions leave open is settled here, once:
- the period is whole local days, `start_day` included, `end_day` excluded; an event
  belongs to the local day of its time in the community's timezone;
- `leaves` counts distinct members who left or were removed during the period (a kick
  followed by the platform's leave event is one member); a day's `leaves` likewise;
- newcomers: a member's first join in the period counts; `posted` when they sent a
  message at or after that join and before the period's end; `stayed` when the last
  join, leave or removal before the period's end is a join;
- `report_response_median_s`: for each report in the period, the first moderator action
  on the reported member at or after it, whenever that came.
"""

from __future__ import annotations

import bisect
import statistics
from datetime import date, timedelta

from bot.insight.model import ChannelCount, Day, Moderation, Newcomers, Report
from bot.insight.tally import SANCTIONS, Counts, Tally
from bot.insight.watch import WatchCounts, build_watch

COMMUNICATOR_MESSAGES = 3   # `communicators`: authors of at least this many messages


def days_between(start_day: date, end_day: date) -> list[str]:
    """Every local day from `start_day` (included) to `end_day` (excluded), as YYYY-MM-DD."""
    return [(start_day + timedelta(days=n)).isoformat()
            for n in range((end_day - start_day).days)]


def stream_period(tally: Tally, community: str) -> tuple[date, date] | None:
    """Every day of what was fed, in the community's days: (first day, day after the last);
    None when nothing was."""
    if tally.first_at is None or tally.last_at is None:
        return None
    counts = _counts(tally, community)
    first, last = counts.day(tally.first_at), counts.day(tally.last_at)
    return date.fromisoformat(first), date.fromisoformat(last) + timedelta(days=1)


def build_report(tally: Tally, community: str, start_day: date, end_day: date,
                 tz: str | None = None, moderation: bool = False,
                 locale: str | None = None,
                 watch: tuple[WatchCounts, tuple[str, ...]] | None = None) -> Report:
    """The community's report for [start_day, end_day). `tz` (default: the zone the tally
    counted the community in) must be that zone: days cannot be re-bucketed afterwards.
    `moderation` adds the moderation figures (offline: only when rules were applied);
    `watch` the watch part, from its counts and the rule file's terms (in its order)."""
    counts = _counts(tally, community)
    if tz is not None and tz != counts.timezone:
        raise ValueError(f"{community} was counted in {counts.timezone}, not {tz}")
    days = days_between(start_day, end_day)
    activity = _Activity(counts, days)
    membership = _Membership(counts, days, start_day.isoformat(), end_day.isoformat())
    daily = [Day(day=day, messages=activity.daily[i],
                 active_members=len(counts.members.get(day, ())),
                 joins=membership.joins_by_day.get(day, 0),
                 leaves=len(membership.leavers_by_day.get(day, ())))
             for i, day in enumerate(days)]
    report = Report(
        community=community, from_=start_day.isoformat(), to=end_day.isoformat(),
        timezone=counts.timezone, messages=sum(activity.daily),
        active_members=len(activity.authors),
        communicators=sum(1 for n in activity.authors.values() if n >= COMMUNICATOR_MESSAGES),
        daily=daily, hours=activity.hours, weekday_hours=activity.weekday_hours,
        channels=[ChannelCount(channel=name, messages=n) for name, n in
                  sorted(activity.channels.items(), key=lambda item: (-item[1], item[0]))],
        joins=membership.joins, leaves=len(membership.leavers),
        newcomers=membership.newcomers(),
    )
    if moderation:
        report["moderation"] = _moderation(counts, days)
    if watch is not None:
        watch_counts, terms = watch
        if watch_counts.timezone != counts.timezone:
            raise ValueError(f"{community}'s watch was counted in {watch_counts.timezone}, "
                             f"not {counts.timezone}")
        report["watch"] = build_watch(watch_counts, terms, days)
    if locale is not None:
        report["locale"] = locale
    return report


def _counts(tally: Tally, community: str) -> Counts:
    """The community's counts, without adding an empty community to the tally."""
    return tally.counts.get(community) or Counts(community, tally.zone(community))


class _Activity:
    """Messages of the period: per day, hour, weekday and hour, channel, author."""

    def __init__(self, counts: Counts, days: list[str]) -> None:
        self.daily: list[int] = []
        self.hours = [0] * 24
        self.weekday_hours = [[0] * 24 for _ in range(7)]
        self.channels: dict[str, int] = {}
        self.authors: dict[str, int] = {}
        for day in days:
            hours = counts.hours.get(day)
            if hours is None:
                self.daily.append(0)
                continue
            self.daily.append(sum(hours))
            weekday = self.weekday_hours[date.fromisoformat(day).weekday()]
            for hour, n in enumerate(hours):
                self.hours[hour] += n
                weekday[hour] += n
            _add(self.channels, counts.channels[day])
            _add(self.authors, counts.members[day])


def _add(total: dict[str, int], more: dict[str, int]) -> None:
    if not total:
        total.update(more)
        return
    get = total.get
    for key, n in more.items():
        total[key] = get(key, 0) + n


class _Membership:
    """Joins, leaves and newcomers of the period, member by member."""

    def __init__(self, counts: Counts, days: list[str], start: str, end: str) -> None:
        self.counts, self.days, self.end = counts, days, end
        self.index = {day: i for i, day in enumerate(days)}
        self.joins = 0
        self.joins_by_day: dict[str, int] = {}
        self.leavers: set[str] = set()
        self.leavers_by_day: dict[str, set[str]] = {}
        self.first_joins: dict[str, tuple[float, str]] = {}   # member -> (at, day)
        self.stayed: set[str] = set()
        for member, changes in counts.membership.items():
            last_change = ""
            for at, day, change in sorted(changes, key=_time):   # ties: as fed
                if day >= end:
                    break
                last_change = change
                if day < start:
                    continue
                if change == "join":
                    self.joins += 1
                    self.joins_by_day[day] = self.joins_by_day.get(day, 0) + 1
                    self.first_joins.setdefault(member, (at, day))
                else:
                    self.leavers.add(member)
                    self.leavers_by_day.setdefault(day, set()).add(member)
            if member in self.first_joins and last_change == "join":
                self.stayed.add(member)

    def newcomers(self) -> Newcomers:
        posted = sum(1 for member, (at, day) in self.first_joins.items()
                     if self._posted_since(member, at, day))
        return Newcomers(joined=len(self.first_joins), posted=posted, stayed=len(self.stayed))

    def _posted_since(self, member: str, at: float, day: str) -> bool:
        """A message at or after `at` (on `day`) and before the period's end."""
        last = self.counts.last.get(day, {}).get(member)
        if last is not None and last >= at:
            return True
        members = self.counts.members
        return any(member in members.get(later, ()) for later in
                   self.days[self.index[day] + 1:])


def _time(change: tuple[float, str, str]) -> float:
    return change[0]


def _moderation(counts: Counts, days: list[str]) -> Moderation:
    start, end = days[0] if days else "", days[-1] if days else ""
    by_action: dict[str, int] = {}
    by_rule: dict[str, int] = {}
    for (day, action, rule), n in counts.cases.items():
        if start <= day <= end and days:
            by_action[action] = by_action.get(action, 0) + n
            by_rule[rule] = by_rule.get(rule, 0) + n
    order = {action: i for i, action in enumerate(SANCTIONS)}
    delays: list[float] = []
    reports = 0
    for at, day, member in counts.reports:
        if not (days and start <= day <= end):
            continue
        reports += 1
        times = sorted(counts.responses.get(member, ()))
        after = bisect.bisect_left(times, at)
        if after < len(times):
            delays.append(times[after] - at)
    return Moderation(
        cases=sum(by_action.values()),
        by_action=dict(sorted(by_action.items(), key=lambda item: (order.get(item[0], 99),
                                                                   item[0]))),
        by_rule=dict(sorted(by_rule.items(), key=lambda item: (-item[1], item[0]))),
        moderated_messages=sum(n for day, n in counts.moderated.items()
                               if days and start <= day <= end),
        reports=reports,
        report_response_median_s=statistics.median(delays) if delays else None,
    )
