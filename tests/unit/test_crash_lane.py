"""The crash lane delivers only the newest crash snapshot and tick, never holding up the main stream."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from casino_app.services import realtime
from casino_app.state import realtime as delivery


def test_only_the_newest_of_each_kind_is_delivered_snapshot_first(monkeypatch: pytest.MonkeyPatch) -> None:
    delivered: list[tuple[str, Any]] = []

    async def fake_deliver(app: Any, event: realtime.Event) -> int:
        delivered.append((event.type, event.data["n"]))
        return 1

    monkeypatch.setattr(delivery, "deliver", fake_deliver)

    async def scenario() -> None:
        lane = delivery.CrashLane()
        for n in range(5):
            lane.put(realtime.Event("crash", "crash_tick", {"n": n}))
        lane.put(realtime.Event("crash", "crash", {"n": 10}))
        lane.put(realtime.Event("crash", "crash", {"n": 11}))
        task = asyncio.create_task(lane.run(None))  # type: ignore[arg-type]
        await asyncio.sleep(0.05)
        lane.put(realtime.Event("crash", "crash_tick", {"n": 20}))
        await asyncio.sleep(0.05)
        task.cancel()

    asyncio.run(scenario())
    assert delivered == [("crash", 11), ("crash_tick", 4), ("crash_tick", 20)]
