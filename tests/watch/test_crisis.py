"""The crisis alarm (bot/watch/crisis.py): the window, the usual, the start and the end."""

from __future__ import annotations

from bot.watch.crisis import Crises, CrisisEnded, CrisisStarted, Negative, Wave
from rules.watch import CrisisPolicy

POLICY = CrisisPolicy(window=600.0, negative=10, factor=3.0, slowmode=None)
T0 = 1_790_000_000.0   # a Sunday in 2026, seconds


def calm(wave: Wave, hours: float, every: float = 180.0, start: float = T0) -> float:
    """One negative message every `every` seconds for `hours`: ordinary grumbling."""
    at = start
    while at < start + hours * 3600:
        ended, started = wave.negative(Negative(at, -0.5))
        assert ended is None and started is None
        at += every
    return at


def test_calm_traffic_and_its_ups_and_downs_never_start_a_crisis() -> None:
    wave = Wave("c1", POLICY)
    at = calm(wave, 26, every=120.0)    # 5 negatives in every window: the community's usual
    assert 4.9 < wave.usual(at) < 5.1
    for n in range(14):                 # a busier window: 14 >= 10 but < 3 x 5
        ended, started = wave.negative(Negative(at + n * 40, -0.5))
        assert ended is None and started is None
    assert not wave.in_crisis


def test_a_wave_starts_once_at_its_tenth_message_and_ends_when_the_count_halves() -> None:
    wave = Wave("c1", POLICY)
    at = calm(wave, 10)           # 200 negatives over 10 h: about 3.3 per window
    usual_before = wave.usual(at)
    assert 3.0 < usual_before < 3.5
    starts = []
    for n in range(30):           # 30 negatives in 5 minutes
        ended, started = wave.negative(Negative(at + n * 10, -0.9, "general", f"m{n}",
                                                ("Acme",) if n % 2 else ()))
        assert ended is None
        if started:
            starts.append((n, started))
    # the window already held 3 from the calm hours: 10 reached at the 7th of the wave, but
    # 10 < 3 x 3.3; the start waits for the count to reach three times the usual
    assert len(starts) == 1
    index, started = starts[0]
    assert started.at == at + index * 10 and abs(started.usual - usual_before) < 0.1
    assert started.negative >= 10 and started.negative >= 3 * started.usual
    assert started.negative - 1 < 3 * started.usual   # the first message meeting both
    assert started.terms[0][0] == "Acme"
    assert all(item.score == -0.9 for item in started.worst) and len(started.worst) == 3
    # 20 minutes later nothing is left in the window: the end is when it fell below 5
    assert wave.advance(at + 200) is None
    end = wave.advance(at + 1200)
    assert isinstance(end, CrisisEnded)
    assert end.started_at == started.at and end.peak >= 30
    # the count fell below 5 when the 26th negative left, `window` after it was posted
    assert end.at == at + 25 * 10 + 600
    assert wave.advance(at + 3000) is None and not wave.in_crisis


def test_a_message_exactly_a_window_old_has_left_it() -> None:
    wave = Wave("c1", POLICY)
    for n in range(9):
        wave.negative(Negative(T0 + n, -1.0))
    wave.advance(T0 + 600)
    assert wave.count == 8
    _ended, started = wave.negative(Negative(T0 + 600, -1.0))
    assert started is None and wave.count == 9   # 8 left in the window, plus this one


def test_the_first_burst_of_a_new_community_is_a_crisis() -> None:
    wave = Wave("c1", POLICY)
    results = [wave.negative(Negative(T0 + n, -0.8))[1] for n in range(10)]
    assert results[:9] == [None] * 9
    assert isinstance(results[9], CrisisStarted) and results[9].usual == 0.0


def test_edits_and_positive_messages_do_not_count() -> None:
    crises = Crises()
    for n in range(20):
        assert crises.message("c1", POLICY, T0 + n, -0.9, edited=True) == []
        assert crises.message("c1", POLICY, T0 + n, 0.6) == []
    assert crises.waves["c1"].count == 0


def test_a_quiet_community_ends_its_crisis_by_the_tick() -> None:
    crises = Crises()
    changes = [c for n in range(12) for c in crises.message("c1", POLICY, T0 + n, -0.7)]
    assert [type(c) for c in changes] == [CrisisStarted]
    assert crises.tick(T0 + 300) == []
    (end,) = crises.tick(T0 + 2000)
    assert end.community == "c1" and end.at == T0 + 7 + 600   # fell to 4 when the 8th left


def test_after_a_restart_the_minutes_restore_the_usual_and_the_open_crisis() -> None:
    wave = Wave("c1", POLICY)
    now = T0 + 12 * 3600
    minutes = [(int((T0 + k * 60) // 60), 1) for k in range(0, 12 * 60, 3)]   # 240 in 12 h
    minutes.append((int(now // 60) - 2, 9))
    wave.restore(minutes, now, open_since=now - 100)
    assert wave.in_crisis and wave.count == 9 + 3
    assert 3.0 < wave.usual(now) < 3.5
    end = wave.advance(now + 1200)
    assert isinstance(end, CrisisEnded) and end.started_at == now - 100


def test_a_reloaded_policy_keeps_the_history_and_the_open_crisis() -> None:
    crises = Crises()
    for n in range(10):
        crises.message("c1", POLICY, T0 + n, -0.9)
    assert crises.waves["c1"].in_crisis
    other = CrisisPolicy(window=300.0, negative=20, factor=2.0, slowmode=None)
    assert crises.message("c1", other, T0 + 11, -0.9) == []
    assert crises.waves["c1"].count == 11 and crises.waves["c1"].in_crisis
    assert crises.message("c1", None, T0 + 12, -0.9) == []   # `crisis` removed
    (end,) = crises.tick(T0 + 1000)                          # the open one still ends
    assert end.at == T0 + 1 + 300 and "c1" in crises.waves   # fell to 9 < 20 / 2
    assert crises.message("c1", None, T0 + 1001, -0.9) == [] and "c1" not in crises.waves
