"""Reports built by hand: a plausible month of a French-speaking community, and an empty one."""

from __future__ import annotations

import math
from datetime import date, timedelta

from bot.insight.model import Report

# messages by hour of day, a community awake in the evening
SHAPE = [1, 0, 0, 0, 0, 0, 1, 2, 4, 6, 8, 9, 10, 9, 8, 8, 9, 11, 14, 17, 19, 16, 9, 4]


def month(*, locale: str | None = "fr", days: int = 30, community: str = "discord:1",
          channels: list[tuple[str, int]] | None = None, moderation: bool = True) -> Report:
    """`days` days from 2026-11-01, busier on weekends, with joins, leaves and cases."""
    start = date(2026, 11, 1)
    daily = []
    weekday_hours = [[0] * 24 for _ in range(7)]
    for offset in range(days):
        day = start + timedelta(days=offset)
        weekend = day.weekday() >= 5
        messages = 120 + 15 * offset // 4 + (80 if weekend else 0) + int(
            30 * math.sin(offset / 3))
        daily.append({"day": day.isoformat(), "messages": messages,
                      "active_members": 20 + messages // 9,
                      "joins": 2 + offset % 5, "leaves": offset % 3})
        for hour, weight in enumerate(SHAPE):
            weekday_hours[day.weekday()][hour] += messages * weight // sum(SHAPE)
    total = sum(day["messages"] for day in daily)
    hours = [sum(row[hour] for row in weekday_hours) for hour in range(24)]
    listed = channels if channels is not None else [
        ("général", total * 6 // 10), ("entraide", total * 3 // 10),
        ("annonces", total - total * 6 // 10 - total * 3 // 10)]
    report: Report = {
        "community": community, "from_": start.isoformat(),
        "to": (start + timedelta(days=days)).isoformat(), "timezone": "Europe/Paris",
        "messages": total, "active_members": 212, "communicators": 87,
        "daily": daily,  # type: ignore[typeddict-item]
        "hours": hours, "weekday_hours": weekday_hours,
        "channels": [{"channel": name, "messages": count} for name, count in listed],
        "joins": sum(day["joins"] for day in daily), "leaves": sum(day["leaves"] for day in daily),
        "newcomers": {"joined": 96, "posted": 41, "stayed": 88},
    }
    if moderation:
        report["moderation"] = {
            "cases": 23, "by_action": {"warn": 15, "timeout": 5, "kick": 1, "ban": 2},
            "by_rule": {"no-insults": 12, "no-scam-links": 6, "escalation": 5},
            "moderated_messages": 19, "reports": 7, "report_response_median_s": 5_340.0}
    if locale is not None:
        report["locale"] = locale
    return report


def empty(*, locale: str = "en", days: int = 7) -> Report:
    """A week in which nothing happened."""
    start = date(2026, 11, 1)
    return {
        "community": "telegram:-100", "from_": start.isoformat(),
        "to": (start + timedelta(days=days)).isoformat(), "timezone": "UTC",
        "messages": 0, "active_members": 0, "communicators": 0,
        "daily": [{"day": (start + timedelta(days=n)).isoformat(), "messages": 0,
                   "active_members": 0, "joins": 0, "leaves": 0} for n in range(days)],
        "hours": [0] * 24, "weekday_hours": [[0] * 24 for _ in range(7)], "channels": [],
        "joins": 0, "leaves": 0, "newcomers": {"joined": 0, "posted": 0, "stayed": 0},
        "moderation": {"cases": 0, "by_action": {}, "by_rule": {}, "moderated_messages": 0,
                       "reports": 0, "report_response_median_s": None},
        "locale": locale,
    }
