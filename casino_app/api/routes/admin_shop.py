"""``/api/admin/shop``: the catalog (admins; every change audited), order search and staff refunds."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, status
from fastapi.responses import Response
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from casino_app.api.deps import Admin, Client, Operator, Support
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.routes.shop import GATEWAY_ERRORS, OrderCode
from casino_app.api.schemas import ApiModel, ResponseModel, errors, text
from casino_app.services.shop import catalog, history, refunds
from casino_app.services.shop.errors import OrderNotFound

router = APIRouter(prefix="/api/admin/shop", tags=["admin"])

Rank = Literal["STANDARD", "PREMIUM", "VIP"]
Items = dict[Literal["roulette_ticket"], Annotated[int, Field(ge=1, le=1000, strict=True)]]
RankDiscounts = dict[Rank, Annotated[int, Field(ge=0, le=90, strict=True)]]
Sku = Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$")]
Name = Annotated[str, Field(min_length=1, max_length=80)]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise PydanticCustomError("TIMEZONE_REQUIRED", "a time with its UTC offset is required")
    return value


When = Annotated[datetime, AfterValidator(_aware), Field(description="ISO 8601 with a UTC offset")]


class ProductIn(ApiModel):
    """A new product. A discount needs its real end time (``discount_ends_at``)."""

    sku: Sku
    name_ko: Name
    name_en: Name
    price_krw: int = Field(ge=100, le=catalog.MAX_PRICE_KRW)
    gold: int = Field(ge=1, le=catalog.MAX_GOLD)
    bonus_gold: int = Field(0, ge=0, le=catalog.MAX_GOLD)
    items: Items = Field(default_factory=dict)
    discount_percent: int = Field(0, ge=0, le=90)
    discount_ends_at: When | None = None
    required_rank: Rank | None = None
    rank_discounts: RankDiscounts = Field(default_factory=dict)
    sort_order: int = Field(0, ge=-10_000, le=10_000)
    is_active: bool = True
    sunset_at: When | None = None


class ProductPatch(ApiModel):
    """Fields to change (only those sent); ``is_active`` activates/deactivates, ``sunset_at`` schedules the end."""

    sku: Sku | None = None
    name_ko: Name | None = None
    name_en: Name | None = None
    price_krw: int | None = Field(None, ge=100, le=catalog.MAX_PRICE_KRW)
    gold: int | None = Field(None, ge=1, le=catalog.MAX_GOLD)
    bonus_gold: int | None = Field(None, ge=0, le=catalog.MAX_GOLD)
    items: Items | None = None
    discount_percent: int | None = Field(None, ge=0, le=90)
    discount_ends_at: When | None = None
    required_rank: Rank | None = None
    rank_discounts: RankDiscounts | None = None
    sort_order: int | None = Field(None, ge=-10_000, le=10_000)
    is_active: bool | None = None
    sunset_at: When | None = None


# Fields where null means "none" (clear it); for the others null means "leave as it is".
NULLABLE = {"discount_ends_at", "required_rank", "sunset_at"}


class AdminProductOut(ResponseModel):
    """A product as stored."""

    id: int
    sku: str
    name_ko: str
    name_en: str
    price_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    discount_percent: int
    discount_ends_at: datetime | None
    required_rank: str | None
    rank_discounts: dict[str, int]
    sort_order: int
    is_active: bool
    sunset_at: datetime | None
    created_at: datetime
    updated_at: datetime


class AdminOrderOut(ResponseModel):
    """An order with its player and provider reference."""

    code: str
    user_id: int
    status: str
    reason: str | None
    product_id: int | None = Field(description="The product sold (null for a limited package)")
    limited_package_id: int | None = Field(None, description="The limited package sold (null for a product)")
    discount_krw: int = Field(0, description="Won taken off by a promo code (amount_krw is after it)")
    sku: str = Field(description="The product's SKU or the limited package's code")
    name_ko: str
    amount_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    provider: str
    payment_ref: str | None
    receipt_code: str | None
    refunded_gold: int | None
    refund_shortfall: int | None
    created_at: datetime
    paid_at: datetime | None
    refunded_at: datetime | None


class AdminOrderPageOut(ResponseModel):
    """A page of orders, newest first."""

    items: list[AdminOrderOut]
    next_cursor: str | None


class OrderEventOut(ResponseModel):
    """One step of an order's history."""

    from_status: str | None
    to_status: str
    reason: str | None
    actor: str
    details: dict[str, Any]
    created_at: datetime


class AdminOrderDetailOut(ResponseModel):
    """An order and its whole history."""

    order: AdminOrderOut
    events: list[OrderEventOut]


class RefundIn(ApiModel):
    """Why the order is refunded (required; audited)."""

    reason: Annotated[str, Field(min_length=1, max_length=800), text(200, "reason")]


@router.get("/products", responses=errors(401, 403))
def list_products(staff: Support) -> list[AdminProductOut]:
    """Every product, on sale or not."""
    return [AdminProductOut.model_validate(p) for p in catalog.list_products()]


@router.post("/products", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 409))
def create_product(body: ProductIn, staff: Admin, client: Client) -> AdminProductOut:
    """Add a product (audited). 409 ``SKU_TAKEN``; 422 ``PRODUCT_INVALID`` names the field."""
    data = catalog.ProductInput(**body.model_dump())
    return AdminProductOut.model_validate(catalog.create_product(data, actor_id=staff.id, ip=client.ip))


@router.patch("/products/{product_id}", responses=errors(401, 403, 404, 409))
def update_product(
    body: ProductPatch, staff: Admin, client: Client, product_id: int = Path(ge=1, le=2**63 - 1)
) -> AdminProductOut:
    """Edit a product, activate or deactivate it, or set its sunset (audited with before and after)."""
    changes = {
        name: value
        for name, value in body.model_dump(exclude_unset=True).items()
        if value is not None or name in NULLABLE
    }
    product = catalog.update_product(product_id, changes, actor_id=staff.id, ip=client.ip)
    return AdminProductOut.model_validate(product)


@router.get("/orders", responses=errors(401, 403))
def search_orders(
    staff: Support,
    code: str | None = Query(None, max_length=32, description="An order or receipt code"),
    user_id: int | None = Query(None, ge=1, le=2**63 - 1),
    order_status: Literal["created", "pending", "paid", "failed", "voided", "refunded"] | None = Query(
        None, alias="status"
    ),
    limit: int = Query(50, ge=1, le=100),
    cursor: str | None = Query(None, max_length=40, description="``next_cursor`` of the previous page"),
) -> AdminOrderPageOut:
    """Find orders by code, player and status (any combination), newest first."""
    page = history.search(code=code, user_id=user_id, status=order_status, limit=limit, cursor=cursor)
    return AdminOrderPageOut(items=[AdminOrderOut.model_validate(i) for i in page.items], next_cursor=page.next_cursor)


@router.get("/orders/{code}", responses=errors(401, 403, 404))
def order_detail(code: OrderCode, staff: Support) -> AdminOrderDetailOut:
    """An order with every transition (who, when, why)."""
    page = history.search(code=code, limit=1)
    if not page.items or page.items[0].code != code:
        raise OrderNotFound()
    events = [OrderEventOut.model_validate(e) for e in history.events(code)]
    return AdminOrderDetailOut(order=AdminOrderOut.model_validate(page.items[0]), events=events)


@router.post(
    "/orders/{code}/refund",
    response_model=AdminOrderOut,
    responses={**errors(400, 401, 403, 404, 409), **GATEWAY_ERRORS},
)
def refund_order(
    request: Request, code: OrderCode, body: RefundIn, staff: Operator, client: Client, key: IdempotencyKey
) -> Response:
    """Refund a paid order: the wallet gives back what it holds up to the order's gold (the rest is recorded
    as a shortfall, never a negative balance), the payment is refunded in full; audited with the reason."""

    def action() -> tuple[int, AdminOrderOut]:
        view = refunds.staff_refund(code, body.reason, actor_id=staff.id, ip=client.ip)
        return 200, AdminOrderOut.model_validate(view)

    return respond_once(request, staff.id, key, body, action)
