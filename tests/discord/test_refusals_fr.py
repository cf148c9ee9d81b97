"""A French community's failed case says in French why Discord refused; an English one
keeps the very words it had."""

from __future__ import annotations

from . import guild as g
from .harness import RULES, running

FRENCH = RULES.replace("name: Discord tests\n", "name: Discord tests\nlocale: fr\n")

ENGLISH_403 = ("cannot ban the member: the bot lacks the permission for this (or the member "
               "is above the bot) (Discord error 50013, HTTP 403)")
FRENCH_403 = ("impossible de bannir le membre : le bot n'a pas la permission de le faire (ou "
              "le membre est au-dessus du bot) (erreur Discord 50013, HTTP 403)")


async def _refused_ban(tmp_path, rules: str) -> tuple[str | None, list[str]]:
    """A scam link whose ban Discord refuses (403, 50013): the case's error, and the mod
    log's case entries."""
    async with running(tmp_path, rules) as bot:
        bot.fake.refuse("PUT", f"/guilds/{g.GUILD}/bans/{g.BOB}")
        await bot.post(g.BOB, "claim it at https://scam.example/gift")
        assert len(bot.fake.calls("PUT")) == 1
        [case] = await bot.cases()
        assert case.status == "failed"
        return case.error, [str(r.body["content"]) for r in bot.fake.case_log()]


async def test_a_refused_ban_reads_in_french_in_a_french_community(tmp_path):
    error, entries = await _refused_ban(tmp_path, FRENCH)
    assert error == FRENCH_403
    [entry] = entries
    assert f"Échec : {FRENCH_403}" in entry


async def test_the_same_refusal_keeps_its_english_words_in_an_english_community(tmp_path):
    error, entries = await _refused_ban(tmp_path, RULES)
    assert error == ENGLISH_403
    [entry] = entries
    assert f"Failed: {ENGLISH_403}" in entry


async def test_a_check_made_before_the_call_reads_in_french_too(tmp_path):
    guild = g.Guild()
    guild.bot_perms &= ~g.BAN

    async with running(tmp_path, FRENCH, guild=guild) as bot:
        await bot.post(g.BOB, "claim it at https://scam.example/gift")
        assert bot.fake.calls("PUT") == []
        [case] = await bot.cases()
        assert (case.status, case.error) == (
            "failed", "il manque au bot la permission « Bannir des membres »")
