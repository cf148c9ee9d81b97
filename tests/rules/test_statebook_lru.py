"""The state book's hard cap and sweep: the least recently used go first, and members
holding points or a cooldown survive a sweep."""

from __future__ import annotations

from rules.state import StateBook


def test_the_cap_holds_and_keeps_the_recently_used() -> None:
    book = StateBook(max_members=1_000)
    for n in range(20_000):
        book.get("c:1", f"u{n}").record_message(float(n), "", 5)
        book.get("c:1", "regular").record_message(float(n), "", 5)  # used every time
    assert len(book) <= 1_000
    assert len(list(book)) == len(book)
    assert book.peek("c:1", "regular") is not None
    assert book.peek("c:1", "u19999") is not None
    assert book.peek("c:1", "u0") is None


def test_the_cap_takes_from_the_largest_community() -> None:
    book = StateBook(max_members=100)
    book.get("small:1", "alice").record_message(0.0, "", 5)
    for n in range(1_000):
        book.get("big:1", f"u{n}").record_message(float(n + 1), "", 5)
    assert book.peek("small:1", "alice") is not None
    assert len(book) <= 100


def test_sweep_evicts_the_idle_and_keeps_points_and_the_active() -> None:
    book = StateBook()
    for n in range(50):
        book.get("c:1", f"idle{n}").record_message(0.0, "", 5)
    book.get("c:1", "punished").add_points(0.0, 3)
    for n in range(10):
        book.get("c:1", f"active{n}").record_message(1_000.0, "", 5)
    assert book.sweep(now=1_000.0, horizon=100.0) == 50
    assert len(book) == 11
    assert book.peek("c:1", "punished") is not None
    assert all(book.peek("c:1", f"active{n}") is not None for n in range(10))
    assert book.sweep(now=1_000.0, horizon=100.0) == 0   # the kept one does not block
    book.get("c:1", "late").record_message(1_000.0, "", 5)
    assert book.sweep(now=1_500.0, horizon=100.0) == 11


def test_sweep_respects_its_budget() -> None:
    book = StateBook()
    for n in range(100):
        book.get("c:1", f"u{n}").record_message(0.0, "", 5)
    assert book.sweep(now=1_000.0, horizon=10.0, budget=30) == 30
    assert len(book) == 70
