"""``core.heap.settle``: the startup heap leaves the collector's reach; what comes later is still collected, the
young generation in larger batches."""

from __future__ import annotations

import gc
import weakref

from casino_app.core import heap


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_settle_freezes_what_is_alive_and_later_cycles_are_still_collected() -> None:
    threshold = gc.get_threshold()
    gc.unfreeze()
    try:
        heap.settle()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (heap.YOUNG_THRESHOLD, *threshold[1:])
        first, second = _Node(), _Node()
        first.other, second.other = second, first  # a cycle made after the process settled
        gone = weakref.ref(first)
        del first, second
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()  # the rest of the test process collects as before
        gc.set_threshold(*threshold)
