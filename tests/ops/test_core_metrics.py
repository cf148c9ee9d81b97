"""The core's counters through real parts (a SQLite file, the engine, a fake adapter): two
cores in one process count on registries of their own; platform calls are counted per try
with their outcome; readiness takes checks from other parts, bounded by a timeout."""

from __future__ import annotations

import asyncio

from bot.errors import Forbidden, RateLimited
from tests.runtime.harness import running

from .scrape import by_label, samples


async def scraped(bot) -> dict:
    return samples((await bot.core.health.scrape()).decode("utf-8"))


async def test_two_cores_in_one_process_count_apart(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    async with running(tmp_path / "a") as first, running(tmp_path / "b") as second:
        await first.send("you idiot", user="u1")
        await first.send("hello", user="u2")
        await second.send("scam.example now", user="u3")
        one, two = await scraped(first), await scraped(second)
    assert by_label(one, "gardien_events_total", "platform", "type") == {
        ("fake", "message"): 2}
    assert by_label(two, "gardien_events_total", "platform", "type") == {
        ("fake", "message"): 1}
    assert by_label(one, "gardien_rule_matches_total", "rule") == {("no-insults",): 1}
    assert by_label(two, "gardien_rule_matches_total", "rule") == {("no-scams",): 1}
    assert by_label(one, "gardien_cases_total", "action", "status") == {("warn", "done"): 1}
    assert by_label(two, "gardien_cases_total", "action", "status") == {("ban", "done"): 1}
    assert one[("gardien_decision_seconds_count", ())] == 2


async def test_each_try_of_a_platform_call_is_counted_with_its_outcome(tmp_path):
    async with running(tmp_path) as bot:
        bot.adapter.fail("ban", RateLimited("slow down", retry_after=0.0), times=2)
        bot.adapter.fail("delete", Forbidden("missing permission"))
        await bot.send("scam.example here")          # delete refused, ban after two 429s
        found = await scraped(bot)
        [case] = await bot.cases()
    calls = by_label(found, "gardien_platform_calls_total", "platform", "outcome")
    assert calls == {("fake", "rate_limited"): 2, ("fake", "ok"): 1,
                     ("fake", "forbidden"): 1}
    assert case.status == "failed"
    assert by_label(found, "gardien_cases_total", "action", "status") == {
        ("ban", "failed"): 1}


async def test_readiness_takes_other_parts_checks_and_bounds_them(tmp_path):
    async with running(tmp_path) as bot:
        health = bot.core.health
        assert await health.ready() == []
        incidents: list[str] = []

        async def open_incidents() -> str | None:
            return "; ".join(incidents) or None

        async def hangs() -> str | None:
            await asyncio.sleep(60)
            return None

        health.readiness.timeout = 0.2
        health.readiness.add_check("incidents", open_incidents)
        assert await health.ready() == []
        incidents.append("the bot lost Ban Members on discord:1")
        assert await health.ready() == ["the bot lost Ban Members on discord:1"]
        health.readiness.add_check("slow part", hangs)
        assert await health.ready() == ["the bot lost Ban Members on discord:1",
                                        "slow part: no answer within 0.2 s"]
