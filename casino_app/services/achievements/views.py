"""What players see of achievements: their own in full (with progress), another player's unlocked badges only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core.db import Sql, run, session_scope
from casino_app.core.errors import NotFound
from casino_app.models.accounts import User
from casino_app.models.achievements import UserAchievement
from casino_app.services.achievements import definitions
from casino_app.services.achievements.definitions import Definition
from casino_app.services.achievements.requirements import Measure, goals, measure_sql, progress


@dataclass(frozen=True)
class BadgeView:
    """An unlocked badge, as anyone may see it."""

    key: str
    name_ko: str
    name_en: str
    badge: str
    color: str
    achieved_at: datetime


@dataclass(frozen=True)
class AchievementView:
    """One achievement as its owner sees it: unlocked or not, progress toward it, its reward."""

    key: str
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    badge: str
    color: str
    unlocked: bool
    achieved_at: datetime | None
    current: int
    target: int
    reward_gold: int
    reward_xp: int


@dataclass(frozen=True)
class OwnAchievements:
    """The caller's own achievements: every active one (and any retired one they earned)."""

    user_id: int
    achievements: list[AchievementView]

    @property
    def badges(self) -> list[BadgeView]:
        """The unlocked ones as badges."""
        return [_badge(a, a.achieved_at) for a in self.achievements if a.achieved_at is not None]


@dataclass(frozen=True)
class PublicBadges:
    """Another player's unlocked badges (no progress, no rewards)."""

    user_id: int
    badges: list[BadgeView]


def _badge(a: AchievementView | Definition, achieved_at: datetime) -> BadgeView:
    return BadgeView(a.key, a.name_ko, a.name_en, a.badge, a.color, achieved_at)


def _require_player(db: Session, user_id: int) -> None:
    users = User.__table__
    row = db.execute(sa.select(users.c.staff_role, users.c.is_active).where(users.c.id == user_id)).first()
    if row is None or row.staff_role is not None or not row.is_active:
        raise NotFound(details={"user_id": user_id})


def _unlocked(db: Session, user_id: int) -> dict[int, datetime]:
    table = UserAchievement.__table__
    rows = db.execute(sa.select(table.c.achievement_id, table.c.achieved_at).where(table.c.user_id == user_id))
    return {row.achievement_id: row.achieved_at for row in rows}


def measured(db: Session, user_id: int, measures: set[Measure]) -> dict[Measure, int]:
    """The player's current value of each measure, in one query (the SQL the unlock statement uses)."""
    ordered = sorted(measures, key=repr)
    if not ordered:
        return {}
    params: dict[str, object] = {"user_id": user_id}
    columns = [measure_sql(m, params, f"m{i}") for i, m in enumerate(ordered)]
    statement = Sql("SELECT " + ", ".join(columns), params)
    run(db, statement)
    values = statement.rows[0]
    return {m: int(v or 0) for m, v in zip(ordered, values, strict=True)}


def own(user_id: int) -> OwnAchievements:
    """Every active achievement (plus retired ones the player earned) with unlocked flag, progress and reward."""
    with session_scope() as db:
        _require_player(db, user_id)
        unlocked = _unlocked(db, user_id)
        shown = [d for d in definitions.load(db, include_inactive=True) if d.is_active or d.id in unlocked]
        locked = [d for d in shown if d.id not in unlocked]
        values = measured(db, user_id, {g.measure for d in locked for g in goals(d.requirement)})
    views = []
    for d in shown:
        achieved_at = unlocked.get(d.id)
        current, target = progress(d.requirement, values)
        if achieved_at is not None:
            current = target
        views.append(
            AchievementView(
                d.key,
                d.name_ko,
                d.name_en,
                d.description_ko,
                d.description_en,
                d.badge,
                d.color,
                achieved_at is not None,
                achieved_at,
                current,
                target,
                d.reward_gold,
                d.reward_xp,
            )
        )
    return OwnAchievements(user_id, views)


def public(user_id: int) -> PublicBadges:
    """Another player's unlocked badges, in display order (404 for an unknown, staff or inactive account)."""
    with session_scope() as db:
        _require_player(db, user_id)
        unlocked = _unlocked(db, user_id)
        earned = [d for d in definitions.load(db, include_inactive=True) if d.id in unlocked]
    return PublicBadges(user_id, [_badge(d, unlocked[d.id]) for d in earned])


def for_viewer(viewer_id: int, user_id: int) -> OwnAchievements | PublicBadges:
    """``user_id``'s achievements as ``viewer_id`` may see them: everything for oneself, badges for anyone else."""
    return own(user_id) if viewer_id == user_id else public(user_id)
