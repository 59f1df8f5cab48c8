"""``/api/games/achievements/{user_id}``: one's own achievements in full, another player's badges only.

Mounted before the game routes so ``/api/games/achievements`` is never read as a game key.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Path

from casino_app.api.deps import CurrentUser
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services.achievements import views

router = APIRouter(prefix="/api/games/achievements", tags=["achievements"])

BADGE_URL = "/badges/{badge}.svg"


class BadgeOut(ResponseModel):
    """An unlocked badge (what anyone may see)."""

    key: str
    name_ko: str
    name_en: str
    badge: str
    badge_url: str
    color: str
    achieved_at: datetime


class ProgressOut(ResponseModel):
    """How far the player is: ``current`` of ``target`` (each goal counts up to its own target)."""

    current: int
    target: int


class RewardOut(ResponseModel):
    """What unlocking pays once."""

    gold: int
    xp: int


class AchievementOut(ResponseModel):
    """One achievement as its owner sees it."""

    key: str
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    badge: str
    badge_url: str
    color: str
    unlocked: bool
    achieved_at: datetime | None
    progress: ProgressOut
    reward: RewardOut


class AchievementsOut(ResponseModel):
    """The achievements of ``user_id``: ``achievements`` (all, with progress) only when it is the caller."""

    user_id: int
    own: bool
    unlocked: int
    badges: list[BadgeOut]
    achievements: list[AchievementOut] | None = None


def _badge(view: views.BadgeView) -> BadgeOut:
    return BadgeOut(
        key=view.key,
        name_ko=view.name_ko,
        name_en=view.name_en,
        badge=view.badge,
        badge_url=BADGE_URL.format(badge=view.badge),
        color=view.color,
        achieved_at=view.achieved_at,
    )


def _achievement(view: views.AchievementView) -> AchievementOut:
    return AchievementOut(
        key=view.key,
        name_ko=view.name_ko,
        name_en=view.name_en,
        description_ko=view.description_ko,
        description_en=view.description_en,
        badge=view.badge,
        badge_url=BADGE_URL.format(badge=view.badge),
        color=view.color,
        unlocked=view.unlocked,
        achieved_at=view.achieved_at,
        progress=ProgressOut(current=view.current, target=view.target),
        reward=RewardOut(gold=view.reward_gold, xp=view.reward_xp),
    )


@router.get("/{user_id}", responses=errors(401, 404))
def achievements_of(user: CurrentUser, user_id: int = Path(ge=1, le=2**63 - 1)) -> AchievementsOut:
    """Your own id: every achievement with unlocked flag, progress and reward. Anyone else's: their unlocked
    badges only. Unknown, staff or inactive accounts are 404."""
    seen = views.for_viewer(user.id, user_id)
    badges = [_badge(b) for b in seen.badges]
    if isinstance(seen, views.OwnAchievements):
        return AchievementsOut(
            user_id=user_id,
            own=True,
            unlocked=len(badges),
            badges=badges,
            achievements=[_achievement(a) for a in seen.achievements],
        )
    return AchievementsOut(user_id=user_id, own=False, unlocked=len(badges), badges=badges)
