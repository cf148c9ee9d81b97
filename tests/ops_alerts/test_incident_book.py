"""The incident book's damping, on an injected clock: told once at the start and once at
the end, whatever the failures in between."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.ops.incidents import IncidentBook, Notice, Policy
from tests.runtime.fakes import FakeClock

ERRORS = Policy(confirm=3, within=60.0, hold=60.0)
DOWN = Policy(grace=30.0, hold=60.0)
KEY = ("discord:1", "errors", "discord")


def book(clock: FakeClock) -> tuple[IncidentBook, list[Notice]]:
    told: list[Notice] = []
    return IncidentBook(clock, told.append, {"errors": ERRORS, "down": DOWN}), told


def test_a_single_failure_of_a_plain_kind_is_told_at_once_and_its_end_once():
    clock = FakeClock()
    incidents, told = book(clock)
    key = ("discord:1", "permission", "manage_messages")
    incidents.open(key, "lacks Manage Messages", {"permission": "x"})
    for _ in range(5):   # rechecked while still missing: counted, not told
        clock.advance(seconds=1)
        incidents.open(key, "lacks Manage Messages")
    assert [(n.over, n.failures) for n in told] == [(False, 1)]
    assert incidents.current() == ["lacks Manage Messages"]
    clock.advance(seconds=4)
    incidents.close(key)
    incidents.close(key)
    assert [(n.over, n.failures, n.lasted) for n in told] == [
        (False, 1, timedelta(0)), (True, 6, timedelta(seconds=9))]
    assert told[1].details == {"permission": "x"}
    assert incidents.current() == []


def test_errors_are_told_only_once_three_fall_within_a_minute():
    clock = FakeClock()
    incidents, told = book(clock)
    incidents.open(KEY, "errors")
    clock.advance(seconds=40)
    incidents.open(KEY, "errors")
    clock.advance(seconds=40)   # the first is out of the window now
    incidents.open(KEY, "errors")
    assert told == [] and incidents.current() == []
    clock.advance(seconds=5)
    incidents.open(KEY, "errors")
    assert [(n.over, n.failures) for n in told] == [(False, 4)]


def test_a_success_before_the_confirmation_forgets_the_failures():
    clock = FakeClock()
    incidents, told = book(clock)
    incidents.open(KEY, "errors")
    incidents.open(KEY, "errors")
    incidents.close(KEY)
    incidents.open(KEY, "errors")
    incidents.open(KEY, "errors")
    assert told == []


def test_the_end_is_told_after_the_hold_and_a_failure_meanwhile_resumes_the_same_incident():
    clock = FakeClock()
    incidents, told = book(clock)
    for _ in range(3):
        incidents.open(KEY, "errors")
    incidents.close(KEY)
    clock.advance(seconds=30)
    incidents.tick()
    assert len(told) == 1 and incidents.current() == []   # recovering: not listed
    incidents.open(KEY, "errors")   # flapping: the same incident, nothing told
    assert len(told) == 1 and incidents.current() == ["errors"]
    incidents.close(KEY)
    clock.advance(seconds=59)
    incidents.tick()
    assert len(told) == 1
    clock.advance(seconds=1)
    incidents.tick()
    assert [(n.over, n.failures, n.lasted) for n in told] == [
        (False, 3, timedelta(0)), (True, 4, timedelta(seconds=30))]


def test_a_disconnection_is_told_only_past_its_grace():
    clock = FakeClock()
    incidents, told = book(clock)
    key = (None, "down", "discord")
    incidents.open(key, "disconnected")
    clock.advance(seconds=20)
    incidents.tick()
    incidents.close(key)   # back within 30 s: never told
    incidents.open(key, "disconnected")
    clock.advance(seconds=29)
    incidents.tick()
    assert told == []
    clock.advance(seconds=1)
    incidents.tick()
    assert [(n.over, n.lasted) for n in told] == [(False, timedelta(seconds=30))]


def test_close_all_ends_what_a_full_report_no_longer_lists_and_forget_tells_nothing():
    clock = FakeClock()
    incidents, told = book(clock)
    for subject in ("a", "b", "c"):
        incidents.open(("g", "permission", subject), subject)
    incidents.open(("h", "permission", "a"), "other")
    incidents.close_all("g", "permission", {"b"})
    assert sorted(n.subject for n in told if n.over) == ["a", "c"]
    assert incidents.current() == ["b", "other"]
    incidents.forget("g")
    assert incidents.current() == ["other"]
    assert len(told) == 6


def test_a_failing_teller_does_not_break_the_caller():
    clock = FakeClock()

    def broken(notice: Notice) -> None:
        raise RuntimeError("the log channel exploded")

    incidents = IncidentBook(clock, broken)
    incidents.open(KEY, "errors")
    assert incidents.current() == ["errors"]
    incidents.close(KEY)
    assert incidents.current() == []


async def test_run_settles_the_holds_until_stopped():
    clock = FakeClock()
    incidents, told = book(clock)
    for _ in range(3):
        incidents.open(KEY, "errors")
    incidents.close(KEY)
    clock.advance(seconds=61)
    stop = asyncio.Event()
    runner = asyncio.create_task(incidents.run(stop, every=0.01))
    for _ in range(200):
        if len(told) == 2:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(runner, 1.0)
    assert [n.over for n in told] == [False, True]
