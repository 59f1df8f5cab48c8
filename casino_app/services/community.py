"""Live numbers for the landing page's community hub (all real counts, cached briefly)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.games import FeedEvent, GameRound

_TTL_SECONDS = 10.0
_cache: tuple[float, CommunitySnapshot | None] = (0.0, None)


@dataclass(frozen=True)
class CommunitySnapshot:
    """Players in the club, today's rounds and active players, and today's feed moments."""

    players: int
    rounds_today: int
    active_today: int
    moments_today: int


def snapshot() -> CommunitySnapshot:
    """Current counts (KST day), at most ``_TTL_SECONDS`` old."""
    global _cache
    checked, cached = _cache
    if cached is not None and time.monotonic() - checked < _TTL_SECONDS:
        return cached
    since = clock.start_of_business_day(clock.business_date())
    rounds = GameRound.__table__
    with session_scope() as db:
        players = db.execute(
            sa.select(sa.func.count()).select_from(User).where(User.staff_role.is_(None), User.is_active.is_(True))  # type: ignore[union-attr,attr-defined]
        ).scalar_one()
        rounds_today, active_today = db.execute(
            sa.select(sa.func.count(), sa.func.count(sa.distinct(rounds.c.user_id))).where(rounds.c.created_at >= since)
        ).one()
        moments = db.execute(
            sa.select(sa.func.count()).select_from(FeedEvent).where(FeedEvent.created_at >= since)  # type: ignore[arg-type]
        ).scalar_one()
    result = CommunitySnapshot(int(players), int(rounds_today), int(active_today), int(moments))
    _cache = (time.monotonic(), result)
    return result
