"""Helpers for event tests: an event with missions, published, through the services (as staff would)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from casino_app.core import clock
from casino_app.services.events import admin
from tests.support.accounts import new_staff

START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 2026-12-01 10:00 KST
_seq = itertools.count(1)


def make_event(
    *,
    starts_at: datetime = START,
    ends_at: datetime | None = None,
    missions: tuple[tuple[str, str | None, int, int], ...] = (("round_played", None, 1, 500),),
    publish: bool = True,
    staff_id: int | None = None,
) -> int:
    """An event (``missions``: action, game, goal, gold each) created, given its missions and published by an
    admin while the clock stands before its start; returns its id."""
    staff = staff_id or new_staff("admin")
    n = next(_seq)
    before = clock.FrozenClock(starts_at - timedelta(days=1))
    with clock.use_clock(before):
        event = admin.create(
            {
                "key": f"test-event-{n}",
                "title_ko": f"테스트 이벤트 {n}",
                "title_en": f"Test event {n}",
                "starts_at": starts_at,
                "ends_at": ends_at or starts_at + timedelta(days=7),
            },
            actor_id=staff,
        )
        assert event.id is not None
        for i, (action, game, goal, gold) in enumerate(missions):
            admin.add_mission(
                event.id,
                {
                    "key": f"ev{n}_m{i}",
                    "title_ko": f"미션 {i}",
                    "title_en": f"Mission {i}",
                    "action": action,
                    "game": game,
                    "goal": goal,
                    "reward_gold": gold,
                    "sort": i,
                },
                actor_id=staff,
            )
        if publish:
            admin.publish(event.id, actor_id=staff)
    return event.id
