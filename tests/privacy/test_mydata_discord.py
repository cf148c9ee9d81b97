"""`/mydata` on Discord through the real discord.py, the adapter and the real command
center against the fake API: an ephemeral answer with the member's export attached as a
JSON file; the second within the hour is refused."""

from __future__ import annotations

import json

from tests.discord import guild as g
from tests.discord import interactions as ix
from tests.discord.commanding import interact
from tests.discord.harness import running

RULES = """\
version: 1
name: Data
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""


async def test_mydata_answers_ephemerally_with_the_json_file(tmp_path):
    async with running(tmp_path, RULES, center=lambda bot: bot.core.commands) as bot:
        await interact(bot, ix.command(bot.fake, "warn", {"member": g.ALICE,
                                                          "reason": "too loud"}))
        (case,) = await bot.cases()
        callback, answer = await interact(bot, ix.command(bot.fake, "mydata", user=g.ALICE))
        assert callback.body == {"type": 5, "data": {"flags": 64}}   # ephemeral
        assert answer.method == "PATCH" and answer.path.endswith("/messages/@original")
        [(name, data)] = answer.files.items()
        assert name.startswith("gardien-mydata-") and name.endswith(".json")
        found = json.loads(data)
        assert found["user"] == str(g.ALICE)
        cases = found["communities"][case.community]["cases"]
        assert [(c["number"], c["reason"], c["user"]) for c in cases] == [
            (case.number, "too loud", str(g.ALICE))]
        assert "everything Gardien holds about you" in answer.body["content"]

        _, again = await interact(bot, ix.command(bot.fake, "mydata", user=g.ALICE))
        assert "once an hour" in again.body["content"] and not again.files
        _, theirs = await interact(bot, ix.command(bot.fake, "mydata", user=g.BOB))
        [(_, bob)] = theirs.files.items()
        assert json.loads(bob)["communities"] == {}              # nothing of Alice's
