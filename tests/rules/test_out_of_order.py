"""Events that arrive out of time order (issue 11, lesser): flood and repeat windows count by
the events' own times, so a late event is judged with what was sent around its time.

Before, a message dated years before the member's latest one was "within" every window
(a negative age), so flood and repeat fired on messages years apart.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.state import MemberState, text_digest

YEAR = 365 * 86400
RULES = """\
- id: flood
  match: {flood: {messages: 3, within: 10s}}
  actions: [delete]
- id: repeat
  match: {repeat: {times: 2, within: 1m}}
  actions: [delete]
"""


@pytest.fixture
def engine(engine_for):
    return engine_for(RULES)


def fired(engine, message, texts_and_times, user="u1"):
    """The rules each message fires, sent in the given (arrival) order."""
    return [engine.on_message(message(text, t=t, user=user)).rules
            for text, t in texts_and_times]


def test_a_message_years_older_than_the_last_does_not_flood(engine, message):
    assert fired(engine, message, [("a", 3 * YEAR), ("b", 3 * YEAR + 1), ("c", 0)]) == [
        (), (), ()]


def test_the_same_text_years_apart_is_not_a_repeat(engine, message):
    assert fired(engine, message, [("spam", 2 * YEAR), ("spam", 0)]) == [(), ()]


def test_a_late_message_counts_with_those_sent_around_its_own_time(engine, message):
    # Sent at 0, 1, 2 but the one at 1 arrives last: it completes the burst of three.
    assert fired(engine, message, [("a", 0), ("b", 2), ("c", 1)]) == [(), (), ("flood",)]


def test_a_late_message_still_counts_for_later_ones(engine, message):
    # The one at 1 arrives after one at 2; the message at 3 sees all four in order.
    results = fired(engine, message, [("a", 0), ("b", 2), ("c", 1), ("d", 3)])
    assert results[-1] == ("flood",)


def test_a_late_duplicate_within_the_window_is_a_repeat(engine, message):
    assert fired(engine, message, [("spam", 30), ("hello", 40), ("spam", 0)]) == [
        (), (), ("repeat",)]


def test_one_message_dated_in_the_future_does_not_blind_the_windows(engine, message):
    # A clock set years ahead once: the ordinary messages that follow are still judged.
    results = fired(engine, message, [("a", 5 * YEAR), ("b", 0), ("c", 1), ("d", 2)])
    assert results == [(), (), (), ("flood",)]
    results = fired(engine, message, [("same", 5 * YEAR), ("same", 10), ("same", 20)], "u2")
    assert results == [(), (), ("repeat",)]


def test_a_late_message_older_than_a_full_history_counts_for_its_own_verdict(message,
                                                                              engine_for):
    engine = engine_for("""\
- id: flood
  match: {flood: {messages: 2, within: 10s}}
  actions: [delete]
""")
    # The history keeps the latest 2 (at 100 and 101): the one at 95 is not kept, yet it is
    # judged with them (and one at 4, forgotten long since, is not there to count).
    assert fired(engine, message, [("a", 4), ("b", 100), ("c", 101), ("d", 95)]) == [
        (), (), ("flood",), ("flood",)]
    assert fired(engine, message, [("e", 5)]) == [()]


def test_in_time_order_nothing_changes(engine, message):
    assert fired(engine, message, [("a", 0), ("b", 1), ("c", 2), ("spam", 3), ("spam", 4)]) == [
        (), (), ("flood",), ("flood",), ("flood", "repeat")]


# --- the state alone, against a plain definition ---------------------------------------

def most_within(times: list[float], now: float, window: float) -> int:
    """The most of `times` (`now` included) in one span of `window` seconds holding `now`."""
    return max(sum(1 for t in times if start <= t <= start + window)
               for start in [t for t in times if now - window <= t <= now])


@settings(max_examples=300, deadline=None)
@given(times=st.lists(st.integers(0, 60), min_size=1, max_size=12),
       window=st.integers(1, 20), at_least=st.integers(1, 4))
def test_flood_counts_by_time_whatever_the_arrival_order(times, window, at_least):
    state = MemberState()
    keep = 50   # more than the list: nothing dropped
    for n, now in enumerate(times):
        state.record_message(float(now), "", keep)
        expected = most_within([float(t) for t in times[: n + 1]], now, window) >= at_least
        assert state.messages_within(float(now), float(window), at_least) == expected


@settings(max_examples=300, deadline=None)
@given(sent=st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["a", "b"])), min_size=1,
                     max_size=12),
       window=st.integers(1, 20))
def test_repeat_counts_by_time_whatever_the_arrival_order(sent, window):
    state = MemberState()
    for n, (now, text) in enumerate(sent):
        digest = text_digest(text)
        state.record_message(float(now), "", 50, digest)
        same = [float(t) for t, other in sent[: n + 1] if other == text]
        assert state.repeats_within(float(now), digest, float(window)) == most_within(
            same, now, window)


def test_history_stays_in_time_order_and_keeps_the_latest():
    rng = random.Random(7)
    state = MemberState()
    times = [float(rng.randrange(1000)) for _ in range(200)]
    for now in times:
        state.record_message(now, "", 20)
    kept = list(memoryview(state.history).cast("d"))[::2]
    assert kept == sorted(kept)
    assert len(kept) == 20
    assert kept[-1] == max(times)
    assert state.last_seen() == max(times)
