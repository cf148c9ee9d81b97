"""The crisis slow mode on Discord end to end: real discord.py against the fake Discord,
called through the core's `Platforms` (retries, worded refusals) as the crisis alarm does.

A channel's slow mode is read, set, and put back exactly as it was (5 s stays 5 s, none
stays none); each set is one PATCH whose body is only `rate_limit_per_user`; refusals
(a missing permission, a 403, an unknown channel, a channel type without slow mode) are
worded in English and French, and 429s are retried."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import pytest

from bot.errors import Forbidden, Invalid, NotFound
from bot.platforms import Attempt

from . import guild as g
from .arrivals import COMMUNITY
from .harness import running

MANAGE_CHANNELS, MANAGE_THREADS = 1 << 4, 1 << 34
CONNECT = 1 << 20    # without it Discord denies managing a voice channel (discord.py too)
VOICE, STAGE, NEWS, CATEGORY, FORUM = (g.snowflake(datetime(2023, 2, d, tzinfo=UTC))
                                       for d in range(2, 7))
THREAD, UNLISTED = (g.snowflake(datetime(2023, 3, d, tzinfo=UTC)) for d in (2, 3))
REASON = "crisis #3: negative messages"


def server(rights: int = MANAGE_CHANNELS | MANAGE_THREADS | CONNECT) -> g.Guild:
    """The test server with #general at 5 s of slow mode, #mod-log at none, one channel
    of each other type, a thread in the gateway's cache and one the cache lacks."""
    guild = g.Guild()
    guild.bot_perms |= rights
    guild.slowmodes = {g.GENERAL: 5, THREAD: 10, UNLISTED: 2}
    guild.typed_channels = [(VOICE, "lounge", 2), (STAGE, "stage", 13), (NEWS, "news", 5),
                            (CATEGORY, "Text", 4), (FORUM, "help", 15)]
    guild.threads = [(THREAD, "hot-topic", g.GENERAL)]
    guild.unlisted_threads = [(UNLISTED, "old-topic", g.GENERAL)]
    return guild


def patches(bot, channel: int) -> list:
    return bot.fake.calls("PATCH", f"/channels/{channel}")


def cached(bot, channel: int) -> int:
    return bot.adapter.client.get_guild(g.GUILD).get_channel_or_thread(channel).slowmode_delay


def worded(bot, attempt: Attempt) -> tuple[str | None, str | None]:
    platforms = bot.core.platforms
    return platforms.reason(attempt, "en"), platforms.reason(attempt, "fr")


async def test_a_crisis_reads_sets_and_puts_back_exactly_what_each_channel_had(tmp_path):
    guild = server()
    async with running(tmp_path, guild=guild) as bot:
        platforms = bot.core.platforms
        for channel, had in ((g.GENERAL, 5), (g.MOD_LOG, 0), (VOICE, 0), (STAGE, 0),
                             (THREAD, 10)):
            assert await platforms.slowmode(COMMUNITY, str(channel)) == (had, Attempt())
            assert await platforms.set_slowmode(COMMUNITY, str(channel), 30, REASON) == (
                Attempt())
            [edit] = patches(bot, channel)
            assert edit.body == {"rate_limit_per_user": 30}       # nothing else changes
            assert edit.headers["X-Audit-Log-Reason"] == quote(REASON, safe="/ ")
            assert guild.slowmodes[channel] == 30
            await bot.until(lambda c=channel: cached(bot, c) == 30, "the channel update")
            assert await platforms.slowmode(COMMUNITY, str(channel)) == (30, Attempt())

            assert await platforms.set_slowmode(COMMUNITY, str(channel), had,
                                                f"end of {REASON}") == Attempt()
            assert patches(bot, channel)[-1].body == {"rate_limit_per_user": had}
            assert guild.slowmodes[channel] == had
            await bot.until(lambda c=channel, h=had: cached(bot, c) == h, "the restore")
            assert await platforms.slowmode(COMMUNITY, str(channel)) == (had, Attempt())
        # cached channels are read from the cache: no GET went out
        assert bot.fake.calls("GET", "/channels/") == []


async def test_a_channel_named_or_missing_from_the_cache_is_found(tmp_path):
    guild = server()
    async with running(tmp_path, guild=guild) as bot:
        platforms = bot.core.platforms
        assert await platforms.slowmode(COMMUNITY, "#general") == (5, Attempt())
        assert await platforms.set_slowmode(COMMUNITY, "general", 60, REASON) == Attempt()
        assert [p.body for p in patches(bot, g.GENERAL)] == [{"rate_limit_per_user": 60}]
        # a thread the gateway did not send: fetched, then edited
        assert await platforms.slowmode(COMMUNITY, str(UNLISTED)) == (2, Attempt())
        assert [r.path for r in bot.fake.calls("GET", "/channels/")] == [f"/channels/{UNLISTED}"]
        assert await platforms.set_slowmode(COMMUNITY, str(UNLISTED), 0, REASON) == Attempt()
        assert [p.body for p in patches(bot, UNLISTED)] == [{"rate_limit_per_user": 0}]
        assert guild.slowmodes[UNLISTED] == 0


async def test_an_unknown_channel_is_not_found(tmp_path):
    async with running(tmp_path, guild=server()) as bot:
        with pytest.raises(NotFound, match=r"the channel no longer exists .*10003"):
            await bot.adapter.slowmode(COMMUNITY, "123456789012345678")
        with pytest.raises(NotFound, match="no channel 'nowhere' in the server"):
            await bot.adapter.set_slowmode(COMMUNITY, "nowhere", 30, REASON)
        found, attempt = await bot.core.platforms.slowmode(COMMUNITY, "123456789012345678")
        assert found is None and not attempt.ok
        assert worded(bot, attempt) == (
            "cannot read the channel 123456789012345678: the channel no longer exists "
            "(Discord error 10003, HTTP 404)",
            "impossible de lire le salon 123456789012345678 : le salon n'existe plus "
            "(erreur Discord 10003, HTTP 404)")
        assert bot.fake.calls("PATCH") == []


@pytest.mark.parametrize(("channel", "english", "french"), [
    (NEWS, "#news to 30 s: Discord has no slow mode for messages in an announcement channel",
     "#news à 30 s : Discord n'a pas de mode lent pour les messages dans un salon d'annonces"),
    (CATEGORY, "#Text to 30 s: Discord has no slow mode for messages in a category",
     "#Text à 30 s : Discord n'a pas de mode lent pour les messages dans une catégorie"),
    (FORUM, "#help to 30 s: Discord has no slow mode for messages in a forum (each of its "
     "posts is a thread with its own)", "#help à 30 s : Discord n'a pas de mode lent pour "
     "les messages dans un forum (chacune de ses publications est un fil qui a le sien)"),
], ids=["announcement", "category", "forum"])
async def test_a_channel_without_slow_mode_is_refused_saying_what_it_is(tmp_path, channel,
                                                                        english, french):
    async with running(tmp_path, guild=server()) as bot:
        with pytest.raises(Invalid):
            await bot.adapter.slowmode(COMMUNITY, str(channel))
        attempt = await bot.core.platforms.set_slowmode(COMMUNITY, str(channel), 30, REASON)
        assert worded(bot, attempt) == (f"cannot set the slow mode of {english}",
                                        f"impossible de régler le mode lent de {french}")
        assert bot.fake.calls("PATCH") == []


async def test_without_manage_channels_nothing_is_sent_and_the_refusal_says_so(tmp_path):
    async with running(tmp_path, guild=server(rights=MANAGE_CHANNELS)) as bot:
        platforms = bot.core.platforms
        assert await platforms.slowmode(COMMUNITY, str(g.GENERAL)) == (5, Attempt())  # reads
        assert await platforms.set_slowmode(COMMUNITY, str(g.GENERAL), 30, REASON) == (
            Attempt())
        # a thread's edit takes Manage Threads, which this bot lacks
        attempt = await platforms.set_slowmode(COMMUNITY, str(THREAD), 30, REASON)
        assert worded(bot, attempt) == (
            "the bot lacks the Manage Threads permission in #hot-topic",
            "il manque au bot la permission « Gérer les fils » dans #hot-topic")
        assert patches(bot, THREAD) == []
    async with running(tmp_path, guild=server(rights=0)) as bot:
        attempt = await bot.core.platforms.set_slowmode(COMMUNITY, str(g.GENERAL), 30, REASON)
        assert worded(bot, attempt) == (
            "the bot lacks the Manage Channels permission in #general",
            "il manque au bot la permission « Gérer les salons » dans #general")
        assert bot.fake.calls("PATCH") == []
        with pytest.raises(Forbidden):
            await bot.adapter.set_slowmode(COMMUNITY, str(g.GENERAL), 0, REASON)


async def test_a_403_from_discord_is_a_worded_refusal_tried_once(tmp_path):
    guild = server()
    async with running(tmp_path, guild=guild) as bot:
        bot.fake.refuse("PATCH", f"/channels/{g.GENERAL}")   # 403, Missing Permissions
        attempt = await bot.core.platforms.set_slowmode(COMMUNITY, str(g.GENERAL), 30, REASON)
        assert not attempt.ok
        assert worded(bot, attempt) == (
            "cannot set the slow mode of #general to 30 s: the bot lacks the permission for "
            "this (or the member is above the bot) (Discord error 50013, HTTP 403)",
            "impossible de régler le mode lent de #general à 30 s : le bot n'a pas la "
            "permission de le faire (ou le membre est au-dessus du bot) (erreur Discord "
            "50013, HTTP 403)")
        assert len(patches(bot, g.GENERAL)) == 1
        assert guild.slowmodes[g.GENERAL] == 5
        # lifting words it as a lift
        bot.fake.refuse("PATCH", f"/channels/{g.GENERAL}")
        attempt = await bot.core.platforms.set_slowmode(COMMUNITY, str(g.GENERAL), 0, REASON)
        assert (attempt.error or "").startswith("cannot lift the slow mode of #general: ")


async def test_a_slow_mode_beyond_discords_limit_is_refused_before_any_call(tmp_path):
    async with running(tmp_path, guild=server()) as bot:
        attempt = await bot.core.platforms.set_slowmode(COMMUNITY, str(g.GENERAL), 21601,
                                                        REASON)
        assert worded(bot, attempt) == (
            "a slow mode of 21601 s for #general is outside Discord's 0 to 21600 s",
            "un mode lent de 21601 s pour #general sort des limites de Discord (0 à 21600 s)")
        assert bot.fake.calls("PATCH") == []


async def test_a_429_is_waited_out_and_the_slow_mode_set(tmp_path):
    guild = server()
    async with running(tmp_path, guild=guild) as bot:
        path = f"/channels/{g.GENERAL}"
        bot.fake.rate_limit("PATCH", path, retry_after=0.4)   # Discord's: discord.py waits
        assert await bot.core.platforms.set_slowmode(COMMUNITY, str(g.GENERAL), 30,
                                                     REASON) == Attempt()
        first, second = patches(bot, g.GENERAL)
        assert (first.status, second.status) == (429, 200)
        assert second.at - first.at >= 0.39
        assert second.body == {"rate_limit_per_user": 30} and guild.slowmodes[g.GENERAL] == 30


async def test_a_429_discord_py_gives_up_on_is_retried_by_the_core(tmp_path):
    guild = server()
    async with running(tmp_path, guild=guild) as bot:
        waits: list[float] = []

        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        bot.core.platforms.sleep = sleep
        # a 429 without Discord's headers (a proxy's): discord.py raises, the core waits
        bot.fake.respond("PATCH", f"/channels/{g.GENERAL}", 429,
                         {"message": "Too many requests", "code": 0})
        assert await bot.core.platforms.set_slowmode(COMMUNITY, str(g.GENERAL), 30,
                                                     REASON) == Attempt()
        assert [p.status for p in patches(bot, g.GENERAL)] == [429, 200]
        assert waits == [5.0]
        assert guild.slowmodes[g.GENERAL] == 30
