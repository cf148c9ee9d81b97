"""Malfunctions told to moderators in the log channel: once when one starts, once when it is
over (the incident book decides when; see bot/ops/incidents.py for the damping).

What is watched, and who reports it:
- a permission the bot needs and lacks: the adapters check their own rights (Discord at
  start and when channels, roles or the bot's member change; Telegram when its admin
  rights change) against what the rule file needs (bot/ops/needs.py) and report here;
- repeated platform errors (5xx, timeouts): every action's outcome (bot/executor.py);
  3 failed calls within 60 s open the incident, 60 s without one close it;
- a lost connection: the adapter reports it; told after 30 s down, over after 60 s up;
- a rule file that no longer loads (the live reload of bot/rulebook.py): told at the first
  rejected version, over at the next good one;
- database errors: the ledger (bot/ledger.py) reports them, in its own words.

An alert that cannot be posted (no log channel, or the bot cannot post there) is still
logged, and every incident under way is listed by `current()` (for /readyz).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import structlog

from bot.clock import Clock
from bot.modlog import ModLog
from bot.ops import needs as rights
from bot.ops.incidents import IncidentBook, Key, Notice, Policy
from bot.rulebook import Rulebook
from catalogue import supported, t
from rules.durations import format_duration
from rules.problems import Problem

log = structlog.get_logger("gardien.malfunctions")

PERMISSION = "permission"
PLATFORM_ERRORS = "platform_errors"
DISCONNECTED = "disconnected"
RULES = "rules"
DATABASE = "database"

POLICIES = {
    PERMISSION: Policy(),                                  # a check, not a guess: at once
    PLATFORM_ERRORS: Policy(confirm=3, within=60.0, hold=60.0),
    DISCONNECTED: Policy(grace=30.0, hold=60.0),
    RULES: Policy(),                                       # once per broken version
    DATABASE: Policy(),                                    # the ledger already damps it
}

TEXTS = {   # kind -> (start, over); what a missing right breaks: `malfunction.breaks.<right>`
    PERMISSION: ("malfunction.permission.start", "malfunction.permission.over"),
    PLATFORM_ERRORS: ("malfunction.errors.start", "malfunction.errors.over"),
    DISCONNECTED: ("malfunction.disconnected.start", "malfunction.disconnected.over"),
    RULES: ("malfunction.rules.start", "malfunction.rules.over"),
}


def spelled(lasted: timedelta) -> str:
    """How long, rounded to the unit that matters: 45s, 12m, 3h, 2d."""
    seconds = max(int(lasted.total_seconds()), 0)
    for unit in (86400, 3600, 60):
        if seconds >= 2 * unit:
            return format_duration(timedelta(seconds=seconds - seconds % unit))
    return format_duration(timedelta(seconds=seconds))


class MalfunctionAlerts:
    """The core's side of the malfunction alerts (bot.ops.needs.Malfunctions for the
    adapters, the call watch of bot/executor.py, the rule files' and the ledger's reports)."""

    def __init__(self, rulebook: Rulebook, modlog: ModLog, clock: Clock,
                 policies: dict[str, Policy] | None = None) -> None:
        self.rulebook = rulebook
        self.modlog = modlog
        self.book = IncidentBook(clock, self._tell, POLICIES if policies is None else policies)
        self._known: set[str] = set()   # communities heard of: told a platform's trouble

    async def run(self, stop: asyncio.Event) -> None:
        """Settle the incidents' time-based steps every second (served by `gardien run`)."""
        await self.book.run(stop)

    def seen(self, community: str) -> None:
        self._known.add(community)

    def current(self) -> list[str]:
        """Every incident under way, in plain words (for /readyz)."""
        return self.book.current()

    # --- permissions (reported by the adapters) -------------------------------------------
    def needs(self, community: str) -> rights.Needs:
        return rights.needs(self.rulebook.for_community(community))

    def rights_checked(self, community: str, missing: Sequence[rights.Missing]) -> None:
        self._known.add(community)
        for lack in missing:
            where = ", ".join(lack.channels) or "the whole community"
            self.book.open((community, PERMISSION, lack.permission),
                           f"{community}: the bot lacks {t('en', lack.permission)} "
                           f"({where})",
                           {"permission": lack.permission, "fix": lack.fix,
                            "channels": ", ".join(lack.channels),
                            "rights": ",".join(lack.rights)})
        self.book.close_all(community, PERMISSION, {lack.permission for lack in missing})

    def removed(self, community: str) -> None:
        self._known.discard(community)
        self.book.forget(community)

    def connection(self, platform: str, up: bool) -> None:
        key: Key = (None, DISCONNECTED, platform)
        if up:
            self.book.close(key)
        else:
            self.book.open(key, f"disconnected from {platform}", {"platform": platform})

    # --- platform calls (bot/executor.py) ------------------------------------------------
    def call_failed(self, community: str, platform: str) -> None:
        """A call to the platform failed for good with a server error or a timeout."""
        self._known.add(community)
        self.book.open((community, PLATFORM_ERRORS, platform),
                       f"{community}: repeated {platform} errors", {"platform": platform})

    def call_succeeded(self, community: str, platform: str) -> None:
        self.book.close((community, PLATFORM_ERRORS, platform))

    # --- rule files (bot/rulebook.py) ----------------------------------------------------
    def rules_checked(self, path: Path, problems: Sequence[Problem] | None) -> None:
        """A file on disk was compiled: `problems` when it was rejected, None when it loads."""
        key: Key = (None, RULES, str(path))
        if problems is None:
            self.book.close(key)
            return
        first = str(problems[0]) if problems else ""
        self.book.open(key, f"the rule file {path} no longer loads",
                       {"file": path.name, "count": str(len(problems)), "problem": first[:300]})

    # --- the ledger (bot/ledger.py's notify) ---------------------------------------------
    def ledger_notice(self, community: str, recovered: bool) -> None:
        key: Key = (community, DATABASE, "ledger")
        if recovered:
            self.book.close(key)
        else:
            self.book.open(key, f"{community}: the database refuses writes")

    # --- telling -------------------------------------------------------------------------
    def _tell(self, notice: Notice) -> None:
        log.warning("malfunction_over" if notice.over else "malfunction", kind=notice.kind,
                    community=notice.community, subject=notice.subject, reason=notice.reason,
                    lasted=str(notice.lasted), failures=notice.failures)
        for community in self._audience(notice):
            if notice.kind == DATABASE:   # the ledger's own words (sanctions held, resumed)
                self.modlog.ledger_notice(community, notice.over)
                continue
            self.modlog.later(self._post(community, notice))

    async def _post(self, community: str, notice: Notice) -> bool:
        try:
            text = self._text(notice, supported(self.rulebook.for_community(community).locale))
            posted = await self.modlog.to_log(community, text)
        except Exception:   # an alert must never take anything down
            log.exception("malfunction_alert_failed", community=community, kind=notice.kind)
            return False
        if not posted:
            log.warning("malfunction_alert_undelivered", community=community,
                        kind=notice.kind, reason=notice.reason,
                        hint="the log channel is missing or the bot cannot post there")
        return posted

    def _text(self, notice: Notice, locale: str) -> str:
        values = dict(notice.details)
        if notice.kind == PERMISSION:
            channels = values.pop("channels", "")
            values["where"] = (t(locale, "malfunction.where.channels", channels=channels)
                               if channels else t(locale, "malfunction.where.community"))
            values["breaks"] = "; ".join(t(locale, "malfunction.breaks." + right) for right
                                         in values.pop("rights", "").split(",")
                                         if right in rights.RIGHTS)
        values["duration"] = spelled(notice.lasted)
        values["failures"] = str(notice.failures)
        return t(locale, TEXTS[notice.kind][notice.over], **values)

    def _audience(self, notice: Notice) -> list[str]:
        """Whom an incident is told to: its community, or for a platform's connection the
        communities known on it, for a rule file the communities it is in force in."""
        if notice.community is not None:
            return [notice.community]
        if notice.kind == DISCONNECTED:
            return sorted(c for c in self._known if c.startswith(f"{notice.subject}:"))
        if notice.kind == RULES:
            path = Path(notice.subject)
            using = {c for c, p in self.rulebook.communities.items() if p == path}
            using |= {c for c in self._known if self.rulebook.path_for(c) == path}
            return sorted(c for c in using if self.rulebook.active_upload(c) is None)
        return []
