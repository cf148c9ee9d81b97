"""Discord's native AutoMod kept in step with the rule files, and its blocks as cases.

The plan comes from rules/automod.py; here it meets the server. A sync lists the server's
auto-moderation rules, then deletes, edits and creates only Gardien's own (their names
start with `[gardien]`) until the server matches the plan; a moderator's own rules are
never touched, but they take slots first. It runs when a server is ready and whenever its
rule file changes (checked every `SYNC_EVERY` seconds against what was last applied: an
unchanged file sends nothing at all). `automod: {sync: false}` removes Gardien's rules;
no `automod` key leaves AutoMod alone. Without Manage Server nothing is sent: the refusal
is logged and told in the log channel, once per version of the file. A rule Discord
refuses (50035, a keyword it rejects) is logged and told; the others still go through.

An AUTO_MODERATION_ACTION_EXECUTION of a Gardien rule becomes a case through the core's
usual path for what the platform already did (`ManualSanction`, nothing to call): a
`delete` for the block, a `timeout` for AutoMod's timeout, under the Gardien rule the
matched keyword came from, by `automod`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import discord
import structlog

from adapters.discord.inbound import community_of, to_member
from bot.errors import ActionError
from bot.posts import LogChannel, Post
from catalogue import supported, t
from rules.automod import (
    MARKER,
    MAX_EXEMPT_CHANNELS,
    MAX_EXEMPT_ROLES,
    AutoModSource,
    KeywordRule,
    plan,
)
from rules.events import ManualSanction, Member
from rules.ruleset import Ruleset

log = structlog.get_logger("gardien.discord")

SYNC_EVERY = 2.0          # seconds between looks at the rule files
AUDIT_REASON = "Gardien: AutoMod sync from the rule file"
BY = "automod"            # the case's moderator

RulesFor = Callable[[str], Ruleset | None]
Tell = Callable[[str, Post], Awaitable[None]]   # the adapter's post(community, post)
Action = tuple[int, str | None, int | None, int | None]  # type, message, channel, seconds


@dataclass(frozen=True, slots=True)
class Shape:
    """A keyword rule as compared: what Gardien wants, or what the server holds."""

    keywords: tuple[str, ...]
    allow: tuple[str, ...]
    actions: tuple[Action, ...]
    exempt_roles: frozenset[int]
    exempt_channels: frozenset[int]
    enabled: bool = True


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    removed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)   # (rule name, why)
    overflow: int = 0
    unfit: int = 0

    @property
    def wrote(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.failed)


def _held(rule: discord.AutoModRule) -> Shape:
    actions = tuple(sorted(
        (a.type.value, a.custom_message or None, a.channel_id,
         int(a.duration.total_seconds()) if a.duration is not None else None)
        for a in rule.actions))
    return Shape(tuple(sorted(rule.trigger.keyword_filter)), tuple(sorted(
        rule.trigger.allow_list)), actions, frozenset(rule.exempt_role_ids),
        frozenset(rule.exempt_channel_ids), rule.enabled)


def _actions(wanted: KeywordRule, alert_channel: int | None) -> list[discord.AutoModRuleAction]:
    actions = [discord.AutoModRuleAction(type=discord.AutoModRuleActionType.block_message,
                                         custom_message=wanted.custom_message or None)]
    if wanted.alert and alert_channel is not None:
        actions.append(discord.AutoModRuleAction(channel_id=alert_channel))
    if wanted.timeout:
        actions.append(discord.AutoModRuleAction(duration=timedelta(seconds=wanted.timeout)))
    return actions


def _wanted(wanted: KeywordRule, roles: frozenset[int], channels: frozenset[int],
            alert_channel: int | None) -> Shape:
    actions = tuple(sorted(
        (a.type.value, a.custom_message or None, a.channel_id,
         int(a.duration.total_seconds()) if a.duration is not None else None)
        for a in _actions(wanted, alert_channel)))
    return Shape(tuple(sorted(wanted.keywords)), tuple(sorted(wanted.allow)), actions,
                 roles, channels)


def _resolve(refs: tuple[str, ...], found: list[tuple[int, str]],
             most: int = MAX_EXEMPT_CHANNELS) -> frozenset[int]:
    """Names (any case, `#` or not) or ids, as the file writes them, to the server's ids
    (at most `most`: two channels may share a name)."""
    wanted = {ref.removeprefix("#").casefold() for ref in refs}
    return frozenset(sorted(
        i for i, name in found if str(i) in wanted or name.casefold() in wanted)[:most])


def _channel(guild: discord.Guild, ref: str | None) -> int | None:
    if not ref:
        return None
    found = _resolve((ref,), [(c.id, c.name) for c in guild.channels])
    return min(found) if found else None


class AutoModSync:
    def __init__(self, rules_for: RulesFor, tell: Tell) -> None:
        self.rules_for = rules_for
        self.tell = tell
        self._applied: dict[int, object] = {}           # guild id -> what was last applied
        self._origins: dict[int, KeywordRule] = {}      # AutoMod rule id -> its plan

    def _source(self, guild: discord.Guild) -> tuple[Ruleset, AutoModSource] | None:
        try:
            ruleset = self.rules_for(community_of(guild))
        except KeyError:   # the rule files are still loading
            return None
        if ruleset is None or ruleset.automod is None:
            return None
        return ruleset, ruleset.automod

    async def run(self, client: discord.Client) -> None:
        """Keep every server in step, for as long as the client runs."""
        while True:
            try:
                await client.wait_until_ready()
                break
            except RuntimeError:   # not logged in yet: discord.py has no ready event yet
                await asyncio.sleep(0.05)
        while not client.is_closed():
            for guild in list(client.guilds):
                try:
                    await self.sync(guild)
                except Exception:   # one server's trouble must not stop the others' syncs
                    log.exception("discord_automod_failed", community=community_of(guild))
            await asyncio.sleep(SYNC_EVERY)

    async def sync(self, guild: discord.Guild, *, force: bool = False) -> Outcome | None:
        """Bring the server's Gardien rules in line with its rule file; None: nothing to do
        (no `automod`, or nothing changed since the last sync and not `force`d)."""
        found = self._source(guild)
        if found is None:
            return None
        ruleset, source = found
        roles = _resolve(source.exempt_roles, [(r.id, r.name) for r in guild.roles],
                         MAX_EXEMPT_ROLES)
        channels = _resolve(source.exempt_channels, [(c.id, c.name) for c in guild.channels])
        alert = _channel(guild, source.log_channel)
        stamp = (ruleset.digest, source.sync, roles, channels, alert)
        if not force and self._applied.get(guild.id) == stamp:
            return None
        self._applied[guild.id] = stamp
        locale = supported(ruleset.locale)
        me = guild.me
        if me is None or not me.guild_permissions.manage_guild:
            log.warning("discord_automod_refused", community=community_of(guild),
                        missing="manage_guild", sync=source.sync)
            if source.sync:   # `sync: false` asked for nothing to be added: no need to nag
                await self._tell(guild, source, t(locale, "automod.refused"))
            return None
        try:
            outcome = await self._apply(guild, source, roles, channels, alert)
        except discord.HTTPException as error:   # the list itself was refused
            log.warning("discord_automod_unlisted", community=community_of(guild),
                        status=error.status, code=error.code)
            await self._tell(guild, source, t(locale, "automod.unlisted", code=error.code))
            return None
        log.info("discord_automod_synced", community=community_of(guild),
                 created=outcome.created, updated=outcome.updated, removed=outcome.removed,
                 failed=len(outcome.failed), overflow=outcome.overflow, unfit=outcome.unfit,
                 left=len(source.left), exempt_users=source.exempt_users)
        if outcome.wrote:
            await self._tell(guild, source, self._summary(locale, outcome, source))
        return outcome

    async def _apply(self, guild: discord.Guild, source: AutoModSource,
                     roles: frozenset[int], channels: frozenset[int],
                     alert: int | None) -> Outcome:
        held = await guild.fetch_automod_rules()
        ours = [r for r in held if r.name.startswith(MARKER)]
        others = sum(1 for r in held if not r.name.startswith(MARKER)
                     and r.trigger.type is discord.AutoModRuleTriggerType.keyword)
        planned = plan(source, others) if source.sync else plan(AutoModSource(()), others)
        wanted = {rule.name: rule for rule in planned.rules}
        outcome = Outcome(overflow=planned.overflow, unfit=planned.unfit)
        kept: dict[str, discord.AutoModRule] = {}
        for rule in ours:   # first the deletions: they free slots for what is created
            if rule.name in wanted and rule.name not in kept:
                kept[rule.name] = rule
                continue
            if await self._call(outcome, rule.name, rule.delete(reason=AUDIT_REASON)):
                outcome.removed += 1
                self._origins.pop(rule.id, None)
        role_refs = [discord.Object(i) for i in sorted(roles)]
        channel_refs = [discord.Object(i) for i in sorted(channels)]
        for name, rule_plan in wanted.items():
            trigger = discord.AutoModTrigger(type=discord.AutoModRuleTriggerType.keyword,
                                             keyword_filter=list(rule_plan.keywords),
                                             allow_list=list(rule_plan.allow))
            actions = _actions(rule_plan, alert)
            existing = kept.get(name)
            if existing is not None:
                self._origins[existing.id] = rule_plan
                if _held(existing) == _wanted(rule_plan, roles, channels, alert):
                    continue
                if await self._call(outcome, name, existing.edit(
                        trigger=trigger, actions=actions, enabled=True,
                        exempt_roles=role_refs, exempt_channels=channel_refs,
                        reason=AUDIT_REASON)):
                    outcome.updated += 1
                continue
            created = await self._call(outcome, name, guild.create_automod_rule(
                name=name, event_type=discord.AutoModRuleEventType.message_send,
                trigger=trigger, actions=actions, enabled=True, exempt_roles=role_refs,
                exempt_channels=channel_refs, reason=AUDIT_REASON))
            if isinstance(created, discord.AutoModRule):
                outcome.created += 1
                self._origins[created.id] = rule_plan
        return outcome

    async def _call(self, outcome: Outcome, name: str, call: Awaitable[object]) -> object:
        """One write; a refusal is recorded and logged, and the sync goes on."""
        try:
            return await call or True
        except discord.HTTPException as error:
            log.warning("discord_automod_rule_refused", rule=name, status=error.status,
                        code=error.code, error=error.text[:200])
            outcome.failed.append((name, f"{error.code} {error.text[:120]}".strip()))
            return False

    def _summary(self, locale: str, outcome: Outcome, source: AutoModSource) -> str:
        lines = [t(locale, "automod.synced", created=outcome.created, updated=outcome.updated,
                   removed=outcome.removed)]
        if outcome.overflow or outcome.unfit:
            lines.append(t(locale, "automod.left", overflow=outcome.overflow,
                           unfit=outcome.unfit))
        if source.sync and source.left:
            lines.append(t(locale, "automod.rules_left", count=len(source.left),
                           rules=", ".join(rule for rule, _ in source.left)))
        if source.sync and source.exempt_users:
            lines.append(t(locale, "automod.no_exempt_users", count=source.exempt_users))
        lines.extend(t(locale, "automod.rule_failed", rule=name, reason=why)
                     for name, why in outcome.failed)
        return "\n".join(lines)

    async def _tell(self, guild: discord.Guild, source: AutoModSource, text: str) -> None:
        if not source.log_channel:
            return
        try:
            await self.tell(community_of(guild), Post(LogChannel(source.log_channel), text))
        except ActionError as error:   # the sync is done; only the telling failed
            log.warning("discord_automod_untold", community=community_of(guild),
                        reason=error.reason)

    # --- AutoMod acted ----------------------------------------------------------------
    def case_event(self, execution: discord.AutoModAction) -> ManualSanction | None:
        """The case for what a Gardien rule of AutoMod did; None for an alert, or a rule
        that is not Gardien's (or that this run has not synced yet)."""
        rule_plan = self._origins.get(execution.rule_id)
        kind = execution.action.type
        if rule_plan is None or kind is discord.AutoModRuleActionType.send_alert_message:
            return None
        action = "timeout" if kind is discord.AutoModRuleActionType.timeout else "delete"
        at = datetime.now(UTC)
        duration = execution.action.duration
        guild = execution.guild
        member = guild.get_member(execution.user_id)
        user = to_member(member) if member is not None else Member(
            id=str(execution.user_id), mention_text=f"<@{execution.user_id}>")
        rule = rule_plan.rule_of(execution.matched_keyword)
        return ManualSanction(
            id=f"automod-{guild.id}-{execution.rule_id}-{execution.user_id}-{action}-"
               f"{int(at.timestamp() * 1000)}",
            community=community_of(guild), at=at, user=user, action=action, moderator=BY,
            reason=rule_plan.custom_message or rule, rule=rule,
            expires_at=at + duration if action == "timeout" and duration else None)
