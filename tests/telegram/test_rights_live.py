"""Issue 11 on Telegram end to end, through the real CommandCenter: `/ban <the group's own
id>` (or any chat's or channel's id) is refused and nothing reaches the Bot API but the
refusal, while a member's id is still banned; the creator's case keeps its reason (the
adapter reads standings from the chat's administrator list)."""

from __future__ import annotations

import pytest

from catalogue import t

from .commanding import BOB, MOD, OWNER, command, said
from .harness import CHAT, telegram_bot

REFUSAL = t(MOD.get("language_code"), "refuse.target_chat")     # in the moderator's language


def real_center(core):
    return core.commands


@pytest.mark.parametrize("named", [str(CHAT), "-1009876543210"])
async def test_a_chat_id_is_not_a_member_to_ban(tmp_path, named):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        await bot.send(command(f"/ban {named} spam", 401, MOD))
        assert await bot.cases() == []
        assert bot.fake.made("banChatMember") == []
        assert bot.fake.made("banChatSenderChat") == []
        texts = [c.params["text"] for c in bot.fake.made("sendMessage")]
        assert REFUSAL in texts


async def test_a_members_id_is_still_banned(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        await bot.send(command("/ban 5551001 spam", 402, MOD))
        [case] = await bot.cases()
        assert (case.action, case.user, case.status) == ("ban", "5551001", "done")
        [ban] = bot.fake.made("banChatMember")
        assert ban.params["user_id"] == 5551001


async def test_an_administrator_cannot_amend_the_creators_case(tmp_path):
    async with telegram_bot(tmp_path, center=real_center) as bot:
        await bot.send({"message": said(BOB, "hi", 410)})
        await bot.send(command("/ban @bobm raid leader", 411, OWNER))
        [case] = await bot.cases()
        assert case.moderator == str(OWNER["id"])
        await bot.send(command(f"/reason {case.number} nothing really", 412, MOD))
        texts = [c.params["text"] for c in bot.fake.made("sendMessage")]
        assert t("fr", "reason.owner_case", number=case.number) in texts
        assert (await bot.store.case(case.community, case.number)).reason == "raid leader"
        await bot.send(command(f"/reason {case.number} raid organiser", 413, OWNER))
        assert (await bot.store.case(case.community, case.number)).reason == "raid organiser"
