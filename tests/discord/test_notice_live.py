"""A sanctioned member is told why (issue 16, "a case's reason is always shown to the
sanctioned member"): through the real discord.py against the fake Discord."""

from __future__ import annotations

from . import guild as g
from .harness import RULES, running

NO_EXEMPT = RULES.replace("exempt:\n  roles: [Moderators]\n", "")


def _dm_texts(bot) -> list[str]:
    dms = {r.path.split("/")[2] for r in bot.fake.calls("POST", "/channels")
           if r.path.split("/")[2] not in {str(g.GENERAL), str(g.MOD_LOG)}}
    return [r.body["content"] for r in bot.fake.calls("POST", "/channels")
            if r.path.split("/")[2] in dms]


async def test_a_banned_member_is_told_before_the_ban_once_the_checks_passed(tmp_path):
    async with running(tmp_path) as bot:
        await bot.post(g.BOB, "claim it at https://scam.example/gift")
        order = [(c.method, c.path) for c in bot.fake.calls(case_log=False)]
        opened = order.index(("POST", "/users/@me/channels"))
        banned = order.index(("PUT", f"/guilds/{g.GUILD}/bans/{g.BOB}"))
        assert opened < banned   # after a ban Discord no longer lets the bot write to Bob
        assert order.index(("DELETE", next(p for m, p in order if m == "DELETE"))) < opened
        (text,) = _dm_texts(bot)
        assert text.startswith("You have been banned from Test server (case #1).")
        assert "Reason: scam link" in text
        assert "Decided automatically by Gardien" in text
        assert "You may appeal within 180 days: send /appeal 1" in text
        (case,) = await bot.cases()
        assert case.status == "done"


async def test_a_timed_out_member_is_told_after_the_timeout(tmp_path):
    async with running(tmp_path) as bot:
        await bot.post(g.BOB, "you moron")
        await bot.post(g.BOB, "you idiot")      # two points: the escalation's timeout
        order = [(c.method, c.path) for c in bot.fake.calls(case_log=False)]
        patched = order.index(("PATCH", f"/guilds/{g.GUILD}/members/{g.BOB}"))
        assert order.index(("POST", "/users/@me/channels")) > patched
        (text,) = _dm_texts(bot)
        timeout = next(c for c in await bot.cases() if c.action == "timeout")
        assert text.startswith(f"You have been timed out in Test server until "
                               f"{timeout.expires_at:%Y-%m-%d %H:%M} UTC (case #{timeout.number}).")


async def test_a_sanction_discord_would_refuse_tells_no_one(tmp_path):
    async with running(tmp_path, NO_EXEMPT) as bot:
        await bot.post(g.MOD, "claim it at https://scam.example/gift")   # above the bot
        assert bot.fake.calls("POST", "/users/@me/channels") == []
        (case,) = await bot.cases()
        assert case.status == "failed"


async def test_closed_direct_messages_do_not_spare_the_ban(tmp_path):
    async with running(tmp_path) as bot:
        await bot.post(g.CLOSED, "claim it at https://scam.example/gift")
        assert len(bot.fake.calls("PUT", f"/guilds/{g.GUILD}/bans/{g.CLOSED}")) == 1
        (case,) = await bot.cases()
        assert (case.status, case.error) == ("done", None)


async def test_a_ban_retried_after_a_429_tells_the_member_once(tmp_path):
    async with running(tmp_path) as bot:
        bot.fake.rate_limit("PUT", f"/guilds/{g.GUILD}/bans/{g.BOB}", 0.2)
        await bot.post(g.BOB, "claim it at https://scam.example/gift")
        assert len(bot.fake.calls("PUT", f"/guilds/{g.GUILD}/bans/{g.BOB}")) >= 2
        assert len(_dm_texts(bot)) == 1
