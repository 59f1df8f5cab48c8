"""``/api/shop``: the catalog, buying gold, orders and receipts, withdrawal, purchase limits.

Every route re-reads the caller (a verified player) and answers only for the
caller's own orders (another player's order is a 404). The purchase is
idempotent by the shop itself (one order per player, product and
``Idempotency-Key``; a replay re-checks a pending payment), so it does not
store a response; the withdrawal stores one (``respond_once``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.idempotency import IdempotencyKey, respond_once
from casino_app.api.schemas import ApiModel, ErrorEnvelope, ResponseModel, errors
from casino_app.services.shop import catalog, history, limits, orders, receipts, refunds

router = APIRouter(prefix="/api/shop", tags=["shop"])

ORDER_CODE = r"^CC[0-9]{8}-[A-Z2-9]{10}$"
RECEIPT_CODE = r"^R-[A-Z2-9]{16}$"
OrderCode = Annotated[str, Path(max_length=32, pattern=ORDER_CODE, description="The public order code")]
GATEWAY_ERRORS: dict[int | str, dict[str, Any]] = {
    502: {"model": ErrorEnvelope, "description": "The payment provider failed (PAYMENT_GATEWAY_ERROR)"},
    503: {"model": ErrorEnvelope, "description": "The payment provider is unreachable (PAYMENT_GATEWAY_ERROR)"},
}


class PriceOut(ResponseModel):
    """What the player pays, in won: the list price, the final price, the discount applied and its real end."""

    list_krw: int
    final_krw: int
    discount_percent: int
    discount_ends_at: datetime | None
    discount_source: str | None = Field(description="product (a timed sale) or rank (a rank discount)")


class CatalogItemOut(ResponseModel):
    """A product as the player sees it (``locked``: the player's rank is below ``required_rank``)."""

    id: int
    sku: str
    name_ko: str
    name_en: str
    gold: int
    bonus_gold: int
    items: dict[str, int]
    price: PriceOut
    required_rank: str | None
    locked: bool
    sunset_at: datetime | None


class CatalogOut(ResponseModel):
    """The products on sale."""

    items: list[CatalogItemOut]


class PurchaseIn(ApiModel):
    """The product to buy (the price is computed on the server)."""

    product_id: int = Field(ge=1, le=2**53)  # within a JSON number's exact range


class OrderOut(ResponseModel):
    """An order: ``checkout_url`` while it waits for payment, ``receipt_code`` once paid."""

    code: str
    status: str = Field(description="created | pending | paid | failed | voided | refunded")
    reason: str | None
    product_id: int | None = Field(description="The product sold (null for a limited package)")
    limited_package_id: int | None = Field(None, description="The limited package sold (null for a product)")
    discount_krw: int = Field(0, description="Won taken off by a promo code (amount_krw is after it)")
    sku: str = Field(description="The product's SKU or the limited package's code")
    name_ko: str
    name_en: str
    amount_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    provider: str
    checkout_url: str | None
    receipt_code: str | None
    refunded_gold: int | None
    refund_shortfall: int | None
    created_at: datetime
    paid_at: datetime | None
    refunded_at: datetime | None


class OrderPageOut(ResponseModel):
    """A page of the purchase history, newest first."""

    items: list[OrderOut]
    next_cursor: str | None


class ConfirmIn(ApiModel):
    """The provider's payment key from the return URL (its ``amount`` is ignored: the order's is used)."""

    payment_key: str = Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_\-.:]+$")


class ReceiptOut(ResponseModel):
    """A signed receipt with the verification result (``verified``) of its HMAC-SHA256 ``signature``."""

    receipt_code: str
    order_code: str
    status: str
    sku: str
    name_ko: str
    name_en: str
    amount_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    paid_at: datetime
    refunded_at: datetime | None
    signature: str
    signed_text: str
    verified: bool


class PendingIncreaseOut(ResponseModel):
    """A raised (``krw`` null: removed) limit that applies at ``effective_at``."""

    period: str
    krw: int | None
    effective_at: datetime


class LimitsOut(ResponseModel):
    """Own limits (null: none), the operator's monthly cap, pending increases, won spent and left per window."""

    day_krw: int | None
    week_krw: int | None
    month_krw: int | None
    operator_month_cap_krw: int
    pending: list[PendingIncreaseOut]
    spent: dict[str, int]
    remaining: dict[str, int]


LimitKrw = Annotated[int | None, Field(ge=limits.MIN_LIMIT_KRW, le=limits.MAX_LIMIT_KRW)]


class LimitsIn(ApiModel):
    """Own purchase limits in won (null: none). Lower applies at once; higher or none after 24 hours."""

    day_krw: LimitKrw = None
    week_krw: LimitKrw = None
    month_krw: LimitKrw = None


def _order(view: Any) -> OrderOut:
    return OrderOut.model_validate(view)


@router.get("/catalog", responses=errors(401, 403))
def get_catalog(user: Player) -> CatalogOut:
    """Products on sale with the caller's price (discounts with their real end time; VIP-only items locked)."""
    return CatalogOut(items=[CatalogItemOut.model_validate(i) for i in catalog.catalog(user.id)])


@router.post("/orders", responses={**errors(400, 401, 403, 404, 409, 429), **GATEWAY_ERRORS})
def create_order(body: PurchaseIn, user: Player, key: IdempotencyKey) -> OrderOut:
    """Buy a product: the order and its ``checkout_url``. The same key again returns the same order.

    Refused before any charge: 403 ``AGE_VERIFICATION_REQUIRED``, ``RANK_REQUIRED``,
    ``PURCHASE_LIMIT``; 429 ``PAYMENT_VELOCITY``. 404 ``PRODUCT_UNAVAILABLE``; the
    same key for another product is 409 ``IDEMPOTENCY_KEY_REUSED``.
    """
    return _order(orders.purchase(user.id, body.product_id, key))


@router.get("/orders", responses=errors(401, 403))
def list_orders(
    user: Player,
    limit: int = Query(20, ge=1, le=100),
    cursor: str | None = Query(None, max_length=40, description="``next_cursor`` of the previous page"),
) -> OrderPageOut:
    """The caller's purchase history, newest first, keyset paginated."""
    page = history.history(user.id, limit=limit, cursor=cursor)
    return OrderPageOut(items=[_order(i) for i in page.items], next_cursor=page.next_cursor)


@router.get(
    "/orders.csv",
    response_class=Response,
    responses={
        200: {"description": "The purchase history as CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
        **errors(401, 403),
    },
)
def export_orders(user: Player) -> Response:
    """The caller's whole purchase history as CSV (UTF-8 with BOM; times in KST)."""
    return Response(
        history.export_csv(user.id).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="purchases.csv"'},
    )


@router.get("/orders/{code}", responses={**errors(401, 403, 404), **GATEWAY_ERRORS})
def get_order(code: OrderCode, user: Player) -> OrderOut:
    """One of the caller's orders; an open one is first refreshed from the payment provider."""
    return _order(orders.get_order(user.id, code))


@router.post("/orders/{code}/confirm", responses={**errors(401, 403, 404, 409), **GATEWAY_ERRORS})
def confirm_order(code: OrderCode, body: ConfirmIn, user: Player) -> OrderOut:
    """Back from the provider's checkout: confirm the payment for the order's own amount and settle it."""
    return _order(orders.confirm_return(user.id, code, body.payment_key))


@router.post(
    "/orders/{code}/withdraw",
    response_model=OrderOut,
    responses={**errors(400, 401, 403, 404, 409), **GATEWAY_ERRORS},
)
def withdraw_order(request: Request, code: OrderCode, user: Player, key: IdempotencyKey) -> Response:
    """Withdraw a paid order within 7 days while its gold and items are unused (refunded in full).

    409 ``WITHDRAWAL_WINDOW_CLOSED`` after 7 days, ``PURCHASE_USED`` once any of it was used,
    ``ORDER_NOT_REFUNDABLE`` when it is not paid.
    """

    def action() -> tuple[int, OrderOut]:
        return 200, _order(refunds.withdraw(user.id, code))

    return respond_once(request, user.id, key, None, action)


@router.get("/receipts/{code}", responses=errors(401, 403, 404))
def get_receipt(
    code: Annotated[str, Path(max_length=32, pattern=RECEIPT_CODE, description="The receipt code")], user: Player
) -> ReceiptOut:
    """The caller's receipt with its signature checked on the server (``verified``)."""
    return ReceiptOut.model_validate(receipts.receipt(code, user.id))


@router.get("/limits", responses=errors(401, 403))
def get_limits(user: Player) -> LimitsOut:
    """The caller's purchase limits, pending increases, and won spent and left in each KST window."""
    return LimitsOut.model_validate(limits.get_limits(user.id))


@router.put("/limits", responses=errors(401, 403))
def put_limits(body: LimitsIn, user: Player) -> LimitsOut:
    """Set own limits: a lower one applies now, a higher one (or none) only after 24 hours."""
    result = limits.set_limits(user.id, day_krw=body.day_krw, week_krw=body.week_krw, month_krw=body.month_krw)
    return LimitsOut.model_validate(result)
