"""`mydata`: any member gets their own export (FORMATS.md, "Privacy") as a JSON file,
privately: Discord, an ephemeral answer with the file; Telegram, the file in a private
chat with the bot (in a group, only a word that it was sent, or how to start the bot).

From a Telegram private chat the community is the platform (`telegram:`): the export then
holds every Telegram community the bot knows the member from. At most once per member
and community per hour (a cooldown in the store, so a restart does not reset it): an
export reads every table, and it is not a way to make the bot work for nothing.
"""

from __future__ import annotations

import json
from datetime import timedelta

from bot.command_model import Answer
from bot.commands.context import Context
from bot.posts import Attachment

EVERY = timedelta(hours=1)
COOLDOWN = "command:mydata"   # the cooldown's rule key (never a rule id: ids have no colon)


async def mydata(ctx: Context) -> Answer:
    store = ctx.services.store
    user = ctx.inv.invoker.id
    waiting = [c for c in await store.cooldowns_after(ctx.now)
               if (c.community, c.user, c.rule) == (ctx.community, user, COOLDOWN)]
    if waiting:
        minutes = max(1, -(-int((waiting[0].until - ctx.now).total_seconds()) // 60))
        return ctx.refuse("mydata.rate_limited", minutes=minutes)
    found = await store.member_export(user, ctx.community, now=ctx.now)
    await store.save_cooldown(ctx.community, user, COOLDOWN, ctx.now + EVERY)
    data = json.dumps(found, indent=2, ensure_ascii=False).encode("utf-8")
    day = ctx.now.date().isoformat()
    held = sum(len(rows) for tables in found["communities"].values() for rows in tables.values())
    bot = ctx.inv.bot.name or "the bot"
    return Answer(ctx.say("mydata.done", records=held, size=len(data)),
                  files=(Attachment(f"gardien-mydata-{day}.json", data, "application/json"),),
                  sent_note=ctx.say("mydata.sent_privately"),
                  no_dm_note=ctx.say("mydata.start_first", bot=bot))
