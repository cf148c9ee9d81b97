"""Raids: detection on the join that reaches the count, a durable lockdown, paced mass
actions with one case each, one alert at the start and one (a summary) at the end."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.posts import DirectMessage
from rules.actions import Kick, Timeout
from tests.runtime.fakes import FakeClock

from .bench import COMMUNITY, MEMBER, MOD, bench, rules_file

RAID = """\
log_channel: mod-log
welcome:
  message: "Welcome {mention}!"
raid: {joins: 10, within: 30s, lockdown: 15m, action: ACTION}
"""


def raid_rules(action: str = "timeout") -> str:
    return rules_file(RAID.replace("ACTION", action))


def alerts(b, word: str) -> list[str]:
    return [p.text for p in b.adapter.posted("log:mod-log") if word in p.text]


async def test_a_raid_of_500_joins_is_locked_down_paced_and_summarised(tmp_path):
    async with bench(tmp_path, raid_rules()) as b:
        peak = 0

        async def watch(action, target):
            nonlocal peak
            peak = max(peak, len(b.core.background))

        b.adapter.before_execute = watch
        for n in range(500):                       # 500 joins in 5 s of event time
            await b.join(str(1000 + n), drain=False)
            b.clock.advance(seconds=0.01)
            assert b.pipeline.newcomers.pacer.workers() <= 1
        await b.drain()
        pacer = b.pipeline.newcomers.pacer
        # one dispatcher, its jobs in flight (bounded), a mod-log post at most
        assert pacer.peak_in_flight <= pacer.concurrency
        assert peak <= 1 + pacer.concurrency + 1

        assert len(alerts(b, "Raid detected")) == 1
        assert alerts(b, "Raid detected")[0].startswith(
            "Raid detected: 10 joins within 30s. Lockdown until 2026-11-20 10:15 UTC")
        # the nine joins before detection were welcomed; none after
        assert len(b.adapter.posted("welcome:")) == 9
        cases = await b.store.cases()
        assert len(cases) == 500 and len({c.user for c in cases}) == 500
        assert {(c.action, c.rule, c.status) for c in cases} == {("timeout", "raid", "done")}
        timeouts = b.adapter.of_kind("timeout")
        assert len(timeouts) == 500 and all(isinstance(a, Timeout) for a, _ in timeouts)
        assert timeouts[0][0].duration <= timedelta(minutes=15)
        # requests bounded: one action per join, the welcomes before detection, one alert
        assert b.adapter.requests() == 500 + 9 + 1
        # no fixed rate: nothing waited (the platform's limiter paces, and this one is idle)
        assert b.sleep.total == 0
        # the cases were not posted to the mod log one by one
        assert len(b.adapter.posted("log:mod-log")) == 1
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert lockdown.active and lockdown.started_by is None

        b.clock.advance(minutes=15)
        assert await b.timers.fire_due() == 1
        await b.drain()
        [end] = alerts(b, "Lockdown ended")
        assert end.splitlines() == [
            "Lockdown ended at its planned end, after 15m: 500 join(s) during it.",
            "a timeout until the lockdown ends: 500 case(s) (500 done, 0 failed, "
            "0 pending)",
            "Cases #1 to #500 (rule raid).",
        ]
        assert len(b.adapter.posted("log:mod-log")) == 2     # exactly two alerts
        [lockdown] = await b.store.lockdowns(COMMUNITY)
        assert not lockdown.active and lockdown.joins == 500
        assert lockdown.summary["actions"] == {"timeout": {"done": 500}}
        assert (lockdown.summary["first"], lockdown.summary["last"]) == (1, 500)
        # after the lockdown, newcomers are welcomed again and not sanctioned
        await b.join("9999")
        assert len(b.adapter.posted("welcome:")) == 10
        assert len(await b.store.cases()) == 500


async def test_joins_spread_out_do_not_trigger(tmp_path):
    async with bench(tmp_path, raid_rules()) as b:
        for n in range(30):
            await b.join(str(n))
            b.clock.advance(seconds=4)       # 10 joins take 36 s > 30 s
        assert alerts(b, "Raid") == [] and await b.store.cases() == []
        assert len(b.adapter.posted("welcome:")) == 30


async def test_a_restart_during_a_lockdown_keeps_it_until_its_end(tmp_path):
    clock = FakeClock()

    async def first():
        async with bench(tmp_path, raid_rules("kick"), clock=clock) as b:
            for n in range(10):
                await b.join(str(n))
            assert len(b.adapter.of_kind("kick")) == 10

    async def second():
        async with bench(tmp_path, raid_rules("kick"), clock=clock, start=True) as b:
            await b.join("late")                 # still locked down after the restart
            [(kick, target)] = b.adapter.of_kind("kick")
            assert isinstance(kick, Kick) and target.user == "late"
            assert b.adapter.posted("welcome:") == [] and alerts(b, "Raid detected") == []
            clock.advance(minutes=15)
            await b.timers.fire_due()
            await b.drain()
            [end] = alerts(b, "Lockdown ended")
            assert "a kick: 11 case(s) (11 done" in end and "Cases #1 to #11" in end

    await first()
    clock.advance(minutes=5)
    await second()


async def test_an_overdue_lockdown_end_is_acted_on_at_start(tmp_path):
    clock = FakeClock()

    async def first():
        async with bench(tmp_path, raid_rules("ban"), clock=clock) as b:
            for n in range(10):
                await b.join(str(n))

    async def second():
        async with bench(tmp_path, raid_rules("ban"), clock=clock, start=True) as b:
            [end] = alerts(b, "Lockdown ended")
            assert "a ban: 10 case(s) (10 done" in end
            await b.join("after")
            assert b.adapter.of_kind("ban") == [] and len(b.adapter.posted("welcome:")) == 1

    await first()
    clock.advance(hours=1)
    await second()


async def test_lockdown_by_command_with_rights_checked(tmp_path):
    async with bench(tmp_path, raid_rules("kick")) as b:
        refused = await b.invoke("lockdown start", MEMBER)
        assert refused.refused and "Manage Server" in refused.text
        assert await b.store.lockdowns(COMMUNITY) == [] and b.adapter.posts == []

        answer = await b.invoke("lockdown start", MOD, duration="1h", reason="spam wave")
        assert not answer.refused
        assert answer.text == ("Lockdown started until 2026-11-20 11:00 UTC: "
                               "newcomers get a kick.")
        [start] = alerts(b, "Lockdown started")
        assert start.startswith(
            "Lockdown started by mod until 2026-11-20 11:00 UTC (spam wave)")
        await b.join("42")
        [case] = await b.store.cases()
        assert (case.action, case.rule) == ("kick", "raid")
        assert b.adapter.posted("welcome:") == []

        again = await b.invoke("lockdown start", MOD, duration="2h")
        assert again.text.startswith("The lockdown was already on; it now lasts until "
                                     "2026-11-20 12:00 UTC")
        assert len(alerts(b, "Lockdown started")) == 1

        assert (await b.invoke("lockdown end", MEMBER)).refused
        ended = await b.invoke("lockdown end", MOD)
        assert ended.text == "Lockdown ended; the summary is posted to the log channel."
        [end] = alerts(b, "Lockdown ended")
        assert end.startswith("Lockdown ended by mod, after 0s: 1 join(s) during it.")
        assert "Cases #1 to #1" in end
        assert await b.store.next_due() is None              # its end timer is cancelled
        again_end = await b.invoke("lockdown end", MOD)
        assert again_end.refused and again_end.text == "There is no lockdown in progress."
        await b.join("43")
        assert len(await b.store.cases()) == 1 and len(b.adapter.posted("welcome:")) == 1


async def test_verification_still_applies_during_a_lockdown_by_dm(tmp_path):
    head = RAID.replace("ACTION", "nothing").replace(
        '  message: "Welcome {mention}!"\n',
        '  message: "Welcome {mention}!"\n  verify: {prompt: "Accept?", within: 10m}\n')

    async with bench(tmp_path, rules_file(head)) as b:
        await b.invoke("lockdown start", MOD)
        await b.join("42")
        assert b.adapter.kinds() == ["restrict"] and await b.store.cases() == []
        assert b.adapter.posted("welcome:") == []
        [prompt] = b.adapter.posted("dm:")
        assert prompt.to == DirectMessage("42") and prompt.buttons[0].only_user == "42"
        assert not (await b.press("42")).refused
        assert b.adapter.kinds() == ["restrict", "unrestrict"]


async def test_cases_this_run_queued_are_not_replayed_as_a_previous_runs(tmp_path):
    """Joins may arrive before the adapters are ready: resume() replays only what was
    pending when the run started, never the raid cases this run has queued meanwhile."""
    async with bench(tmp_path, raid_rules()) as b:
        async def slow(action, target):
            await asyncio.sleep(0.05)   # the platform's round trip: cases stay pending

        b.adapter.before_execute = slow
        await b.core.start()
        for n in range(30):
            await b.join(str(2000 + n), drain=False)
            b.clock.advance(seconds=0.1)
        assert any(c.status == "pending" for c in await b.store.cases())
        await b.core.resume()
        await b.drain()
        timeouts = [target.user for _, target in b.adapter.of_kind("timeout")]
        assert sorted(timeouts) == sorted(str(2000 + n) for n in range(30))   # once each
        assert {c.status for c in await b.store.cases()} == {"done"}
