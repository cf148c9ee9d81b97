"""The Discord adapter: a discord.py AutoShardedClient behind the core's adapter protocol.

`platforms.discord.shards` runs only the listed shards in this process, so that several
processes (on several machines) share a bot's guilds; each gets the events of its own.

Events in are translated by `inbound` and `manual`, actions out are carried
out by `outbound`. The REST base and the gateway come from the config
(`api_base`, `gateway`) so a proxy, or a local fake in tests, can stand in for
Discord.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import structlog
import yarl

from adapters.discord import (
    commands,
    gate,
    inbound,
    interactions,
    manual,
    permissions_watch,
    posting,
)
from adapters.discord.automod import AutoModSync, RulesFor
from adapters.discord.bulk import Bulk
from adapters.discord.capabilities import DiscordCapabilities
from adapters.discord.errors import worded
from adapters.discord.outbound import MAX_TIMEOUT, Outbound, snowflake
from bot.adapter import Capability, Commands, EventSink, Target
from bot.command_model import Answer, Authority, Invocation
from bot.config import DiscordConfig
from bot.errors import ActionError, Invalid, Unavailable
from bot.ops.needs import Watched
from bot.posts import Post
from rules.actions import Action, ApproveJoin, Purge, Restrict, Unrestrict
from rules.events import BotPresence, Event

log = structlog.get_logger("gardien.discord")

GUILD_READY_TIMEOUT = 2.0
LOCK_READY_WAIT = 60.0    # how long a lock (or slow mode) call waits for the connection


def intents() -> discord.Intents:
    """Guilds, members, guild messages and their content, moderation (bans, audit log)."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.members = True            # privileged: Server Members
    wanted.guild_messages = True
    wanted.message_content = True    # privileged: Message Content
    wanted.moderation = True         # bans, and audit log entries when View Audit Log is granted
    wanted.auto_moderation_execution = True   # AutoMod's blocks of Gardien's rules: cases
    return wanted


def redirect(config: DiscordConfig) -> None:
    """Point discord.py's REST base and gateway at the configured URLs (process-wide)."""
    discord.http.Route.BASE = config.api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(config.gateway)


class DiscordAdapter(DiscordCapabilities, Watched):
    platform = "discord"
    capabilities = frozenset({Capability.COMMANDS, Capability.POSTS, Capability.PURGE,
                              Capability.MESSAGE_LINKS, Capability.STANDING, Capability.LOCK,
                              Capability.SLOWMODE, Capability.POLLS, Capability.HISTORY,
                              Capability.SELF_CHECK})
    max_timeout: timedelta | None = MAX_TIMEOUT   # Discord lifts timeouts of up to 28 days

    def __init__(self, config: DiscordConfig, *,
                 audit_delays: tuple[float, ...] = (0.5, 1.5),
                 guild_ready_timeout: float = GUILD_READY_TIMEOUT) -> None:
        self.config = config
        self.audit_delays = audit_delays   # when to read the audit log after a ban event
        self.guild_ready_timeout = guild_ready_timeout   # quiet time before "ready"
        self.own = manual.OwnActions()
        self.bulk = Bulk()
        self.client: discord.AutoShardedClient | None = None
        self._sink: EventSink | None = None
        self._stopping = False
        self.center: Commands | None = None
        self.tree: discord.app_commands.CommandTree | None = None
        self.synced = asyncio.Event()      # set once the commands are registered (tests, tools)
        self.automod: AutoModSync | None = None   # `automod.sync` (attach_rules)

    def owns(self, community: str) -> bool:
        return community.startswith("discord:")

    # --- lifecycle ------------------------------------------------------------------------
    def _build(self) -> discord.AutoShardedClient:
        redirect(self.config)
        shards = self.config.shards
        # With `shards`, only those of `count` are run here (other processes run the rest,
        # on the gateway redirect() set); without, discord.py asks Discord how many.
        sharding: dict[str, Any] = {} if shards is None else {
            "shard_count": shards.count, "shard_ids": list(shards.ids)}
        client = discord.AutoShardedClient(
            **sharding,
            intents=intents(),
            chunk_guilds_at_startup=False,
            guild_ready_timeout=self.guild_ready_timeout,
            allowed_mentions=discord.AllowedMentions.none(),   # replies widen it to the member
            max_ratelimit_timeout=30.0,
            enable_debug_events=False,
        )
        gateway = self.config.gateway

        async def bot_gateway() -> Any:
            # Use the configured gateway (a proxy, or Discord's own) rather than the one
            # Discord advertises, keeping the shard count Discord recommends.
            shards, _url, limits = await http_gateway_bot()
            return shards, gateway, limits

        http_gateway_bot = client.http.get_bot_gateway
        client.http.get_bot_gateway = bot_gateway   # type: ignore[method-assign]
        for name in ("on_message", "on_raw_message_edit", "on_member_join",
                     "on_raw_member_remove", "on_member_ban", "on_member_unban",
                     "on_audit_log_entry_create", "on_guild_remove", "on_guild_join",
                     "on_automod_action"):
            setattr(client, name, getattr(self, "_" + name))
        self.tree = None
        if self.center is not None:
            self.tree = discord.app_commands.CommandTree(client)
            commands.build(self.tree, self.center.specs(), self._on_command)
            client.on_ready = self._on_ready                 # type: ignore[attr-defined]
            client.on_interaction = self._on_interaction     # type: ignore[attr-defined]
        if self.malfunctions is not None:   # its own permissions, checked as they change
            permissions_watch.listen(client, self.malfunctions)
        return client

    async def start(self, sink: EventSink) -> None:
        """Log in and stream events into `sink` until `stop()`; returns then."""
        self._sink = sink
        self._stopping = False
        self.synced.clear()
        self.client = client = self._build()
        syncing = asyncio.create_task(self.automod.run(client)) if self.automod else None
        try:
            await client.start(self.config.token.get_secret_value())
        except discord.LoginFailure:
            log.error("discord_login_failed", hint="check platforms.discord.token")
            raise
        except discord.PrivilegedIntentsRequired:
            log.error("discord_intents_missing",
                      hint="enable the Server Members and Message Content intents "
                           "in the Developer Portal (Bot page)")
            raise
        finally:
            if syncing is not None:
                syncing.cancel()
            if not client.is_closed():
                await client.close()

    async def stop(self) -> None:
        self._stopping = True
        if self.client is not None and not self.client.is_closed():
            await self.client.close()

    async def connected(self) -> None:
        """Until the client is logged in and has its servers (start-up's replays wait)."""
        while self.client is None or self.client.is_closed():
            await asyncio.sleep(0.05)
        await self.client.wait_until_ready()

    def is_connected(self) -> bool:
        """Logged in, servers received, and every shard's gateway socket open."""
        client = self.client
        if client is None or client.is_closed() or not client.is_ready():
            return False
        return all(not shard.is_closed() for shard in client.shards.values())

    async def wait_ready(self, timeout: float) -> None:
        """Until the client has its servers (for tests and tools)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.client is None:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("the Discord client was not started")
            await asyncio.sleep(0.01)
        await asyncio.wait_for(self.client.wait_until_ready(), timeout)

    # --- out ------------------------------------------------------------------------------
    def _outbound(self) -> Outbound:
        if self.client is None or self.client.is_closed():
            raise worded(Unavailable, "refusal.discord.not_connected")
        return Outbound(self.client, self.own, self.bulk)

    async def execute(self, action: Action, target: Target) -> int | None:
        if isinstance(action, ApproveJoin):
            raise worded(Invalid, "refusal.discord.no_join_requests")
        out = self._outbound()
        if isinstance(action, Purge):
            return await posting.purge(out, out.guild(target.community), action.channel,
                                       action.count, action.user)
        if isinstance(action, Restrict | Unrestrict):   # the verification gate
            guild = out.guild(target.community)
            user_id = snowflake(target.user, "refusal.discord.id.user")
            if isinstance(action, Restrict):
                await gate.restrict(out, guild, user_id, action)
            else:
                await gate.unrestrict(out, guild, user_id, action)
            return None
        await out.execute(action, target)
        return None

    async def delete_many(self, community: str, channel_id: str,
                          message_ids: list[str]) -> None:
        """Delete many messages of one channel (purge, raids): bulk where Discord allows."""
        out = self._outbound()
        guild = out.guild(community)
        await out.delete_many(int(channel_id), [int(m) for m in message_ids], guild)

    async def post(self, community: str, post: Post) -> None:
        """A message from the core to a channel, the log channel, the welcome place or a DM."""
        out = self._outbound()
        await posting.post(out, out.guild(community), post)

    async def standing(self, community: str, user: str) -> Authority | None:
        """Someone's standing in the server now (cached or fetched): rank checks on people a
        command names by id only; rank 0 for someone not in the server."""
        try:
            out = self._outbound()
            guild = out.guild(community)
            member = await out.member(guild, snowflake(user, "user"))
        except ActionError as error:
            log.info("discord_standing_unknown", community=community, user=user,
                     reason=error.reason)
            return None
        if member is None:
            return Authority(id=user)
        return interactions.authority(member, guild, None)

    async def _ready(self, community: str) -> tuple[Outbound, discord.Guild]:
        """The outbound side and the server, once connected: at start-up the core resumes
        the locks (and crises) of a previous run before the gateway has delivered the
        servers."""
        with contextlib.suppress(TimeoutError):
            await self.wait_ready(LOCK_READY_WAIT)
        out = self._outbound()
        return out, out.guild(community)

    def message_link(self, community: str, channel: str, message_id: str) -> str | None:
        """The jump link to a message (mod log evidence); None without a channel id."""
        guild_id = community.removeprefix("discord:")
        if not channel.isdigit() and self.client is not None:
            guild = self.client.get_guild(int(guild_id)) if guild_id.isdigit() else None
            found = discord.utils.get(guild.text_channels, name=channel.removeprefix("#")) if (
                guild is not None) else None
            channel = str(found.id) if found is not None else ""
        if not (guild_id.isdigit() and channel.isdigit() and message_id.isdigit()):
            return None
        return f"https://discord.com/channels/{guild_id}/{channel}/{message_id}"

    def attach_rules(self, rules_for: RulesFor) -> None:
        """Keep Discord's AutoMod in step with the rule files that ask (`automod.sync`)."""
        self.automod = AutoModSync(rules_for, self.post)

    # --- commands -------------------------------------------------------------------------
    def attach_commands(self, commands: Commands) -> None:
        """Route slash commands and button presses to the core (commands sync when ready)."""
        self.center = commands

    async def _on_ready(self) -> None:
        if self.tree is None or self.synced.is_set():
            return     # on_ready fires again after a new session: one sync per start is enough
        try:
            count = await commands.sync(self.tree)
        except discord.HTTPException as error:
            log.error("discord_commands_not_registered", status=error.status, code=error.code,
                      hint="invite the bot with the applications.commands scope")
            return
        log.info("discord_commands_registered", count=count)
        self.synced.set()

    async def _on_command(self, interaction: discord.Interaction, command: str,
                          values: dict[str, Any]) -> None:
        await interactions.defer(interaction)
        try:
            invocation = await interactions.invocation(interaction, command, values)
        except interactions.FileTooLarge as refused:
            log.info("discord_file_too_large", command=command, size=refused.size)
            await interactions.too_large(interaction, refused.size)
            return
        except Exception:
            log.exception("discord_command_unreadable", command=command)
            await interactions.failed(interaction, interactions.locale_of(interaction))
            return
        await self._answer(interaction, invocation)

    async def _on_interaction(self, interaction: discord.Interaction) -> None:
        """Button presses (slash commands go through the command tree)."""
        if interaction.type is not discord.InteractionType.component:
            return
        invocation = interactions.press(interaction)
        if invocation is None:
            return     # not a Gardien button
        await interactions.defer(interaction)
        await self._answer(interaction, invocation)

    async def _answer(self, interaction: discord.Interaction, invocation: Invocation) -> None:
        assert self.center is not None
        try:
            answer: Answer = await self.center.invoke(invocation)
        except Exception:
            log.exception("discord_command_failed", command=invocation.command,
                          community=invocation.community)
            await interactions.failed(interaction, invocation.locale)
            return
        if answer.refused:
            log.info("discord_command_refused", command=invocation.command,
                     community=invocation.community, invoker=invocation.invoker.id,
                     reason=answer.text)
        try:
            await interactions.render(interaction, answer)
        except discord.HTTPException as error:
            log.warning("discord_answer_failed", command=invocation.command,
                        status=error.status, code=error.code)
        except Exception:   # e.g. a button payload too long: never leave "thinking…" up
            log.exception("discord_answer_unrenderable", command=invocation.command)
            await interactions.failed(interaction, invocation.locale)

    # --- in -------------------------------------------------------------------------------
    async def _deliver(self, event: Event) -> None:
        if self._sink is None:
            return
        try:
            await self._sink(event)
        except Exception:   # one bad event must not break the gateway listener
            log.exception("discord_event_failed", event_id=event.id, community=event.community)

    async def _on_guild_remove(self, guild: discord.Guild) -> None:
        """GUILD_DELETE that is not an outage (discord.py sends those as unavailable): the
        bot was kicked or left; the privacy retention erases the server's data later."""
        await self._deliver(BotPresence(id=f"gone-{guild.id}", community=inbound.community_of(
            guild), at=datetime.now(UTC), present=False))

    async def _on_guild_join(self, guild: discord.Guild) -> None:
        await self._deliver(BotPresence(id=f"joined-{guild.id}", community=inbound.community_of(
            guild), at=datetime.now(UTC), present=True))

    async def _on_message(self, message: discord.Message) -> None:
        if inbound.wanted(message):
            await self._deliver(inbound.to_message(message))

    async def _on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        message = payload.message
        if payload.data.get("edited_timestamp") is None or not inbound.wanted(message):
            return   # an embed unfurled, a pin...: not an edit by the author
        before = payload.cached_message
        if before is not None and before.content == message.content:
            return
        await self._deliver(inbound.to_message(message, edited=True))

    async def _on_automod_action(self, execution: discord.AutoModAction) -> None:
        event = self.automod.case_event(execution) if self.automod is not None else None
        if event is not None:
            await self._deliver(event)

    async def _on_member_join(self, member: discord.Member) -> None:
        await self._deliver(inbound.to_join(member))

    async def _on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        if payload.user.bot:
            return
        guild = discord.Object(payload.guild_id)
        await self._deliver(inbound.to_leave(guild, payload.user, datetime.now(UTC)))

    async def _on_member_ban(self, guild: discord.Guild, user: discord.User) -> None:
        await self._banned(guild, user, "ban", discord.AuditLogAction.ban)

    async def _on_member_unban(self, guild: discord.Guild, user: discord.User) -> None:
        await self._banned(guild, user, "unban", discord.AuditLogAction.unban)

    async def _banned(self, guild: discord.Guild, user: discord.User, kind: str,
                      action: discord.AuditLogAction) -> None:
        if self.own.claims(guild.id, user.id, kind):
            return   # the bot's own sanction, already a case
        entry = await manual.find_entry(guild, action, user.id, self.audit_delays)
        if manual.by_bot(guild, entry):
            return
        await self._deliver(manual.sanction(guild, user, kind, entry))

    async def _on_audit_log_entry_create(self, entry: discord.AuditLogEntry) -> None:
        """Kicks and timeouts by hand: only the audit log tells them apart from leaves."""
        guild = entry.guild
        target = entry.target
        if manual.by_bot(guild, entry) or not isinstance(target, discord.Member | discord.User
                                                         | discord.Object):
            return
        user = target if isinstance(target, discord.Member | discord.User) else (
            guild.get_member(target.id) or await self._user(target.id))
        if user is None or getattr(user, "bot", False):
            return
        if entry.action is discord.AuditLogAction.kick:
            if not self.own.claims(guild.id, user.id, "kick"):
                await self._deliver(manual.sanction(guild, user, "kick", entry))
        elif entry.action is discord.AuditLogAction.member_update:
            change = manual.timeout_change(entry)
            if change is not None and not self.own.claims(guild.id, user.id, change[0]):
                await self._deliver(manual.sanction(guild, user, change[0], entry,
                                                    expires_at=change[1]))

    async def _user(self, user_id: int) -> discord.User | None:
        assert self.client is not None
        try:
            return await self.client.fetch_user(user_id)
        except (discord.HTTPException, OSError):
            return None
