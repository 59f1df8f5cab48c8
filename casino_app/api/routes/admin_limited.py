"""``/api/admin/limited-packages`` and ``/api/admin/promo-codes``: upserts and the kill switch (admins; every
change audited), lists for the console (operators and admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from casino_app.api.deps import Admin, Client, Operator, Support
from casino_app.api.routes.admin_shop import Items, Name, When
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.services.shop import catalog, limited_admin, limited_stock, promos

router = APIRouter(prefix="/api/admin", tags=["admin"])

PackageCode = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$")]
PromoText = Annotated[str, Field(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$")]
# Fields where null means "none" (clear it); for the others null (or leaving the field out) keeps the value.
PACKAGE_NULLABLE = {"total_stock", "per_user_limit"}
PROMO_NULLABLE = {"package_id", "starts_at", "ends_at", "max_uses", "percent_off", "amount_off_krw"}


class LimitedPackageUpsertIn(ApiModel):
    """Create the package ``code`` (names, price, gold and window required) or change the fields sent.

    ``total_stock`` null: no stock cap; ``per_user_limit`` null: no per-player limit. The stock cannot go
    below the units already sold or held.
    """

    code: PackageCode
    name_ko: Name | None = None
    name_en: Name | None = None
    price_krw: int | None = Field(None, ge=100, le=catalog.MAX_PRICE_KRW)
    gold: int | None = Field(None, ge=1, le=catalog.MAX_GOLD)
    bonus_gold: int | None = Field(None, ge=0, le=catalog.MAX_GOLD)
    items: Items | None = None
    starts_at: When | None = None
    ends_at: When | None = None
    total_stock: int | None = Field(None, ge=0, le=limited_admin.MAX_STOCK)
    per_user_limit: int | None = Field(None, ge=1, le=1_000)
    sort_order: int | None = Field(None, ge=-10_000, le=10_000)
    is_active: bool | None = None


class AdminLimitedPackageOut(ResponseModel):
    """A limited package as stored, with its counters (``held``: units in open checkouts)."""

    id: int
    code: str
    name_ko: str
    name_en: str
    price_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    starts_at: datetime
    ends_at: datetime
    total_stock: int | None
    sold: int
    held: int
    remaining_stock: int | None
    per_user_limit: int | None
    sort_order: int
    is_active: bool
    created_at: datetime
    updated_at: datetime


class PromoUpsertIn(ApiModel):
    """Create the promo code (``kind`` and its amount required) or change the fields sent.

    ``percent``: ``percent_off`` (1–90) off; ``fixed``: ``amount_off_krw`` won off (never below 100 won).
    ``package_id`` null: any limited package; ``max_uses`` null: unlimited; window ends null: open.
    """

    code: PromoText
    kind: Literal["percent", "fixed"] | None = None
    percent_off: int | None = Field(None, ge=1, le=90)
    amount_off_krw: int | None = Field(None, ge=1, le=promos.MAX_AMOUNT_OFF_KRW)
    package_id: int | None = Field(None, ge=1, le=2**63 - 1)
    starts_at: When | None = None
    ends_at: When | None = None
    max_uses: int | None = Field(None, ge=1, le=promos.MAX_USES)
    once_per_player: bool | None = None
    is_active: bool | None = None


class AdminPromoOut(ResponseModel):
    """A promo code as stored (``used_count``: uses by open or paid orders)."""

    id: int
    code: str
    kind: str
    percent_off: int | None
    amount_off_krw: int | None
    package_id: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    max_uses: int | None
    used_count: int
    once_per_player: bool
    is_active: bool
    created_at: datetime
    updated_at: datetime


def _changes(body: BaseModel, nullable: set[str]) -> dict[str, Any]:
    sent = body.model_dump(exclude_unset=True, exclude={"code"})
    return {name: value for name, value in sent.items() if value is not None or name in nullable}


def _package(package: Any) -> AdminLimitedPackageOut:
    return AdminLimitedPackageOut.model_validate(
        {**package.model_dump(), "remaining_stock": limited_stock.remaining(package)}
    )


@router.get("/limited-packages", responses=errors(401, 403))
def list_packages(staff: Support) -> list[AdminLimitedPackageOut]:
    """Every limited package, on sale or not, with its sold and held counters."""
    return [_package(p) for p in limited_admin.list_packages()]


@router.post("/limited-packages/upsert", responses=errors(401, 403))
def upsert_package(body: LimitedPackageUpsertIn, staff: Admin, client: Client) -> AdminLimitedPackageOut:
    """Create or edit a limited package by its code (audited). 422 ``LIMITED_PACKAGE_INVALID`` names the field."""
    changes = _changes(body, PACKAGE_NULLABLE)
    return _package(limited_admin.upsert(body.code, changes, actor_id=staff.id, ip=client.ip))


@router.post("/limited-packages/{package_id}/disable", responses=errors(401, 403, 404))
def disable_package(staff: Admin, client: Client, package_id: int = Path(ge=1, le=2**63 - 1)) -> AdminLimitedPackageOut:
    """The kill switch: stop selling the package now (audited; open checkouts may still complete)."""
    return _package(limited_admin.disable(package_id, actor_id=staff.id, ip=client.ip))


@router.get("/promo-codes", responses=errors(401, 403))
def list_promo_codes(staff: Operator) -> list[AdminPromoOut]:
    """Every promo code, newest first, with its uses."""
    return [AdminPromoOut.model_validate(p) for p in promos.list_codes()]


@router.post("/promo-codes/upsert", responses=errors(401, 403, 404))
def upsert_promo_code(body: PromoUpsertIn, staff: Admin, client: Client) -> AdminPromoOut:
    """Create or edit a promo code (audited). 422 ``PROMO_CODE_INVALID`` names the field; 404 for an unknown
    package."""
    promo = promos.upsert(body.code, _changes(body, PROMO_NULLABLE), actor_id=staff.id, ip=client.ip)
    return AdminPromoOut.model_validate(promo)
