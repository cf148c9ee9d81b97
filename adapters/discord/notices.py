"""A sanctioned member's statement of reasons, sent by direct message.

Discord lets a bot write only to users it shares a server with, so a kick's or a
ban's statement goes out before the sanction, once the outbound checks passed
(bot/cases/notice.py says why and when). A delivery that fails (DMs closed,
the user gone) is logged and never fails the sanction; one that is slow is
given up after `WAIT` seconds so the sanction is not held up. A sanction retried
after a 429 does not tell the member twice.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

import discord
import structlog

from bot.cases.notice import fill_community

log = structlog.get_logger("gardien.discord")

WAIT = 5.0
REMEMBERED = 1000
NO_MENTIONS = discord.AllowedMentions.none()


class Notices:
    def __init__(self) -> None:
        self._told: OrderedDict[tuple[int, int, str], None] = OrderedDict()

    async def tell(self, guild: discord.Guild, member: discord.Member | discord.User | None,
                   notice: str) -> None:
        if not notice or member is None or member.bot:
            return
        key = (guild.id, member.id, notice)
        if key in self._told:
            return
        self._told[key] = None
        while len(self._told) > REMEMBERED:
            self._told.popitem(last=False)
        text = fill_community(notice, guild.name)[:2000]
        try:
            await asyncio.wait_for(member.send(text, allowed_mentions=NO_MENTIONS), WAIT)
        except (discord.DiscordException, OSError, TimeoutError) as error:
            log.info("notice_not_delivered", community=f"discord:{guild.id}", user=member.id,
                     reason=type(error).__name__)
