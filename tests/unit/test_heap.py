"""``core.heap.settle``: the startup heap leaves the collector's reach; what comes later is still collected, the
young generation in larger batches."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from casino_app.core import heap


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


@pytest.fixture
def settled() -> Iterator[tuple[int, int, int]]:
    """``heap.settle()`` run in this test; the collector's state before it is given back afterwards."""
    threshold = gc.get_threshold()
    gc.unfreeze()
    try:
        heap.settle()
        yield threshold
    finally:
        gc.unfreeze()  # the rest of the test process collects as before
        gc.set_threshold(*threshold)


def test_settle_freezes_what_is_alive_and_later_cycles_are_still_collected(settled: tuple[int, int, int]) -> None:
    assert gc.get_freeze_count() > 0
    first, second = _Node(), _Node()
    first.other, second.other = second, first  # a cycle made after the process settled
    gone = weakref.ref(first)
    del first, second
    gc.collect()
    assert gone() is None


def test_settle_raises_only_the_young_generation_threshold(settled: tuple[int, int, int]) -> None:
    assert gc.get_threshold() == (heap.YOUNG_THRESHOLD, *settled[1:])
    assert settled[0] < heap.YOUNG_THRESHOLD
