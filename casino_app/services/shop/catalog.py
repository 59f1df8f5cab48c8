"""The catalog: gold packages, what a player pays for them, and the staff's changes (every one audited).

Price rule (integer won, computed on the server only): a product's own
discount applies only while ``discount_ends_at`` is in the future (the end time
shown is the real one); a per-rank discount (``rank_discounts``, percent) applies
to players of that rank. Discounts do not stack: the larger one wins. The
discounted price is ``price - floor(price * percent / 100)``.

A product with a ``required_rank`` is listed for everyone (``locked`` for
lower ranks) but only players of that rank or above may buy it (403
``RANK_REQUIRED``). Inactive products and products past ``sunset_at`` are
neither listed nor sold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import RANKS, User
from casino_app.models.shop import ShopProduct
from casino_app.services import audit
from casino_app.services.games.roulette_table import TICKET_ITEM_ID
from casino_app.services.shop import errors, funnel
from casino_app.services.stories.catalog import PACK_ITEMS

SKU = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,39}$")
ITEMS = frozenset({TICKET_ITEM_ID, *PACK_ITEMS})  # extra items a product may grant (story packs: services/stories)
MAX_PRICE_KRW = 10_000_000
MAX_GOLD = 10**9
EDITABLE = (
    "sku",
    "name_ko",
    "name_en",
    "price_krw",
    "gold",
    "bonus_gold",
    "items",
    "discount_percent",
    "discount_ends_at",
    "required_rank",
    "rank_discounts",
    "sort_order",
    "is_active",
    "sunset_at",
)


@dataclass(frozen=True)
class Price:
    """What a player pays: the final price, the discount applied (percent) and when it ends (None: no end)."""

    list_krw: int
    final_krw: int
    discount_percent: int
    discount_ends_at: datetime | None
    discount_source: str | None  # "product" or "rank"


def price_for(product: ShopProduct, rank: str, now: datetime) -> Price:
    """The price of ``product`` for a player of ``rank`` at ``now`` (see the module docstring)."""
    own = product.discount_percent if product.discount_ends_at is not None and product.discount_ends_at > now else 0
    by_rank = int((product.rank_discounts or {}).get(rank, 0))
    if own == 0 and by_rank == 0:
        return Price(product.price_krw, product.price_krw, 0, None, None)
    if own >= by_rank:
        percent, ends, source = own, product.discount_ends_at, "product"
    else:
        percent, ends, source = by_rank, None, "rank"
    final = product.price_krw - (product.price_krw * percent) // 100
    return Price(product.price_krw, final, percent, ends, source)


def rank_allows(rank: str, required: str | None) -> bool:
    """Whether a player of ``rank`` may buy a product that requires ``required``."""
    return required is None or RANKS.index(rank) >= RANKS.index(required)


def on_sale(product: ShopProduct, now: datetime) -> bool:
    """Active and not past its sunset."""
    return product.is_active and (product.sunset_at is None or product.sunset_at > now)


@dataclass(frozen=True)
class CatalogItem:
    """A product as a player sees it."""

    id: int
    sku: str
    name_ko: str
    name_en: str
    gold: int
    bonus_gold: int
    items: dict[str, int]
    price: Price
    required_rank: str | None
    locked: bool
    sunset_at: datetime | None


def _sale_filter(now: datetime) -> Any:
    table = ShopProduct.__table__
    return sa.and_(table.c.is_active, sa.or_(table.c.sunset_at.is_(None), table.c.sunset_at > now))


def catalog(user_id: int) -> list[CatalogItem]:
    """Every product on sale with the player's price; records the ``open_shop`` funnel event."""
    now = clock.now()
    with session_scope() as db:
        rank = db.execute(sa.select(User.rank).where(User.id == user_id)).scalar_one_or_none()
        if rank is None:
            raise errors.ProductUnavailable(details={"user_id": user_id})
        products = (
            db.execute(sa.select(ShopProduct).where(_sale_filter(now)).order_by(ShopProduct.sort_order, ShopProduct.id))
            .scalars()
            .all()
        )
        funnel.emit(db, "open_shop", user_id, products=len(products))
        return [
            CatalogItem(
                id=p.id,
                sku=p.sku,
                name_ko=p.name_ko,
                name_en=p.name_en,
                gold=p.gold,
                bonus_gold=p.bonus_gold,
                items=dict(p.items or {}),
                price=price_for(p, rank, now),
                required_rank=p.required_rank,
                locked=not rank_allows(rank, p.required_rank),
                sunset_at=p.sunset_at,
            )
            for p in products
        ]


def for_sale(db: Session, product_id: int, now: datetime) -> ShopProduct:
    """The product if it is on sale now, else 404 ``PRODUCT_UNAVAILABLE``."""
    product = db.get(ShopProduct, product_id)
    if product is None or not on_sale(product, now):
        raise errors.ProductUnavailable(details={"product_id": product_id})
    return product


# --- staff -----------------------------------------------------------------------------------


@dataclass
class ProductInput:
    """Fields of a new product (validated by ``validate``)."""

    sku: str
    name_ko: str
    name_en: str
    price_krw: int
    gold: int
    bonus_gold: int = 0
    items: dict[str, int] = field(default_factory=dict)
    discount_percent: int = 0
    discount_ends_at: datetime | None = None
    required_rank: str | None = None
    rank_discounts: dict[str, int] = field(default_factory=dict)
    sort_order: int = 0
    is_active: bool = True
    sunset_at: datetime | None = None


def _int_in(value: Any, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check every catalog rule on a full set of product fields; raise 422 ``PRODUCT_INVALID`` naming the field."""

    def bad(name: str) -> errors.ProductInvalid:
        return errors.ProductInvalid(details={"field": name})

    values = {**values, "sku": str(values["sku"]).strip().upper()}
    if not SKU.fullmatch(values["sku"]):
        raise bad("sku")
    for name in ("name_ko", "name_en"):
        values[name] = str(values[name]).strip()
        if not 1 <= len(values[name]) <= 80:
            raise bad(name)
    checks = {
        "price_krw": (100, MAX_PRICE_KRW),
        "gold": (1, MAX_GOLD),
        "bonus_gold": (0, MAX_GOLD),
        "discount_percent": (0, 90),
        "sort_order": (-10_000, 10_000),
    }
    for name, (low, high) in checks.items():
        if not _int_in(values[name], low, high):
            raise bad(name)
    if values["discount_percent"] and values["discount_ends_at"] is None:
        raise bad("discount_ends_at")  # a discount always has its real end time
    for name in ("discount_ends_at", "sunset_at"):
        if values[name] is not None and values[name].tzinfo is None:
            raise bad(name)
    items = values["items"] or {}
    if not isinstance(items, dict) or any(k not in ITEMS or not _int_in(n, 1, 1000) for k, n in items.items()):
        raise bad("items")
    ranks = values["rank_discounts"] or {}
    if not isinstance(ranks, dict) or any(k not in RANKS or not _int_in(n, 0, 90) for k, n in ranks.items()):
        raise bad("rank_discounts")
    if values["required_rank"] is not None and values["required_rank"] not in RANKS:
        raise bad("required_rank")
    if type(values["is_active"]) is not bool:
        raise bad("is_active")
    return {**values, "items": dict(items), "rank_discounts": {k: n for k, n in ranks.items() if n}}


def _snapshot(product: ShopProduct) -> dict[str, Any]:
    return {
        name: (value.isoformat() if isinstance(value, datetime) else value)
        for name in EDITABLE
        for value in [getattr(product, name)]
    }


def _sku_taken(db: Session, sku: str, other_than: int | None = None) -> bool:
    query = sa.select(ShopProduct.id).where(ShopProduct.sku == sku)
    if other_than is not None:
        query = query.where(ShopProduct.id != other_than)
    return db.execute(query).first() is not None


def create_product(data: ProductInput, *, actor_id: int, ip: str = "") -> ShopProduct:
    """Add a product (audited ``shop.product.create``); 409 ``SKU_TAKEN`` for a duplicate SKU."""
    values = validate(vars(data))
    now = clock.now()
    with session_scope() as db:
        db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('shop:catalog'))"))  # SKU check, then insert
        if _sku_taken(db, values["sku"]):
            raise errors.SkuTaken(details={"sku": values["sku"]})
        product = ShopProduct(**values, created_at=now, updated_at=now)
        db.add(product)
        db.flush()
        audit.record(
            db,
            actor_id=actor_id,
            action="shop.product.create",
            target_type="shop_product",
            target_id=product.id or 0,
            details={"after": _snapshot(product)},
            ip=ip,
        )
        return product


def update_product(product_id: int, changes: dict[str, Any], *, actor_id: int, ip: str = "") -> ShopProduct:
    """Edit, activate/deactivate or set the sunset of a product; audited with the fields before and after."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise errors.ProductInvalid(details={"field": sorted(unknown)[0]})
    with session_scope() as db:
        db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('shop:catalog'))"))
        product = db.get(ShopProduct, product_id, with_for_update=True)
        if product is None:
            raise errors.ProductUnavailable(details={"product_id": product_id})
        before = _snapshot(product)
        values = validate({**{name: getattr(product, name) for name in EDITABLE}, **changes})
        if values["sku"] != product.sku and _sku_taken(db, values["sku"], other_than=product_id):
            raise errors.SkuTaken(details={"sku": values["sku"]})
        for name, value in values.items():
            setattr(product, name, value)
        after = _snapshot(product)
        changed = sorted(name for name in EDITABLE if before[name] != after[name])
        if changed:
            product.updated_at = clock.now()
            audit.record(
                db,
                actor_id=actor_id,
                action=_action(changed, after),
                target_type="shop_product",
                target_id=product_id,
                details={
                    "changed": changed,
                    "before": {n: before[n] for n in changed},
                    "after": {n: after[n] for n in changed},
                },
                ip=ip,
            )
        db.flush()
        return product


def _action(changed: list[str], after: dict[str, Any]) -> str:
    """The audit action: activate/deactivate/sunset when that is all that changed, else update."""
    if changed == ["is_active"]:
        return "shop.product.activate" if after["is_active"] else "shop.product.deactivate"
    if changed == ["sunset_at"]:
        return "shop.product.sunset"
    return "shop.product.update"


def list_products() -> list[ShopProduct]:
    """Every product, on sale or not (staff)."""
    with session_scope() as db:
        return list(db.execute(sa.select(ShopProduct).order_by(ShopProduct.sort_order, ShopProduct.id)).scalars())
