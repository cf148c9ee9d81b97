"""A lone surrogate (a valid JSON escape a raw client can send) must not make moderation
fail open: the insult before it is still deleted and warned, and the case is stored."""

from __future__ import annotations

from .harness import CHAT, telegram_bot, text_message


async def test_an_insult_followed_by_a_lone_surrogate_is_still_moderated(tmp_path):
    async with telegram_bot(tmp_path) as bot:
        await bot.send(text_message("you idiot \ud800", 21))   # sent as "\\ud800" in JSON
        methods = [c.method for c in bot.fake.actions(case_log=False)]
        assert methods == ["deleteMessage", "sendMessage"]
        assert bot.fake.actions(case_log=False)[0].params == {"chat_id": CHAT, "message_id": 21}
        (case,) = await bot.cases()
        assert (case.action, case.rule, case.status) == ("warn", "no-insults", "done")
        assert case.evidence == "you idiot \ufffd"   # stored as valid text
