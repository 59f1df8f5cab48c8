"""``/api/shop/limited``: limited packages on sale and buying one (optionally with a promo code).

A **blocked** limited buy answers the seed's contract ``200 {"success": false,
"reason": <code>, "message", "details"}`` instead of the error envelope: the
package is unknown, switched off or outside its window, sold out, the
player's per-package limit or purchase limit is reached, the promo code does
not apply, or the velocity rule blocks the payment — all of them decided
before any charge. Everything else keeps the JSON error envelope: 401/403 for
the caller (the age gate stays 403 ``AGE_VERIFICATION_REQUIRED`` like every
other shop route: it concerns the account, and the client sends the player
to verify it), 400/409 for the ``Idempotency-Key``, 422 for a malformed body
and 502/503 when the payment provider cannot open the payment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import Field

from casino_app.api.deps import Player
from casino_app.api.errors import locale_of
from casino_app.api.idempotency import IdempotencyKey
from casino_app.api.routes.shop import GATEWAY_ERRORS, OrderOut
from casino_app.api.schemas import ApiModel, ResponseModel, errors
from casino_app.i18n import CATALOGS, DEFAULT_LOCALE, error_message, t
from casino_app.services.shop import limited

router = APIRouter(prefix="/api/shop/limited", tags=["shop"])


class LimitedItemOut(ResponseModel):
    """A limited package on sale (``null``: no stock cap / no per-player limit)."""

    id: int
    code: str
    name_ko: str
    name_en: str
    price_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    starts_at: datetime
    ends_at: datetime = Field(description="The real end of the sale")
    total_stock: int | None
    remaining_stock: int | None = Field(description="Units still on sale (units held for open checkouts excluded)")
    per_user_limit: int | None
    remaining_for_you: int | None = Field(description="How many more the caller may buy")
    sold_out: bool


class LimitedCatalogOut(ResponseModel):
    """Limited packages on sale now."""

    items: list[LimitedItemOut]


class LimitedBuyIn(ApiModel):
    """The package to buy (one unit; the price is computed on the server) and an optional promo code."""

    package_id: int = Field(ge=1, le=2**53)
    promo_code: str | None = Field(None, min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")


class LimitedBuyOut(ResponseModel):
    """``success``: the order stands (``checkout_url`` to pay; ``receipt_code`` once paid). Otherwise ``reason``
    (a code), a ``message`` in the ``Accept-Language`` language, ``details``, and the failed order if any."""

    success: bool
    reason: str | None
    message: str | None
    details: dict[str, Any]
    order: OrderOut | None
    checkout_url: str | None
    receipt_code: str | None
    total_price_krw: int | None = Field(description="What the player pays, after any promo code")


def _message(reason: str, locale: str, details: dict[str, Any]) -> str:
    """The reason in words: the shop's error message, else the shop page's reason text, else a generic one."""
    if f"error.{reason}" in CATALOGS[DEFAULT_LOCALE]:
        return error_message(reason, locale, **details)
    key = f"shop.reason.{reason}"
    return t(key, locale) if key in CATALOGS[DEFAULT_LOCALE] else error_message(reason, locale)


@router.get("/catalog", responses=errors(401, 403))
def get_catalog(user: Player) -> LimitedCatalogOut:
    """Active packages inside their sale window with the stock left and the caller's remaining allowance."""
    return LimitedCatalogOut(items=[LimitedItemOut.model_validate(i) for i in limited.catalog(user.id)])


@router.post("/buy", responses={**errors(400, 401, 403, 409), **GATEWAY_ERRORS})
def buy(body: LimitedBuyIn, request: Request, user: Player, key: IdempotencyKey) -> LimitedBuyOut:
    """Buy one unit: the order and its ``checkout_url``; the same key again answers the same.

    A blocked buy is ``200`` with ``success: false`` and ``reason``: ``PACKAGE_NOT_FOUND``,
    ``PACKAGE_INACTIVE``, ``SALE_NOT_STARTED``, ``SALE_ENDED``, ``OUT_OF_STOCK``, ``PER_PLAYER_LIMIT``,
    ``PROMO_INVALID``, ``PROMO_EXPIRED``, ``PROMO_NOT_APPLICABLE``, ``PROMO_USED_UP``,
    ``PROMO_ALREADY_USED``, ``PURCHASE_LIMIT``, ``PAYMENT_VELOCITY`` (or, on a replay, why the payment
    failed). 403 ``AGE_VERIFICATION_REQUIRED``; 409 ``IDEMPOTENCY_KEY_REUSED`` when the key was used
    for another package or promo code.
    """
    outcome = limited.buy(user.id, body.package_id, key, body.promo_code)
    order = OrderOut.model_validate(outcome.order) if outcome.order is not None else None
    reason = outcome.reason
    return LimitedBuyOut(
        success=outcome.success,
        reason=reason,
        message=_message(reason, locale_of(request), outcome.details) if reason is not None else None,
        details=outcome.details,
        order=order,
        checkout_url=order.checkout_url if order is not None else None,
        receipt_code=order.receipt_code if order is not None else None,
        total_price_krw=order.amount_krw if order is not None else None,
    )
