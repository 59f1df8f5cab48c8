"""``/api/admin/battlepass``: seasons and their tiers (drafts edited by admins, published once; all audited)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, status
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from casino_app.api.deps import Admin, Client, Support
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.battlepass import admin, rewards
from casino_app.services.battlepass import seasons as season_rules

router = APIRouter(prefix="/api/admin/battlepass", tags=["admin"])


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise PydanticCustomError("TIMEZONE_REQUIRED", "a time with its UTC offset is required")
    return value


SeasonId = Annotated[int, Path(ge=1, le=2**63 - 1)]
When = Annotated[datetime, AfterValidator(_aware), Field(description="ISO 8601 with a UTC offset")]
Key = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]{2,39}$")]
Name = Annotated[str, Field(min_length=1, max_length=80)]
XpPerAction = Annotated[int, Field(ge=0, le=admin.MAX_XP_PER_ACTION)]
ProductId = Annotated[int, Field(ge=1, le=2**53)]  # within a JSON number's exact range


class BattlePassRewardIn(ApiModel):
    """Gold, XP or an item (``item``: its key, e.g. ``roulette_ticket``) in a positive amount."""

    kind: Literal["gold", "xp", "item"]
    amount: int = Field(ge=1, le=rewards.MAX_GOLD)
    item: str | None = Field(None, min_length=1, max_length=40)


class BattlePassTierIn(ApiModel):
    """One tier: levels run 1..n with strictly rising ``xp_required``."""

    level: int = Field(ge=1, le=admin.MAX_TIERS)
    xp_required: int = Field(ge=0, le=admin.MAX_TIER_XP)
    free: BattlePassRewardIn | None = None
    premium: BattlePassRewardIn | None = None


class BattlePassTiersIn(ApiModel):
    """Every tier of the season (replaces the current ones)."""

    tiers: list[BattlePassTierIn] = Field(max_length=admin.MAX_TIERS)


class BattlePassSeasonIn(ApiModel):
    """A new draft season."""

    key: Key
    name_ko: Name
    name_en: Name
    starts_at: When
    ends_at: When
    xp_per_round: XpPerAction = 10
    xp_per_checkin: XpPerAction = 100
    xp_per_mission: XpPerAction = 50
    premium_product_id: ProductId | None = None


class BattlePassSeasonPatch(ApiModel):
    """Fields of a draft season to change (only those sent; ``premium_product_id: null`` clears it)."""

    key: Key | None = None
    name_ko: Name | None = None
    name_en: Name | None = None
    starts_at: When | None = None
    ends_at: When | None = None
    xp_per_round: XpPerAction | None = None
    xp_per_checkin: XpPerAction | None = None
    xp_per_mission: XpPerAction | None = None
    premium_product_id: ProductId | None = None


class BattlePassRewardOut(ResponseModel):
    """A tier's reward on one track."""

    kind: str
    amount: int
    item: str | None


class BattlePassAdminTierOut(ResponseModel):
    """A tier as stored."""

    id: int
    level: int
    xp_required: int
    free: BattlePassRewardOut | None
    premium: BattlePassRewardOut | None


class BattlePassAdminSeasonOut(ResponseModel):
    """A season with its tiers."""

    id: int
    key: str
    name_ko: str
    name_en: str
    starts_at: datetime
    ends_at: datetime
    status: str
    xp_per_round: int
    xp_per_checkin: int
    xp_per_mission: int
    premium_product_id: int | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    tiers: list[BattlePassAdminTierOut]


def _out(summary: admin.SeasonSummary) -> BattlePassAdminSeasonOut:
    season = summary.season
    tiers = [
        BattlePassAdminTierOut(
            id=t.id or 0,
            level=t.level,
            xp_required=int(t.xp_required),
            **{
                track: BattlePassRewardOut(**asdict(r)) if (r := rewards.of(t, track)) else None
                for track in season_rules.TRACKS
            },
        )
        for t in summary.tiers
    ]
    fields = {name: getattr(season, name) for name in BattlePassAdminSeasonOut.model_fields if name != "tiers"}
    return BattlePassAdminSeasonOut(**fields, tiers=tiers)


def _reward(body: BattlePassRewardIn | None) -> rewards.Reward | None:
    return rewards.Reward(body.kind, body.amount, body.item) if body is not None else None


@router.get("/seasons", responses=errors(401, 403))
def list_seasons(staff: Support) -> list[BattlePassAdminSeasonOut]:
    """Every season (drafts too), newest window first, with its tiers."""
    return [_out(s) for s in admin.list_seasons()]


@router.get("/seasons/{season_id}", responses=errors(401, 403, 404))
def get_season(staff: Support, season_id: SeasonId) -> BattlePassAdminSeasonOut:
    """One season with its tiers."""
    return _out(admin.get_season(season_id))


@router.post("/seasons", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 409))
def create_season(body: BattlePassSeasonIn, staff: Admin, client: Client) -> BattlePassAdminSeasonOut:
    """Add a draft season (audited). 409 ``BATTLEPASS_KEY_TAKEN``; 422 ``BATTLEPASS_SEASON_INVALID`` names the
    field."""
    season = admin.create_season(admin.SeasonInput(**body.model_dump()), actor_id=staff.id, ip=client.ip)
    return _out(admin.SeasonSummary(season, []))


@router.patch("/seasons/{season_id}", responses=errors(401, 403, 404, 409))
def update_season(
    body: BattlePassSeasonPatch, staff: Admin, client: Client, season_id: SeasonId
) -> BattlePassAdminSeasonOut:
    """Edit a draft season (audited with before and after); 409 ``BATTLEPASS_SEASON_LOCKED`` once published."""
    changes = {
        name: value
        for name, value in body.model_dump(exclude_unset=True).items()
        if value is not None or name == "premium_product_id"
    }
    admin.update_season(season_id, changes, actor_id=staff.id, ip=client.ip)
    return _out(admin.get_season(season_id))


@router.put("/seasons/{season_id}/tiers", responses=errors(401, 403, 404, 409))
def set_tiers(body: BattlePassTiersIn, staff: Admin, client: Client, season_id: SeasonId) -> BattlePassAdminSeasonOut:
    """Replace a draft season's tiers (audited); 422 ``BATTLEPASS_SEASON_INVALID`` with the tier's level."""
    tiers = [admin.TierInput(t.level, t.xp_required, _reward(t.free), _reward(t.premium)) for t in body.tiers]
    admin.set_tiers(season_id, tiers, actor_id=staff.id, ip=client.ip)
    return _out(admin.get_season(season_id))


@router.post("/seasons/{season_id}/publish", responses=errors(401, 403, 404, 409))
def publish(staff: Admin, client: Client, season_id: SeasonId) -> BattlePassAdminSeasonOut:
    """Publish a draft season (audited): window not ended, tiers 1..n with rising XP, a premium product when
    a tier has a premium reward, no overlap with another published season (409 ``BATTLEPASS_SEASON_OVERLAP``)."""
    admin.publish(season_id, actor_id=staff.id, ip=client.ip)
    return _out(admin.get_season(season_id))
