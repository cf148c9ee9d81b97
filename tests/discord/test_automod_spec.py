"""AutoMod's limits, three ways: the plan's largest rule is a body Discord's spec accepts
(as discord.py writes it), one past any limit is caught by the spec check, and the fake
refuses it as Discord does (50035)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import discord
import pytest

from rules.automod import (
    MAX_ALLOW,
    MAX_EXEMPT_CHANNELS,
    MAX_EXEMPT_ROLES,
    MAX_KEYWORD_LENGTH,
    MAX_KEYWORDS,
    MAX_NAME,
    MAX_TIMEOUT_SECONDS,
)

from . import guild as g
from . import spec
from .automod import AutoModBox

RULES = f"/guilds/{g.GUILD}/auto-moderation/rules"


def body(*, keywords: int = MAX_KEYWORDS, length: int = MAX_KEYWORD_LENGTH,
         allow: int = MAX_ALLOW, roles: int = MAX_EXEMPT_ROLES,
         channels: int = MAX_EXEMPT_CHANNELS,
         seconds: int = MAX_TIMEOUT_SECONDS, name: int = MAX_NAME) -> dict[str, Any]:
    """A create body as discord.py's create_automod_rule writes it."""
    trigger = discord.AutoModTrigger(
        type=discord.AutoModRuleTriggerType.keyword,
        keyword_filter=[f"{i:0{length}d}"[:length] for i in range(keywords)],
        allow_list=[f"ok{i}" for i in range(allow)])
    actions = [discord.AutoModRuleAction(custom_message="x" * 150),
               discord.AutoModRuleAction(channel_id=g.MOD_LOG),
               discord.AutoModRuleAction(duration=timedelta(seconds=seconds))]
    return {"name": "n" * name, "event_type": 1, "trigger_type": 1,
            "trigger_metadata": trigger.to_metadata_dict(),
            "actions": [action.to_dict() for action in actions], "enabled": True,
            "exempt_roles": [str(g.snowflake() + i) for i in range(roles)],
            "exempt_channels": [str(g.snowflake() + i) for i in range(channels)]}


def test_the_largest_rule_the_plan_makes_is_a_body_discord_accepts() -> None:
    assert spec.problems("POST", RULES, {}, body()) == []
    assert spec.problems("PATCH", f"{RULES}/{g.snowflake()}", {}, body()) == []


@pytest.mark.parametrize("past", [
    {"keywords": MAX_KEYWORDS + 1}, {"length": MAX_KEYWORD_LENGTH + 1},
    {"allow": MAX_ALLOW + 1}, {"roles": MAX_EXEMPT_ROLES + 1},
    {"channels": MAX_EXEMPT_CHANNELS + 1}, {"seconds": MAX_TIMEOUT_SECONDS + 1},
    {"name": MAX_NAME + 1}])
def test_one_past_a_limit_is_caught_by_the_spec_check(past: dict[str, int]) -> None:
    assert spec.problems("POST", RULES, {}, body(**past)) != []


@pytest.mark.parametrize("past", [
    {"keywords": MAX_KEYWORDS + 1}, {"length": MAX_KEYWORD_LENGTH + 1},
    {"allow": MAX_ALLOW + 1}, {"roles": MAX_EXEMPT_ROLES + 1},
    {"channels": MAX_EXEMPT_CHANNELS + 1}, {"seconds": MAX_TIMEOUT_SECONDS + 1}])
def test_the_fake_refuses_it_as_discord_does(past: dict[str, int]) -> None:
    guild = g.Guild()
    guild.bot_perms |= g.MANAGE_GUILD
    box = AutoModBox(guild)
    assert box.route("POST", RULES.strip("/").split("/"), body())[0] == 200
    status, answer = box.route("POST", RULES.strip("/").split("/"), body(**past)) or (0, {})
    assert (status, answer["code"]) == (400, 50035)


def test_the_fake_refuses_a_seventh_keyword_rule_and_a_bot_without_manage_server() -> None:
    guild = g.Guild()
    box = AutoModBox(guild)
    parts = RULES.strip("/").split("/")
    assert box.route("GET", parts, None) == (403, {"message": "Missing Permissions",
                                                   "code": 50013})
    guild.bot_perms |= g.MANAGE_GUILD
    for i in range(6):
        box.add(f"own {i}", ["word"])
    status, answer = box.route("POST", parts, body(keywords=1)) or (0, {})
    assert (status, answer["code"]) == (400, 50035)
    assert "trigger_type" in answer["errors"]
