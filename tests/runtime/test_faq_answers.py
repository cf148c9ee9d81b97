"""FAQ answers through the core: a reply, never a case, quiet per channel across a restart,
and not counted as moderation in reports."""

from __future__ import annotations

from datetime import timedelta

from rules.events import Member, Message

from .fakes import FakeClock
from .harness import COMMUNITY, running

RULES = """\
version: 1
name: FAQ
rules:
  - id: how-to-report
    cooldown: {duration: 10m, per: channel}
    match: {words: ["how do i report", "how to report"]}
    actions: [{reply: "{mention}: reply to the message with /report and a reason."}]
"""


def asked(clock: FakeClock, user: str, channel: str) -> Message:
    return Message(id=f"m-{user}-{channel}-{clock().timestamp()}", community=COMMUNITY,
                   at=clock(), user=Member(id=user, name=user), text="how do I report spam?",
                   channel=channel)


async def test_an_answer_is_a_reply_not_a_case_and_stays_quiet_per_channel(tmp_path):
    clock = FakeClock()
    async with running(tmp_path, RULES, clock=clock) as bot:
        await bot.adapter.push(asked(clock, "u1", "help"))
        clock.advance(seconds=30)
        await bot.adapter.push(asked(clock, "u2", "help"))       # same channel: quiet
        await bot.adapter.push(asked(clock, "u2", "general"))    # another channel: answered
        assert await bot.drain()
        assert bot.adapter.kinds() == ["reply", "reply"]
        assert await bot.cases() == []
        await bot.core.insight.flush()
        report = await bot.core.insight.report(COMMUNITY, clock().date(),
                                               clock().date() + timedelta(days=1))
        assert report["messages"] == 3
        assert report.get("moderation", {}).get("moderated_messages", 0) == 0
    clock.advance(minutes=2)
    async with running(tmp_path, RULES, clock=clock) as bot:
        await bot.warm()                                         # the channel's quiet is back
        await bot.adapter.push(asked(clock, "u3", "help"))
        assert await bot.drain()
        assert bot.adapter.kinds() == []
        clock.advance(minutes=10)
        await bot.adapter.push(asked(clock, "u3", "help"))
        assert await bot.drain()
        assert bot.adapter.kinds() == ["reply"]
