"""The core services commands work with, handed to every command's Context.

Commands reach the ledger, the case path, the mod log, points, newcomers and the
community's counts through these, never through the pipeline or the engine's state.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.archive.service import Archives
from bot.cases.path import CasePath
from bot.clock import Clock
from bot.engagement.service import Schedules
from bot.insight.live import LiveInsight
from bot.modlog import ModLog
from bot.newcomers.coordinator import Newcomers
from bot.platforms import Platforms
from bot.points import Points
from bot.rulebook import Rulebook
from bot.scheduler import Scheduler
from storage.base import Store


@dataclass(frozen=True, slots=True)
class Services:
    store: Store
    rulebook: Rulebook
    cases: CasePath
    modlog: ModLog
    points: Points
    scheduler: Scheduler
    platforms: Platforms
    newcomers: Newcomers
    clock: Clock
    insight: LiveInsight     # community reports (`stats`)
    schedules: Schedules     # `announce`
    archives: Archives       # `archive`: a channel's history as files
