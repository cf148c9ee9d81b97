"""Discord AutoMod sync, live: the real discord.py client against the fake Discord, from a
real rule file through the real core to a SQLite case; every request checked against
Discord's spec by the harness."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import adapters.discord.automod as automod_sync
from rules.automod import MARKER

from . import guild as g
from .fake import Recorded
from .harness import Running, running

RULES = """\
version: 1
name: AutoMod tests
log_channel: mod-log
automod: {sync: true}
exempt:
  roles: [Moderators]
  channels: ['#mod-log']
rules:
  - id: no-insults
    match: {words: {add: [moron, idiot], allow: [idiotic]}}
    actions: [delete, {reply: "Mind your words."}]
  - id: slurs
    match: {words: [slur]}
    actions: [delete, {timeout: {duration: 1h, reason: hateful words}}, {alert: "{user}"}]
  - id: warned
    match: {words: [psst]}
    actions: [delete, {warn: {points: 1, reason: whisper}}]
"""

AUTOMOD = f"/guilds/{g.GUILD}/auto-moderation/rules"


@pytest.fixture(autouse=True)
def quick_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look at the rule files every 50 ms rather than every 2 s."""
    monkeypatch.setattr(automod_sync, "SYNC_EVERY", 0.05)


def managed() -> g.Guild:
    guild = g.Guild()
    guild.bot_perms |= g.MANAGE_GUILD
    return guild


def automod_calls(bot: Running, method: str | None = None) -> list[Recorded]:
    return bot.fake.calls(method, AUTOMOD)


def writes(bot: Running) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in automod_calls(bot) if r.method != "GET"]


def by_name(bot: Running) -> dict[str, dict[str, Any]]:
    return {rule["name"]: rule for rule in bot.fake.automod.gardiens()}


def mod_log(bot: Running) -> list[str]:
    return [str(r.body.get("content")) for r in bot.fake.calls("POST", f"/channels/{g.MOD_LOG}/")
            if isinstance(r.body, dict)]


async def synced(bot: Running, count: int) -> None:
    await bot.until(lambda: len(by_name(bot)) == count and any(
        "AutoMod sync" in text for text in mod_log(bot)), f"{count} Gardien AutoMod rules")


async def test_the_rule_file_becomes_native_keyword_rules_beside_a_moderators_own(
        tmp_path: Path) -> None:
    guild = managed()
    async with running(tmp_path, RULES, guild=guild) as bot:
        own = bot.fake.automod.add("Spam words", ["buy now"])   # before any sync: the
        await synced(bot, 2)                                     # first one sees it
        rules = by_name(bot)
        insults, slurs = rules[f"{MARKER} no-insults"], rules[f"{MARKER} slurs"]
        assert insults["trigger_metadata"]["keyword_filter"] == ["moron", "idiot"]
        assert insults["trigger_metadata"]["allow_list"] == ["idiotic"]
        assert insults["exempt_roles"] == [str(g.ROLE_MODS)]
        assert insults["exempt_channels"] == [str(g.MOD_LOG)]
        assert insults["actions"] == [{"type": 1, "metadata": {}}]   # no reason: Discord's
        assert insults["enabled"] is True and insults["event_type"] == 1
        assert slurs["actions"] == [
            {"type": 1, "metadata": {"custom_message": "hateful words"}},
            {"type": 2, "metadata": {"channel_id": str(g.MOD_LOG)}},
            {"type": 3, "metadata": {"duration_seconds": 3600}}]
        assert bot.fake.automod.rules[int(own["id"])] == own       # untouched
        summary = next(text for text in mod_log(bot) if "AutoMod sync" in text)
        assert summary.splitlines() == [
            "AutoMod sync: 2 rules created, 0 updated, 0 removed.",
            "Kept by Gardien alone (1): warned (AutoMod would lose a sanction or a "
            "condition of theirs)."]
        assert all("psst" not in r["trigger_metadata"]["keyword_filter"]
                   for r in rules.values())                          # a warn stays Gardien's


async def test_a_second_sync_sends_nothing_and_a_forced_one_only_reads(
        tmp_path: Path) -> None:
    async with running(tmp_path, RULES, guild=managed()) as bot:
        await synced(bot, 2)
        before = len(bot.fake.requests)
        sync = bot.adapter.automod
        assert sync is not None and bot.adapter.client is not None
        server = bot.adapter.client.get_guild(g.GUILD)
        assert server is not None
        assert await sync.sync(server) is None
        assert len(bot.fake.requests) == before
        outcome = await sync.sync(server, force=True)
        assert outcome is not None and not outcome.wrote
        assert [(r.method, r.path) for r in bot.fake.requests[before:]] == [("GET", AUTOMOD)]


async def test_a_changed_file_edits_and_removes_exactly_gardiens_rules(tmp_path: Path) -> None:
    async with running(tmp_path, RULES, guild=managed()) as bot:
        own = bot.fake.automod.add("Spam words", ["buy now"])
        await synced(bot, 2)
        ids = {name: rule["id"] for name, rule in by_name(bot).items()}
        start = len(bot.fake.requests)
        changed = RULES.replace("add: [moron, idiot]", "add: [moron, idiot, dimwit]").replace(
            "  - id: slurs\n    match: {words: [slur]}\n    actions: [delete, {timeout: "
            "{duration: 1h, reason: hateful words}}, {alert: \"{user}\"}]\n", "")
        (tmp_path / "rules.yaml").write_text(changed, encoding="utf-8")
        await bot.rulebook.reload(force=True)                    # type: ignore[union-attr]
        await bot.until(lambda: len(by_name(bot)) == 1, "the removed rule to go")
        await bot.until(lambda: any("1 updated, 1 removed" in text for text in mod_log(bot)),
                        "the second sync's summary")
        done = [(r.method, r.path) for r in bot.fake.requests[start:] if "auto-moderation" in
                r.path and r.method != "GET"]
        assert sorted(done) == [("DELETE", f"{AUTOMOD}/{ids[f'{MARKER} slurs']}"),
                                ("PATCH", f"{AUTOMOD}/{ids[f'{MARKER} no-insults']}")]
        assert by_name(bot)[f"{MARKER} no-insults"]["trigger_metadata"]["keyword_filter"] == [
            "moron", "idiot", "dimwit"]
        assert bot.fake.automod.rules[int(own["id"])] == own


async def test_sync_false_removes_gardiens_rules_only(tmp_path: Path) -> None:
    async with running(tmp_path, RULES, guild=managed()) as bot:
        own = bot.fake.automod.add("Spam words", ["buy now"])
        await synced(bot, 2)
        (tmp_path / "rules.yaml").write_text(
            RULES.replace("automod: {sync: true}", "automod: {sync: false}"), encoding="utf-8")
        await bot.rulebook.reload(force=True)                    # type: ignore[union-attr]
        await bot.until(lambda: by_name(bot) == {}, "Gardien's rules to go")
        assert list(bot.fake.automod.rules) == [int(own["id"])]


async def test_without_manage_server_nothing_is_sent_and_the_mod_log_is_told(
        tmp_path: Path) -> None:
    async with running(tmp_path, RULES) as bot:   # the fake's bot lacks Manage Server
        await bot.until(lambda: any("Manage Server" in text for text in mod_log(bot)),
                        "the refusal in the mod log")
        assert automod_calls(bot) == []
        assert bot.fake.automod.rules == {}
        assert len([t for t in mod_log(bot) if "Manage Server" in t]) == 1   # told once


async def test_a_rule_discord_refuses_is_told_and_the_others_still_go_through(
        tmp_path: Path) -> None:
    guild = managed()
    async with running(tmp_path, RULES, guild=guild, check_spec=True) as bot:
        bot.fake.respond("POST", AUTOMOD, 400, {"message": "Invalid Form Body", "code": 50035,
                                                "errors": {}}, times=1)
        await bot.until(lambda: any("AutoMod refused" in text for text in mod_log(bot)),
                        "the refusal in the mod log")
        assert len(by_name(bot)) == 1
        assert any("1 rules created" in text and "50035" in text for text in mod_log(bot))


async def test_an_automod_block_becomes_a_case_under_its_gardien_rule(tmp_path: Path) -> None:
    async with running(tmp_path, RULES, guild=managed()) as bot:
        own = bot.fake.automod.add("Spam words", ["buy now"])
        await synced(bot, 2)
        rules = by_name(bot)
        insults, slurs = int(rules[f"{MARKER} no-insults"]["id"]), int(
            rules[f"{MARKER} slurs"]["id"])
        box = bot.fake.automod
        await bot.fake.dispatch("AUTO_MODERATION_ACTION_EXECUTION", box.execution(
            insults, g.ALICE, "idiot", content="you idiot"))
        await bot.fake.dispatch("AUTO_MODERATION_ACTION_EXECUTION", box.execution(
            slurs, g.BOB, "slur", action=2, metadata={"channel_id": str(g.MOD_LOG)}))
        await bot.fake.dispatch("AUTO_MODERATION_ACTION_EXECUTION", box.execution(
            slurs, g.BOB, "slur", action=3, metadata={"duration_seconds": 3600}))
        await bot.fake.dispatch("AUTO_MODERATION_ACTION_EXECUTION", box.execution(
            int(own["id"]), g.ALICE, "buy now"))
        await bot.until(lambda: len(bot.events) >= 2, "AutoMod's cases to reach the core")
        assert await bot.core.drain(timeout=5.0)
        cases = await bot.cases()
        assert [(c.user, c.action, c.rule, c.moderator, c.status) for c in cases] == [
            (str(g.ALICE), "delete", "no-insults", "automod", "done"),
            (str(g.BOB), "timeout", "slurs", "automod", "done")]
        timeout = cases[1]
        assert timeout.expires_at is not None and timeout.created_at is not None
        assert (timeout.expires_at - timeout.created_at).total_seconds() == 3600
        assert bot.fake.calls("DELETE", "/channels/") == []     # AutoMod blocked it already
        assert bot.fake.calls("PATCH", f"/guilds/{g.GUILD}/members/") == []


async def test_a_server_whose_rules_cannot_be_listed_is_told_and_left_as_it_is(
        tmp_path: Path) -> None:
    async with running(tmp_path, RULES.replace("exempt:\n", "exempt:\n  users: ['42']\n"),
                       guild=managed()) as bot:
        bot.fake.refuse("GET", AUTOMOD, code=50001, message="Missing Access")
        await bot.until(lambda: any("refused to list" in text for text in mod_log(bot)),
                        "the refusal in the mod log")
        assert writes(bot) == [] and bot.fake.automod.rules == {}
        bot.fake.forget("GET", AUTOMOD)
        sync = bot.adapter.automod
        server = bot.adapter.client.get_guild(g.GUILD) if bot.adapter.client else None
        assert sync is not None and server is not None
        outcome = await sync.sync(server, force=True)
        assert outcome is not None and outcome.created == 2
        assert any("the 1 the file exempts" in text for text in mod_log(bot))
