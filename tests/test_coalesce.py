"""The coalescer behind bulk bans and bulk deletions: the first call goes out alone, what
piles up meanwhile goes out together, each caller gets its own outcome."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from adapters.coalesce import Coalescer


class Recorder:
    def __init__(self, delay: float = 0.01, refuse: frozenset[int] = frozenset(),
                 broken: bool = False) -> None:
        self.batches: list[tuple[str, list[int]]] = []
        self.delay = delay
        self.refuse = refuse
        self.broken = broken

    async def send(self, key: str, items: list[int]) -> Sequence[BaseException | None]:
        self.batches.append((key, list(items)))
        await asyncio.sleep(self.delay)
        if self.broken:
            raise ConnectionError("down")
        return [ValueError(f"refused {i}") if i in self.refuse else None for i in items]


async def test_a_lone_call_goes_out_at_once_and_the_pile_goes_out_together() -> None:
    recorder = Recorder()
    coalescer = Coalescer(recorder.send, most=200, name="test")
    await asyncio.gather(*(coalescer.submit("guild", i) for i in range(450)))
    sizes = [len(items) for _, items in recorder.batches]
    assert sizes == [200, 200, 50]
    assert sorted(i for _, items in recorder.batches for i in items) == list(range(450))
    assert coalescer.batches == 3 and coalescer.largest == 200
    await coalescer.submit("guild", 999)             # alone: sent alone, not held back
    assert recorder.batches[-1] == ("guild", [999])


async def test_each_caller_gets_its_own_outcome_and_keys_never_mix() -> None:
    recorder = Recorder(refuse=frozenset({3, 7}))
    coalescer = Coalescer(recorder.send, most=100, name="test")
    results = await asyncio.gather(*(coalescer.submit(f"chat{i % 2}", i) for i in range(10)),
                                   return_exceptions=True)
    failed = {i for i, r in enumerate(results) if isinstance(r, ValueError)}
    assert failed == {3, 7}
    assert all(r is None for i, r in enumerate(results) if i not in failed)
    for key, items in recorder.batches:
        assert {i % 2 for i in items} == {int(key[-1])}


async def test_a_failed_request_fails_every_item_of_its_batch() -> None:
    coalescer = Coalescer(Recorder(broken=True).send, most=10, name="test")
    results = await asyncio.gather(*(coalescer.submit("k", i) for i in range(5)),
                                   return_exceptions=True)
    assert all(isinstance(r, ConnectionError) for r in results)


async def test_a_cancelled_caller_not_yet_sent_is_withdrawn() -> None:
    recorder = Recorder(delay=0.05)
    coalescer = Coalescer(recorder.send, most=10, name="test")
    first = asyncio.create_task(coalescer.submit("k", 1))
    await asyncio.sleep(0.01)                      # 1 is in flight
    second = asyncio.create_task(coalescer.submit("k", 2))
    third = asyncio.create_task(coalescer.submit("k", 3))
    await asyncio.sleep(0)
    second.cancel()
    await asyncio.gather(first, third, return_exceptions=True)
    with pytest.raises(asyncio.CancelledError):
        await second
    assert [items for _, items in recorder.batches] == [[1], [3]]


async def test_close_cancels_what_waits() -> None:
    coalescer = Coalescer(Recorder(delay=10).send, most=10, name="test")
    waiting = [asyncio.create_task(coalescer.submit("k", i)) for i in range(3)]
    await asyncio.sleep(0.01)
    await coalescer.close()
    results = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) for r in results)
    # and it still works afterwards
    coalescer2 = Coalescer(Recorder().send, most=10, name="test")
    await coalescer2.submit("k", 1)
