"""`/stats` on Discord through the real discord.py, the adapter, the real command center and
live counts: an ephemeral answer carrying the chart as an attachment."""

from __future__ import annotations

from . import guild as g
from . import interactions as ix
from .commanding import interact
from .harness import running

RULES = """\
version: 1
name: Stats
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
PNG = b"\x89PNG\r\n\x1a\n"


async def test_stats_answers_with_the_summary_and_the_chart_attached(tmp_path):
    async with running(tmp_path, RULES, center=lambda bot: bot.core.commands) as bot:
        for n in range(3):
            message = bot.fake.guild.message(g.ALICE if n % 2 else g.BOB, f"hello {n}")
            await bot.fake.dispatch("MESSAGE_CREATE", message)
        await bot.until(lambda: len(bot.events) >= 3,
                        "three messages seen")
        callback, answer = await interact(bot, ix.command(bot.fake, "stats",
                                                          {"period": "7d"}))
        assert callback.body == {"type": 5, "data": {"flags": 64}}   # ephemeral
        assert answer.method == "PATCH" and answer.path.endswith("/messages/@original")
        [(name, data)] = answer.files.items()
        assert name.endswith(".png") and data.startswith(PNG)
        assert "3" in answer.body["content"] and "2 active members" in answer.body["content"]
