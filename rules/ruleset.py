"""A compiled code of conduct: everything the engine needs, nothing it must re-parse."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rules.actions import ActionSpec
from rules.automod import AutoModSource
from rules.conditions import Predicate
from rules.gating import NO_GATE, RuleGate
from rules.regexbank import RegexBank
from rules.schedule import ScheduledItem
from rules.spec import Examples, Raid, Step, Welcome
from rules.watch import CompiledWatch, CrisisPolicy
from rules.wordmatch import WordUnion


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: str
    description: str
    mode: str  # enforce | shadow (rules with mode off are dropped)
    cooldown: float  # seconds
    predicate: Predicate
    actions: tuple[ActionSpec, ...]
    examples: Examples | None = None
    line: int = 0
    reason: str = ""                # {reason}: the first action's reason, else the description
    warn_points: int = 0            # points its warn actions add together
    duration_text: str = ""         # {duration}: its timeout or ban length, e.g. "10m"
    on_message: bool = True         # `on:` the rule is evaluated on messages...
    on_join: bool = False           # ...and/or on joins (text: the member's display name)
    cooldown_per: str = "member"    # member | channel | community: whom the cooldown quiets
    word_gate: int = NO_GATE        # a words condition it requires (rules/gating.py)

    @property
    def answers_only(self) -> bool:
        """An FAQ answer: every action is a `reply` (never a sanction, never a case)."""
        return all(action.kind == "reply" for action in self.actions)


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    expire_after: float | None  # seconds; None: points never expire
    steps: tuple[Step, ...]  # sorted by points


@dataclass(frozen=True)
class Ruleset:
    name: str
    file: str
    digest: str  # sha256 of the file's bytes, for revisions
    locale: str
    log_channel: str | None
    rules: tuple[CompiledRule, ...]
    escalation: EscalationPolicy
    exempt_users: frozenset[str] = frozenset()
    exempt_roles: frozenset[str] = frozenset()
    exempt_channels: frozenset[str] = frozenset()
    welcome: Welcome | None = None
    raid: Raid | None = None
    bank: RegexBank | None = None
    flood_keep: int = 0
    repeat_keep: int = 0
    horizon: float = 0.0  # idle members older than this can be forgotten
    disabled: tuple[str, ...] = field(default=())  # ids of rules with mode: off
    # Rules evaluated on joins, as carried out there: only timeout, kick, ban, dm and alert
    # (a join has no message to delete or reply to, and no channel for a warning).
    join_rules: tuple[CompiledRule, ...] = field(default=())
    require_reason: bool = False    # `commands.require_reason`: no sanction by hand without one
    reports_every: str | None = None   # `reports.every`: "mon 09:00", the weekly report's slot
    timezone: str = "UTC"           # IANA name: the community's days and hours (reports, schedules)
    watch: CompiledWatch | None = None    # `watch`: terms and feeds (never a sanction)
    crisis: CrisisPolicy | None = None    # `crisis`: the alarm on a wave of negative messages
    schedule: tuple[ScheduledItem, ...] = ()   # `schedule`: posts and polls at set times
    archive: bool = False           # `archive`: keep the messages seen, for `archive channel`
    automod: AutoModSource | None = None   # `automod.sync`: what Discord's AutoMod carries
    words: WordUnion | None = None  # every words condition of the file, one matcher

    @cached_property
    def senses(self) -> bool:
        """Whether messages get a sentiment score (`watch` or `crisis` is set)."""
        return self.watch is not None or self.crisis is not None

    @cached_property
    def has_exemptions(self) -> bool:
        return bool(self.exempt_users or self.exempt_roles or self.exempt_channels)

    @cached_property
    def message_rules(self) -> tuple[CompiledRule, ...]:
        """The rules evaluated on messages (`on` includes message), in file order."""
        return tuple(rule for rule in self.rules if rule.on_message)

    @cached_property
    def message_gate(self) -> RuleGate[CompiledRule]:
        """The message rules split by the words condition they require (rules/gating.py)."""
        return RuleGate(self.message_rules)

    @cached_property
    def join_gate(self) -> RuleGate[CompiledRule]:
        return RuleGate(self.join_rules)

    @cached_property
    def history_keep(self) -> int:
        """How many recent messages per member the flood and repeat rules need."""
        return max(self.flood_keep, self.repeat_keep)
