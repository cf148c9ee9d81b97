"""The paced queues: bounded concurrency with no fixed rate, one member's jobs in order,
`after_all` as a barrier, `first` ahead of everything queued, and `stop()` at shutdown."""

from __future__ import annotations

import asyncio

import pytest

from bot.background import Background
from bot.newcomers.pacer import Pacer


class Gates:
    """Jobs that record when they start and end, and finish when released."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.open: dict[str, asyncio.Event] = {}
        self.in_flight = 0
        self.peak = 0

    def job(self, name: str, *, hold: bool = False):  # type: ignore[no-untyped-def]
        gate = self.open.setdefault(name, asyncio.Event())
        if not hold:
            gate.set()

        async def run() -> None:
            self.log.append(f"start {name}")
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            try:
                await gate.wait()
                await asyncio.sleep(0)
            finally:
                self.in_flight -= 1
            self.log.append(f"end {name}")

        return run

    def release(self, name: str) -> None:
        self.open[name].set()


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_at_most_concurrency_jobs_run_at_once_and_all_of_them_run():
    background = Background()
    pacer = Pacer(background, concurrency=4)
    gates = Gates()
    for n in range(50):
        pacer.submit("c", gates.job(str(n), hold=True), member=str(n))
    await settle()
    assert gates.in_flight == 4 and pacer.queued("c") == 46
    for n in range(50):
        gates.release(str(n))
    assert await background.drain(timeout=5)
    assert gates.peak == 4 and pacer.ran == 50
    assert sorted(e for e in gates.log if e.startswith("end")) == sorted(
        f"end {n}" for n in range(50))
    assert pacer.workers() == 0 and pacer.queued("c") == 0


async def test_a_members_jobs_run_one_after_another_in_order_while_others_pass():
    background = Background()
    pacer = Pacer(background, concurrency=8)
    gates = Gates()
    pacer.submit("c", gates.job("a1", hold=True), member="alice")
    pacer.submit("c", gates.job("a2"), member="alice")
    pacer.submit("c", gates.job("b1"), member="bob")
    pacer.submit("c", gates.job("a3"), member="alice")
    await settle()
    assert "start a2" not in gates.log and "end b1" in gates.log   # bob is not held up
    gates.release("a1")
    assert await background.drain(timeout=5)
    alice = [e for e in gates.log if e.split()[1].startswith("a")]
    assert alice == ["start a1", "end a1", "start a2", "end a2", "start a3", "end a3"]


async def test_after_all_waits_for_everything_submitted_before_it():
    background = Background()
    pacer = Pacer(background, concurrency=8)
    gates = Gates()
    pacer.submit("c", gates.job("slow", hold=True), member="m1")
    pacer.submit("c", gates.job("parked"), member="m1")
    pacer.submit("c", gates.job("summary"), after_all=True)
    pacer.submit("c", gates.job("later"), member="m2")
    await settle()
    assert "start summary" not in gates.log and "start later" not in gates.log
    gates.release("slow")
    assert await background.drain(timeout=5)
    assert gates.log.index("start summary") > gates.log.index("end parked")
    assert gates.log.index("start later") > gates.log.index("start summary")


async def test_first_starts_at_once_and_holds_the_queue_until_it_is_done():
    background = Background()
    pacer = Pacer(background, concurrency=2)
    gates = Gates()
    for n in range(5):
        pacer.submit("c", gates.job(str(n)), member=str(n))
    pacer.submit("c", gates.job("lock", hold=True), first=True)
    await settle()
    started = [e for e in gates.log if e.startswith("start")]
    assert started == ["start lock"]   # ahead of the five already queued
    gates.release("lock")
    assert await background.drain(timeout=5)
    assert gates.log[:2] == ["start lock", "end lock"] and pacer.ran == 6


async def test_communities_do_not_wait_for_each_other():
    background = Background()
    pacer = Pacer(background, concurrency=1)
    gates = Gates()
    pacer.submit("busy", gates.job("stuck", hold=True))
    pacer.submit("busy", gates.job("behind"))
    pacer.submit("quiet", gates.job("other"))
    await settle()
    assert "end other" in gates.log and "start behind" not in gates.log
    assert pacer.workers() == 1
    gates.release("stuck")
    assert await background.drain(timeout=5)


async def test_stop_starts_nothing_more_and_says_how_much_was_left():
    background = Background()
    pacer = Pacer(background, concurrency=2)
    gates = Gates()
    for n in range(10):
        pacer.submit("c", gates.job(str(n), hold=True), member=str(n))
    await settle()
    assert pacer.stop() == 8
    pacer.submit("c", gates.job("late"))   # refused quietly while stopping
    for n in range(10):
        gates.release(str(n))
    assert await background.drain(timeout=5)
    assert [e for e in gates.log if e.startswith("start")] == ["start 0", "start 1"]


async def test_a_failing_job_does_not_stall_its_queue():
    background = Background()
    pacer = Pacer(background, concurrency=1)
    gates = Gates()

    async def broken() -> None:
        raise RuntimeError("adapter bug")

    pacer.submit("c", broken, member="m")
    pacer.submit("c", gates.job("next"), member="m")
    assert await background.drain(timeout=5)
    assert gates.log == ["start next", "end next"]


def test_concurrency_must_be_positive():
    with pytest.raises(ValueError):
        Pacer(Background(), concurrency=0)
