"""``/api/battlepass``: the player's pass in the current season, and claiming a tier's reward."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.battlepass import claims, seasons

router = APIRouter(prefix="/api/battlepass", tags=["battlepass"])


class BattlePassPremiumProductOut(ResponseModel):
    """The shop product that sells the season's premium pass."""

    product_id: int
    sku: str
    name_ko: str
    name_en: str
    price_krw: int
    on_sale: bool = Field(description="Whether the shop sells it now (until the season ends)")


class BattlePassSeasonOut(ResponseModel):
    """The current season; rewards reached stay claimable until ``claim_until`` (after ``ends_at``)."""

    id: int
    key: str
    name_ko: str
    name_en: str
    starts_at: datetime
    ends_at: datetime
    claim_until: datetime
    ended: bool
    seconds_left: int = Field(description="Seconds until ends_at (0 once ended)")
    xp_per_round: int
    xp_per_checkin: int
    xp_per_mission: int
    premium: BattlePassPremiumProductOut | None


class BattlePassTrackRewardOut(ResponseModel):
    """One track's reward at a tier: ``state`` is claimed, claimable, locked (tier not reached) or premium
    (reached; needs the premium pass)."""

    kind: Literal["gold", "xp", "item"]
    amount: int
    item: str | None
    item_name_ko: str | None
    item_name_en: str | None
    state: Literal["claimed", "claimable", "locked", "premium"]


class BattlePassTierOut(ResponseModel):
    """A tier with its free and premium rewards (null: nothing on that track)."""

    id: int
    level: int
    xp_required: int
    reached: bool
    free: BattlePassTrackRewardOut | None
    premium: BattlePassTrackRewardOut | None


class BattlePassUpcomingOut(ResponseModel):
    """The next published season."""

    name_ko: str
    name_en: str
    starts_at: datetime


class BattlePassPreviousOut(ResponseModel):
    """The season that ended before the live one, while the player still has rewards to claim there (until its
    ``claim_until``): only its tiers with a claimable reward; claim them with ``POST /claim`` as usual."""

    season: BattlePassSeasonOut
    claimable: int
    tiers: list[BattlePassTierOut]


class BattlePassStatusOut(ResponseModel):
    """The player's pass. ``season`` is null when no season is running (then ``upcoming`` may name the next)."""

    season: BattlePassSeasonOut | None
    upcoming: BattlePassUpcomingOut | None
    xp: int = Field(description="Pass XP earned this season (a count of actions, never gold)")
    tier: int = Field(description="The highest tier reached (0: none)")
    next_tier_xp: int | None
    premium: bool
    claimable: int = Field(description="Rewards the player can claim now")
    tiers: list[BattlePassTierOut]
    previous: BattlePassPreviousOut | None = Field(
        default=None, description="The previous season's claimable tiers during its claim grace (null: none)"
    )


class BattlePassClaimIn(ApiModel):
    """Which reward to take."""

    tier_id: int = Field(ge=1, le=2**53)  # within a JSON number's exact range
    track: Literal["free", "premium"] = "free"


class BattlePassClaimOut(ResponseModel):
    """What the claim granted (``balance`` after gold, ``xp_total`` and ``player_level`` after XP)."""

    tier_id: int
    level: int
    track: str
    kind: str
    amount: int
    item: str | None
    balance: int | None
    xp_total: int | None
    player_level: int | None
    claimed_at: datetime


@router.get("/status", responses=errors(401, 403))
def status(user: Player) -> BattlePassStatusOut:
    """Season, pass XP, tier, premium and every tier's rewards with their state (season null outside one)."""
    return BattlePassStatusOut.model_validate(seasons.status(user.id))


@router.post("/claim", response_model=BattlePassClaimOut, responses=errors(400, 401, 403, 404, 409))
def claim(request: Request, body: BattlePassClaimIn, user: Player, key: IdempotencyKey) -> Response:
    """Take a tier's reward once: the tier reached, the premium pass owned for the premium track.
    404 ``BATTLEPASS_TIER_NOT_FOUND``/``BATTLEPASS_NO_REWARD``; 409 ``BATTLEPASS_TIER_LOCKED``,
    ``BATTLEPASS_PREMIUM_REQUIRED``, ``BATTLEPASS_ALREADY_CLAIMED`` or ``BATTLEPASS_SEASON_CLOSED``."""

    def action() -> tuple[int, BattlePassClaimOut]:
        return 200, BattlePassClaimOut.model_validate(claims.claim(user.id, body.tier_id, body.track))

    return respond_once(request, user.id, key, body, action)
