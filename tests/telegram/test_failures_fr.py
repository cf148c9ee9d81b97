"""A French community's failed case says in French why Telegram refused (quoting Telegram's
own description); an English one keeps the very words it had."""

from __future__ import annotations

import time

from .harness import RULES, telegram_bot, text_message

FRENCH = RULES.replace("locale: en\n", "locale: fr\n")
NO_RIGHTS = "Bad Request: not enough rights to restrict/unrestrict chat member"




async def _refused_timeout(tmp_path, rules: str) -> tuple[str | None, list[str]]:
    """A timeout Telegram refuses for want of rights: the case's error, and the mod log's
    case entries."""
    async with telegram_bot(tmp_path, rules) as bot:
        bot.fake.fail("restrictChatMember", 400, NO_RIGHTS)
        await bot.send(text_message("hushnow", 91))
        (case,) = await bot.cases()
        assert case.status == "failed"
        assert len(bot.fake.made("restrictChatMember")) == 1   # a refusal is not retried
        return case.error, [str(c.params["text"]) for c in bot.fake.case_log()]


async def test_a_refused_timeout_reads_in_french_in_a_french_community(tmp_path):
    error, entries = await _refused_timeout(tmp_path, FRENCH)
    assert error == ("Telegram a refusé : not enough rights to restrict/unrestrict chat "
                     "member")
    [entry] = entries
    assert f"Échec : {error}" in entry


async def test_the_same_refusal_keeps_its_english_words_in_an_english_community(tmp_path):
    error, entries = await _refused_timeout(tmp_path, RULES)
    assert error == "Telegram refused: not enough rights to restrict/unrestrict chat member"
    [entry] = entries
    assert f"Failed: {error}" in entry


async def test_a_check_made_before_the_call_reads_in_french_too(tmp_path):
    async with telegram_bot(tmp_path, FRENCH) as bot:
        old = text_message("you idiot", 95)
        old["message"]["date"] = int(time.time()) - 49 * 3600
        await bot.send(old)
        assert bot.fake.made("deleteMessage") == []
        (case,) = await bot.cases()
        assert (case.status, case.error) == (
            "failed", "Telegram ne laisse les bots supprimer que les messages de moins de "
                      "48 heures")
