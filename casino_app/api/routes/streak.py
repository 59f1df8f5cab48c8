"""``/api/streak``: daily check-in, streak status, protection and the claim calendar."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from casino_app.api.deps import Player
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.core import clock
from casino_app.services import daily

router = APIRouter(prefix="/api/streak", tags=["daily"])


class ClaimOut(ResponseModel):
    """What today's check-in granted."""

    claim_date: date
    streak: int
    gold: int
    xp: int
    protection_used: bool
    protection_earned: bool
    balance: int
    level: int
    xp_total: int
    leveled_up: bool


class RewardOut(ResponseModel):
    """Gold and XP for a streak day."""

    streak: int
    gold: int
    xp: int


class ProtectionOut(ResponseModel):
    """Streak protection: held (max 1), auto-use, totals."""

    held: int
    max_held: int
    auto_use: bool
    earned_total: int
    used_total: int
    every_days: int


class StatusOut(ResponseModel):
    """Today's check-in state."""

    today: date
    streak: int
    longest_streak: int
    claimed_today: bool
    last_claim_date: date | None
    next_reward: RewardOut
    next_claim_date: date
    protection: ProtectionOut
    protection_will_be_used: bool


class ProtectionUpdate(ApiModel):
    """Switch automatic use of a held protection."""

    auto_use: bool


class HistoryOut(ResponseModel):
    """Claimed days of a month (KST)."""

    year: int
    month: int
    claimed_dates: list[date]


@router.post("/claim", response_model=ClaimOut, responses=errors(400, 401, 403, 409))
def claim(request: Request, user: Player, key: IdempotencyKey) -> Response:
    """Claim today's reward (once per KST day; a second claim is 409 and grants nothing)."""

    def action() -> tuple[int, ClaimOut]:
        return 200, ClaimOut.model_validate(daily.claim(user.id))

    return respond_once(request, user.id, key, None, action)


@router.get("/status", responses=errors(401, 403))
def streak_status(user: Player) -> StatusOut:
    """Streak, whether today is claimed, the next reward and protection."""
    return StatusOut.model_validate(daily.status(user.id))


@router.get("/protection", responses=errors(401, 403))
def get_protection(user: Player) -> ProtectionOut:
    """Streak protection state."""
    return ProtectionOut.model_validate(daily.protection(user.id))


@router.post("/protection", responses=errors(401, 403))
def set_protection(body: ProtectionUpdate, user: Player) -> ProtectionOut:
    """Turn automatic use of a held protection on or off."""
    return ProtectionOut.model_validate(daily.set_auto_use(user.id, body.auto_use))


@router.get("/history", responses=errors(401, 403))
def history(
    user: Player, year: int | None = Query(None, ge=2000, le=2100), month: int | None = Query(None, ge=1, le=12)
) -> HistoryOut:
    """The claimed days of a month (default: the current KST month)."""
    today = clock.business_date()
    y, m = year or today.year, month or today.month
    return HistoryOut(year=y, month=m, claimed_dates=daily.claimed_dates(user.id, y, m))
