"""Ownership: which communities a process acts for, from its config (bot/ownership.py),
and `platforms.discord.shards` as the config file reads it (bot/config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
from bot.ownership import EVERYTHING, Ownership
from bot.settings import Shards

API_GUILD = 81384788765712384       # Discord API's server: shard 0 of 2, 2 of 4
ODD_GUILD = 267624335836053506      # shard 1 of 2, 3 of 4


def test_the_shard_is_discords_formula_on_real_snowflakes():
    assert Shards(2, (0,)).of(API_GUILD) == (API_GUILD >> 22) % 2 == 0
    assert Shards(4, (0,)).of(API_GUILD) == (API_GUILD >> 22) % 4 == 2
    assert Shards(2, (0,)).of(ODD_GUILD) == 1
    assert Shards(4, (0,)).of(ODD_GUILD) == 3
    assert Shards(1, (0,)).of(ODD_GUILD) == 0


def test_complementary_shards_split_the_guilds_without_overlap():
    first = Ownership(frozenset({"discord"}), Shards(4, (0, 2)))
    second = Ownership(frozenset({"discord"}), Shards(4, (1, 3)))
    guilds = [API_GUILD, ODD_GUILD, *(API_GUILD + (n << 22) for n in range(1, 40))]
    for guild in guilds:
        community = f"discord:{guild}"
        assert first.owns(community) != second.owns(community), guild
    assert first.owns(f"discord:{API_GUILD}") and second.owns(f"discord:{ODD_GUILD}")


def test_a_community_that_is_not_a_guild_id_belongs_to_no_shard():
    sharded = Ownership(frozenset({"discord"}), Shards(2, (0, 1)))
    assert not sharded.owns("discord:")
    assert not sharded.owns("discord:not-a-number")
    assert not sharded.owns("discord:\u00b2")   # a digit to str.isdigit, not to int()


def test_platforms_not_run_here_are_another_process_s():
    discord_only = Ownership(frozenset({"discord"}), None)
    assert discord_only.owns(f"discord:{ODD_GUILD}")
    assert not discord_only.owns("telegram:-100123")
    assert not discord_only.owns("console:local")
    assert EVERYTHING.everything and EVERYTHING.owns("anything:1")
    assert not discord_only.everything


def test_only_the_process_with_shard_zero_leads():
    assert EVERYTHING.leads
    assert Ownership(frozenset({"discord"}), Shards(4, (2, 0))).leads
    assert not Ownership(frozenset({"discord"}), Shards(4, (1, 3))).leads


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gardien.yaml"
    path.write_text(text, encoding="utf-8")
    return path


DISCORD = "platforms:\n  discord:\n    token: abc.def\n"
TELEGRAM = "  telegram:\n    token: '123:abc'\n"


def test_ownership_of_a_config_with_shards_and_telegram(tmp_path):
    config = load_config(_config(tmp_path, DISCORD + "    shards: {count: 4, ids: [1, 3]}\n"
                                 + TELEGRAM))
    assert config.discord is not None and config.discord.shards == Shards(4, (1, 3))
    owner = Ownership.of(config)
    assert owner.owns(f"discord:{ODD_GUILD}") and not owner.owns(f"discord:{API_GUILD}")
    assert owner.owns("telegram:-100123")        # this process holds the Telegram token
    assert not owner.owns("console:local")       # the console is off when a platform is on
    assert not owner.leads


def test_without_shards_one_process_owns_every_guild(tmp_path):
    config = load_config(_config(tmp_path, DISCORD))
    assert config.discord is not None and config.discord.shards is None
    owner = Ownership.of(config)
    assert owner.owns(f"discord:{API_GUILD}") and owner.owns(f"discord:{ODD_GUILD}")
    assert not owner.owns("telegram:-100123") and owner.leads


def test_the_console_process_owns_the_console(tmp_path):
    owner = Ownership.of(load_config(_config(tmp_path, "log: {level: info}\n")))
    assert owner.owns("console:local") and not owner.owns(f"discord:{API_GUILD}")


@pytest.mark.parametrize(("shards", "line", "message"), [
    ("{count: 0, ids: [0]}", 4, "greater than or equal to 1"),
    ("{count: 4, ids: [0, 4]}", 4, "shard id 4 is out of range: with count 4, ids run "
                                   "from 0 to 3"),
    ("{count: 4, ids: [1, 2, 1]}", 4, "shard id 1 is listed twice"),
    ("{count: 4, ids: []}", 4, "list at least one shard id for this process"),
    ("{count: 4, ids: [-1]}", 4, "greater than or equal to 0"),
    ("{count: 4}", 4, "ids"),
    ("{count: 4, ids: [0], extra: 1}", 4, "extra"),
    ("[0, 1]", 4, "must be a mapping"),
])
def test_bad_shards_are_refused_with_their_position(tmp_path, shards, line, message):
    path = _config(tmp_path, DISCORD + f"    shards: {shards}\n")
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    problems = refused.value.problems
    assert len(problems) == 1, problems
    assert problems[0].line == line and message in problems[0].message, problems[0]


def test_every_bad_shard_id_is_reported_at_once(tmp_path):
    path = _config(tmp_path, DISCORD + "    shards:\n      count: 2\n      ids:\n"
                   "        - 0\n        - 2\n        - 0\n")
    with pytest.raises(ConfigError) as refused:
        load_config(path)
    assert [(p.line, p.message) for p in refused.value.problems] == [
        (8, "shard id 2 is out of range: with count 2, ids run from 0 to 1"),
        (9, "shard id 0 is listed twice")]
