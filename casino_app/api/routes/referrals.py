"""``/api/referrals/me``: my personal code, its signup link, and how my referrals went."""

from __future__ import annotations

from fastapi import APIRouter

from casino_app.api.deps import Player
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services.referrals import rewards

router = APIRouter(prefix="/api/referrals", tags=["social"])


class ReferralsOut(ResponseModel):
    """The caller's personal code (works wherever an invite code does) and their referral rewards."""

    code: str
    link: str
    invited: int
    rewarded: int
    rewards_this_month: int
    cap: int
    reward_gold: int
    reward_level: int


@router.get("/me", responses=errors(401, 403))
def my_referrals(user: Player) -> ReferralsOut:
    """My code (made on first ask), the link to share, who joined with it, and rewards (this KST month vs the cap)."""
    view = rewards.summary(user.id)
    return ReferralsOut(
        code=view.code,
        link=view.link,
        invited=view.invited,
        rewarded=view.rewarded,
        rewards_this_month=view.rewards_this_month,
        cap=view.cap,
        reward_gold=view.reward_gold,
        reward_level=view.reward_level,
    )
