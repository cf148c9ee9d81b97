"""The watch on Discord through the real discord.py: hits told at once then in a digest, the
crisis alarm's start and end in the mod log, and what the database keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from . import guild as g
from .harness import running

RULES = """\
version: 1
name: Watch
log_channel: mod-log
watch:
  terms: [Acme, "acme cloud"]
crisis: {window: 10m, negative: 4, factor: 2}
rules:
  - id: no-insults
    match: {words: [moron]}
    actions: [delete]
"""
ANGRY = "I hate this, the service is awful and the worst ever"


def posts_to(bot, channel: int) -> list[str]:
    return [r.body["content"] for r in bot.fake.calls("POST", f"/channels/{channel}/messages")]


async def test_a_hit_is_told_at_once_and_the_next_ones_in_one_digest(tmp_path):
    async with running(tmp_path, RULES, digest_window=0.5) as bot:
        first = await bot.post(g.ALICE, "has anyone tried ACME cloud yet?")
        await bot.until(lambda: len(posts_to(bot, g.MOD_LOG)) == 1, "the first hit posted")
        # three more at once (not waiting for the bot in between): held for one digest
        for author, text in ((g.BOB, "acme is down again, awful"),
                             (g.ALICE, "@cme support never answers"),
                             (g.BOB, "nothing to see here")):
            await bot.fake.dispatch("MESSAGE_CREATE", bot.fake.guild.message(author, text))
        await bot.until(lambda: len(bot.events) == 4, "the messages seen")
        await bot.until(lambda: len(posts_to(bot, g.MOD_LOG)) == 2, "the digest posted")
        alone, digest = posts_to(bot, g.MOD_LOG)
        assert "1 message(s)" in alone and "Acme, acme cloud" in alone and "alice" in alone
        link = f"https://discord.com/channels/{g.GUILD}/{g.GENERAL}/{first['id']}"
        assert link in alone and "sentiment" in alone
        assert "2 message(s)" in digest and "bob" in digest and "support never answers" in digest
        hits = await bot.store.watch_hits(f"discord:{g.GUILD}", datetime(2020, 1, 1, tzinfo=UTC),
                                          datetime.now(UTC) + timedelta(days=1))
        assert [h.term for h in hits] == ["Acme", "acme cloud", "Acme", "Acme"]
        assert hits[0].message_id == first["id"] and hits[0].channel == str(g.GENERAL)
        # an edit repeating a term told already is not told again
        await bot.edit(first, "has anyone tried ACME cloud yet? edited")
        assert len(posts_to(bot, g.MOD_LOG)) == 2
        assert not bot.fake.calls("DELETE")   # a watch hit is never a sanction


async def test_a_wave_of_negative_messages_starts_and_ends_a_crisis(tmp_path):
    async with running(tmp_path, RULES) as bot:
        start = datetime.now(UTC)
        for n in range(4):
            await bot.post(g.ALICE if n % 2 else g.BOB, ANGRY,
                           message_id=g.snowflake(start + timedelta(seconds=n)))
        await bot.until(lambda: any("Crisis:" in p for p in posts_to(bot, g.MOD_LOG)),
                        "the crisis alert")
        (alert,) = [p for p in posts_to(bot, g.MOD_LOG) if "Crisis:" in p]
        assert "4 negative messages in the last 10m" in alert
        assert f"https://discord.com/channels/{g.GUILD}/{g.GENERAL}/" in alert
        (crisis,) = await bot.store.open_crises()
        assert crisis.negative == 4 and crisis.community == f"discord:{g.GUILD}"
        # twenty minutes later, a calm message: the window emptied, the crisis is over
        await bot.post(g.ALICE, "good morning everyone",
                       message_id=g.snowflake(start + timedelta(minutes=20)))
        await bot.until(lambda: any("Crisis over" in p for p in posts_to(bot, g.MOD_LOG)),
                        "the closing alert")
        assert await bot.store.open_crises() == []
        (ended,) = await bot.store.crises(f"discord:{g.GUILD}", start - timedelta(minutes=1),
                                          start + timedelta(hours=1))
        assert ended.ended_at is not None and ended.peak == 4


SLOW_RULES = RULES.replace("crisis: {window: 10m, negative: 4, factor: 2}",
                           "crisis: {window: 10m, negative: 4, factor: 2, slowmode: 30s}")


async def test_a_crisis_slows_its_channels_and_puts_back_what_they_had(tmp_path):
    server = g.Guild()
    server.bot_perms |= 1 << 4          # Manage Channels
    server.slowmodes[g.GENERAL] = 5     # the channel had a slow mode of its own
    async with running(tmp_path, SLOW_RULES, guild=server) as bot:
        start = datetime.now(UTC)
        for n in range(4):
            await bot.post(g.ALICE, ANGRY, message_id=g.snowflake(start + timedelta(seconds=n)))
        await bot.until(lambda: any("Crisis:" in p for p in posts_to(bot, g.MOD_LOG)),
                        "the crisis alert")
        await bot.until(lambda: server.slowmodes.get(g.GENERAL) == 30, "the slow mode set")
        (alert,) = [p for p in posts_to(bot, g.MOD_LOG) if "Crisis:" in p]
        assert "Slow mode of 30 s set in 1 channel(s)" in alert
        (crisis,) = await bot.store.open_crises()
        assert crisis.slowmode == {str(g.GENERAL): 5} and crisis.slowmode_status == "set"
        await bot.post(g.BOB, "good morning everyone",
                       message_id=g.snowflake(start + timedelta(minutes=20)))
        await bot.until(lambda: any("Crisis over" in p for p in posts_to(bot, g.MOD_LOG)),
                        "the closing alert")
        assert server.slowmodes[g.GENERAL] == 5
        bodies = [r.body for r in bot.fake.calls("PATCH", f"/channels/{g.GENERAL}")]
        assert bodies == [{"rate_limit_per_user": 30}, {"rate_limit_per_user": 5}]
        (closing,) = [p for p in posts_to(bot, g.MOD_LOG) if "Crisis over" in p]
        assert "Slow mode restored in 1 channel(s)" in closing
        (ended,) = await bot.store.crises(f"discord:{g.GUILD}", start - timedelta(minutes=1),
                                          start + timedelta(hours=1))
        assert ended.slowmode_status == "restored"
