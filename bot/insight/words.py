"""The renderers' words and numbers in the report's language (the rule file's `locale`).

The page and the chart say the same things the same way: one place turns a count, a share,
a delay or a day into text, so French reads "1 234", "60 %" and "2 h 05 min" everywhere.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.insight.model import Report
from catalogue import supported, t

# Monday first, as `weekday_hours` (written out so the catalogue scan sees every key)
WEEKDAY_KEYS = ("render.weekday.mon", "render.weekday.tue", "render.weekday.wed",
                "render.weekday.thu", "render.weekday.fri", "render.weekday.sat",
                "render.weekday.sun")


class Words:
    """One report's language: catalogue texts and number formats."""

    def __init__(self, locale: str | None) -> None:
        self.lang = supported(locale)

    def text(self, key: str, /, **values: object) -> str:
        return t(self.lang, key, **values)

    def number(self, value: float) -> str:
        """A count with the language's digit grouping ("1,234" / "1 234")."""
        grouped = f"{round(value):,}"
        return grouped.replace(",", t(self.lang, "render.number.group"))

    def share(self, part: int, whole: int) -> str:
        """`part` as a whole percentage of `whole`; a dash when there is no whole."""
        if whole <= 0:
            return t(self.lang, "render.none")
        return t(self.lang, "render.percent", value=round(100 * part / whole))

    def duration(self, seconds: float | None) -> str:
        """A delay in seconds, minutes or hours, as a moderator reads it."""
        if seconds is None:
            return t(self.lang, "render.none")
        whole = round(seconds)
        if whole < 60:
            return t(self.lang, "render.duration.seconds", seconds=whole)
        minutes = round(whole / 60)
        if minutes < 60:
            return t(self.lang, "render.duration.minutes", minutes=minutes)
        hours, minutes = divmod(minutes, 60)
        return t(self.lang, "render.duration.hours", hours=self.number(hours), minutes=minutes)

    def weekdays(self) -> list[str]:
        return [t(self.lang, key) for key in WEEKDAY_KEYS]

    def day(self, iso: str) -> str:
        """A day of the period, short: the x axis' labels."""
        day = date.fromisoformat(iso)
        return t(self.lang, "render.day", day=day.day, month=day.month)

    def period(self, report: Report) -> str:
        """The days covered, both ends included (`to` itself is excluded)."""
        first = date.fromisoformat(report["from_"])
        last = max(first, date.fromisoformat(report["to"]) - timedelta(days=1))
        if last == first:
            return t(self.lang, "render.period.one", day=first.isoformat())
        return t(self.lang, "render.period", first=first.isoformat(), last=last.isoformat())

    def title(self, report: Report) -> str:
        return t(self.lang, "render.title", community=report["community"],
                 period=self.period(report))
