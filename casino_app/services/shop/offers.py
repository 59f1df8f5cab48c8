"""What an order sells, priced on the server: a catalog product or a limited package (``orders.open_order``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from casino_app.core.errors import AppError
from casino_app.models.shop import ShopOrder, ShopProduct
from casino_app.services.shop import catalog


@dataclass(frozen=True)
class Offer:
    """What an order sells, priced on the server: a catalog product or a limited package (exactly one)."""

    amount_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    details: dict[str, Any]  # recorded on the ``created`` event: list price, discounts, promo code
    product_id: int | None = None
    limited_package_id: int | None = None
    required_rank: str | None = None
    promo_code_id: int | None = None
    discount_krw: int = 0


# Runs once the till passed, in the order's transaction (takes stock, records a promo use); a refusal fails the order.
Reserve = Callable[[Session, ShopOrder], AppError | None]


def product_offer(product: ShopProduct, rank: str, now: datetime) -> Offer:
    """A catalog product at the player's price."""
    price = catalog.price_for(product, rank, now)
    details = {"list_krw": price.list_krw, "discount_percent": price.discount_percent, "source": price.discount_source}
    return Offer(
        amount_krw=price.final_krw,
        gold=product.gold,
        bonus_gold=product.bonus_gold,
        items=dict(product.items or {}),
        details=details,
        product_id=product.id,
        required_rank=product.required_rank,
    )
