"""What a player sees of their missions: each active mission with its progress in the current period.

``board`` gives the daily, weekly and onboarding lists with the next reset times
(KST); ``for_event`` gives an event's missions (the events screen shows them).
A reward the player can still claim is always listed: a daily (weekly) mission
completed yesterday (last week) and not claimed yet comes first in its list as a
``previous`` view of that period, and a mission deactivated after the player
completed it stays listed until its reward is taken (``claim`` pays both).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.models.missions import MissionProgress, MissionTemplate
from casino_app.services.missions import periods

BOARD_CADENCES = ("daily", "weekly", "onboarding")


@dataclass(frozen=True)
class MissionView:
    """A mission as the player sees it now: texts in both languages, goal, progress and reward."""

    id: int
    key: str
    cadence: str
    event_id: int | None
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    action: str
    game: str | None
    goal: int
    progress: int
    completed: bool
    claimed: bool
    reward_gold: int
    reward_xp: int
    reward_item_key: str | None
    reward_item_quantity: int | None
    period_key: str = ""
    previous: bool = False  # a period before the current one (completed then, still claimable now)

    @property
    def claimable(self) -> bool:
        """Completed and not yet claimed."""
        return self.completed and not self.claimed

    def title(self, locale: str) -> str:
        """The title in ``locale`` (Korean unless English is asked for)."""
        return self.title_en if locale == "en" else self.title_ko

    def description(self, locale: str) -> str:
        """The description in ``locale``."""
        return self.description_en if locale == "en" else self.description_ko


@dataclass(frozen=True)
class Board:
    """The player's daily, weekly and onboarding missions and when the daily and weekly sets reset."""

    daily: list[MissionView]
    weekly: list[MissionView]
    onboarding: list[MissionView]
    daily_resets_at: datetime
    weekly_resets_at: datetime

    @property
    def onboarding_done(self) -> bool:
        """Every onboarding mission claimed (the welcome card can step aside)."""
        return all(m.claimed for m in self.onboarding)


def _period_case(now: periods.Periods, *, previous: bool = False) -> Any:
    t = MissionTemplate.__table__.c
    if previous:  # only daily and weekly missions have a previous period still open for claims
        return sa.case(
            (t.cadence == "daily", sa.literal(now.previous_daily)),
            (t.cadence == "weekly", sa.literal(now.previous_weekly)),
            else_=sa.null(),
        )
    return sa.case(
        (t.cadence == "daily", sa.literal(now.daily)),
        (t.cadence == "weekly", sa.literal(now.weekly)),
        (t.cadence == "onboarding", sa.literal(periods.ONCE)),
        else_=sa.literal("E") + sa.cast(t.event_id, sa.String),
    )


def _views(user_id: int, where: Any, now: periods.Periods, *, previous: bool = False) -> list[MissionView]:
    """Active missions with the current period's progress, and inactive ones whose completed reward is unclaimed;
    ``previous``: only the completed, unclaimed rows of the previous period."""
    t, p = MissionTemplate.__table__, MissionProgress.__table__
    on = sa.and_(
        p.c.mission_id == t.c.id, p.c.user_id == user_id, p.c.period_key == _period_case(now, previous=previous)
    )
    unclaimed = sa.and_(p.c.completed_at.is_not(None), p.c.claimed_at.is_(None))
    query = (
        sa.select(t, p.c.progress, p.c.goal.label("row_goal"), p.c.completed_at, p.c.claimed_at, p.c.period_key)
        .select_from(t.join(p, on) if previous else t.outerjoin(p, on))
        .where(unclaimed if previous else sa.or_(t.c.is_active, unclaimed), where)
        .order_by(t.c.sort, t.c.id)
    )
    with session_scope() as db:
        rows = db.execute(query).mappings().all()
    return [
        MissionView(
            id=r["id"],
            key=r["key"],
            cadence=r["cadence"],
            event_id=r["event_id"],
            title_ko=r["title_ko"],
            title_en=r["title_en"],
            description_ko=r["description_ko"],
            description_en=r["description_en"],
            action=r["action"],
            game=r["game"],
            goal=r["row_goal"] or r["goal"],  # a started period keeps the goal it started with
            progress=r["progress"] or 0,
            completed=r["completed_at"] is not None,
            claimed=r["claimed_at"] is not None,
            reward_gold=r["reward_gold"],
            reward_xp=r["reward_xp"],
            reward_item_key=r["reward_item_key"],
            reward_item_quantity=r["reward_item_quantity"],
            period_key=r["period_key"] or now.key(r["cadence"], r["event_id"]),
            previous=previous,
        )
        for r in rows
    ]


def item_names(item_key: str) -> tuple[str, str]:
    """An item's (Korean, English) names as the game that grants it calls it (its id when none does)."""
    from casino_app.services.games import registry

    info = next((i for g in registry.games() if (i := g.describe_item(item_key)) is not None), None)
    return (info.name_ko, info.name_en) if info is not None else (item_key, item_key)


def board(user_id: int) -> Board:
    """The player's active daily, weekly and onboarding missions with progress in the current periods, after
    the rewards of the previous daily and weekly periods still to be claimed."""
    now = periods.at()
    cadence = MissionTemplate.__table__.c.cadence
    views = _views(user_id, cadence.in_(BOARD_CADENCES), now, previous=True)
    views += _views(user_id, cadence.in_(BOARD_CADENCES), now)
    return Board(
        daily=[v for v in views if v.cadence == "daily"],
        weekly=[v for v in views if v.cadence == "weekly"],
        onboarding=[v for v in views if v.cadence == "onboarding"],
        daily_resets_at=now.daily_ends_at,
        weekly_resets_at=now.weekly_ends_at,
    )


def for_event(user_id: int, event_id: int) -> list[MissionView]:
    """The active missions of event ``event_id`` with the player's progress (empty for an unknown event), and
    deactivated ones whose completed reward the player has not claimed yet."""
    return _views(user_id, MissionTemplate.__table__.c.event_id == event_id, periods.at())
