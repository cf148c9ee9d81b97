"""The verification gate's actions through the real discord.py and the fake Discord:
Restrict and Unrestrict with a role and with a timeout, and what refuses them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import pytest

from bot.adapter import Target
from bot.errors import Forbidden, Invalid, NotFound
from rules.actions import ApproveJoin, Restrict, Unrestrict

from . import guild as g
from .arrivals import COMMUNITY, GUILD_MEMBER, gated, join
from .harness import running

NEWBIE = Target(COMMUNITY, str(g.NEWBIE), "newbie")
ROLE_PATH = f"{GUILD_MEMBER}/{g.NEWBIE}/roles/{g.ROLE_VERIFIED}"


async def test_with_a_role_the_newcomer_is_held_back_without_it_and_let_in_by_granting_it(
        tmp_path):
    async with running(tmp_path, guild=gated()) as bot:
        await join(bot, g.NEWBIE)
        await bot.adapter.execute(Restrict("verification", role="Verified"), NEWBIE)
        assert bot.fake.calls() == []          # they lack the role: nothing to do
        await bot.adapter.execute(
            Unrestrict("verification", role="verified", reason="accepted the rules"),
            NEWBIE)
        [grant] = bot.fake.calls()
        assert (grant.method, grant.path, grant.body) == ("PUT", ROLE_PATH, None)
        assert unquote(grant.headers["X-Audit-Log-Reason"]) == "accepted the rules"
        assert g.ROLE_VERIFIED in bot.fake.guild.members[g.NEWBIE][0]
        # the role may be named by id too
        await bot.adapter.execute(Unrestrict("verification", role=str(g.ROLE_VERIFIED)),
                                  NEWBIE)
        assert [c.path for c in bot.fake.calls()] == [ROLE_PATH, ROLE_PATH]


async def test_restrict_takes_the_role_from_a_newcomer_who_has_it(tmp_path):
    async with running(tmp_path, guild=gated()) as bot:
        await join(bot, g.NEWBIE, roles=(g.ROLE_VERIFIED,))
        await bot.adapter.execute(Restrict("verification", role="VERIFIED"), NEWBIE)
        [taken] = bot.fake.calls()
        assert (taken.method, taken.path, taken.body) == ("DELETE", ROLE_PATH, None)
        assert bot.fake.guild.members[g.NEWBIE][0] == []


async def test_without_a_role_the_gate_is_a_28_day_timeout_lifted_on_acceptance(tmp_path):
    async with running(tmp_path, guild=gated()) as bot:
        await join(bot, g.NEWBIE)
        before = datetime.now(UTC)
        await bot.adapter.execute(Restrict("verification", reason="not verified yet"),
                                  NEWBIE)
        [held] = bot.fake.calls()
        assert (held.method, held.path) == ("PATCH", f"{GUILD_MEMBER}/{g.NEWBIE}")
        until = datetime.fromisoformat(held.body["communication_disabled_until"])
        assert abs(until - before - timedelta(days=28)) < timedelta(seconds=5)
        assert set(held.body) == {"communication_disabled_until"}
        assert bot.adapter.max_timeout == timedelta(days=28)   # the runtime renews it
        await bot.adapter.execute(Unrestrict("verification"), NEWBIE)
        lifted = bot.fake.calls()[-1]
        assert (lifted.method, lifted.path, lifted.body) == (
            "PATCH", f"{GUILD_MEMBER}/{g.NEWBIE}", {"communication_disabled_until": None})
        # the bot's own timeouts are not mistaken for a moderator's when the audit log
        # reports them
        assert bot.adapter.own.claims(g.GUILD, g.NEWBIE, "timeout")
        assert bot.adapter.own.claims(g.GUILD, g.NEWBIE, "untimeout")


async def test_a_missing_role_is_a_configuration_error(tmp_path):
    async with running(tmp_path, guild=gated()) as bot:
        await join(bot, g.NEWBIE)
        for action in (Restrict("verification", role="Vérifié"),
                       Unrestrict("verification", role="Vérifié")):
            with pytest.raises(Invalid) as error:
                await bot.adapter.execute(action, NEWBIE)
            assert error.value.reason == (
                "the verification role Vérifié does not exist on this server")
        with pytest.raises(Invalid, match="role 12345678901234567 does not exist"):
            await bot.adapter.execute(Unrestrict("verification", role="12345678901234567"),
                                      NEWBIE)
        with pytest.raises(Invalid, match="does not exist"):      # not @everyone either
            await bot.adapter.execute(Unrestrict("verification", role="@everyone"), NEWBIE)
        assert bot.fake.calls() == []


async def test_a_role_above_the_bot_is_refused_with_the_fix(tmp_path):
    async with running(tmp_path, guild=gated(verified_position=7)) as bot:
        await join(bot, g.NEWBIE, roles=(g.ROLE_VERIFIED,))
        for action in (Unrestrict("verification", role="Verified"),
                       Restrict("verification", role="Verified")):
            with pytest.raises(Forbidden) as error:
                await bot.adapter.execute(action, NEWBIE)
            assert error.value.reason == (
                "cannot manage the verification role Verified: it is not below the bot's "
                "highest role (Gardien); move the bot's role above it in Server Settings "
                "> Roles")
        assert bot.fake.calls() == []


async def test_without_manage_roles_the_gate_is_refused(tmp_path):
    server = gated()
    server.bot_perms &= ~g.MANAGE_ROLES

    async with running(tmp_path, guild=server) as bot:
        await join(bot, g.NEWBIE)
        with pytest.raises(Forbidden, match="lacks the Manage Roles permission"):
            await bot.adapter.execute(Unrestrict("verification", role="Verified"), NEWBIE)
        assert bot.fake.calls() == []


async def test_a_newcomer_who_left_cannot_be_let_in_and_discord_has_no_join_requests(tmp_path):
    async with running(tmp_path, guild=gated()) as bot:
        gone = Target(COMMUNITY, str(g.NEWBIE))
        with pytest.raises(NotFound, match="no longer in the server"):
            await bot.adapter.execute(Unrestrict("verification", role="Verified"), gone)
        with pytest.raises(NotFound, match="no longer in the server"):
            await bot.adapter.execute(Restrict("verification"), gone)
        with pytest.raises(Invalid) as error:
            await bot.adapter.execute(ApproveJoin("verification"), NEWBIE)
        assert error.value.reason == "Discord has no join requests"
        # the lookups of the absent member were the only requests
        assert {(c.method, c.path) for c in bot.fake.calls()} == {
            ("GET", f"{GUILD_MEMBER}/{g.NEWBIE}")}
