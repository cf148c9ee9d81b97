"""The stored payload samples go through the real discord.py, and the fake keeps their shape."""

from __future__ import annotations

import json
from pathlib import Path

from rules.events import Join

from . import guild as g
from .harness import running

PAYLOADS = Path(__file__).with_name("payloads")


def sample(name: str) -> dict:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


def test_the_fake_builds_payloads_of_the_stored_shape():
    built = {
        "ready": g.ready("s", "ws://x", [0, 1], g.GUILD),
        "guild_create": g.Guild().create(),
        "message_create": g.Guild().message(g.ALICE, "x"),
        "guild_member_add": {**g.member(g.NEWBIE, []), "guild_id": "1"},
    }
    for name, payload in built.items():
        assert set(payload) == set(sample(name)), name
    assert set(g.Guild().create()["members"][0]) == set(sample("guild_create")["members"][0])


async def test_stored_samples_are_translated_through_discord_py(tmp_path):
    async with running(tmp_path) as bot:
        message = sample("message_create")
        await bot.push("MESSAGE_CREATE", message, message["id"])
        got = bot.events[-1]
        assert got.text == f"hi <@{g.BOB}>" and got.mentions == (str(g.BOB),)
        assert [(a.filename, a.size) for a in got.attachments] == [("notes.pdf", 1200)]
        update = sample("message_update")
        await bot.push("MESSAGE_UPDATE", update, update["id"], edited=True)
        await bot.fake.dispatch("GUILD_MEMBER_ADD", sample("guild_member_add"))
        await bot.until(lambda: isinstance(bot.events[-1], Join), "the join")
        assert bot.events[-1].user.joined_at == g.JOINED
