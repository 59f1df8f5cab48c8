"""Demo catalog for a fresh install: four gold packages (idempotent by SKU; never in production).

Prices follow the economy card (``../shared/seeds-inventory.md`` §2.14 balance targets: a day's play earns
1,200–1,800 gold): the smallest package is worth about a day of play, the largest is VIP-only. No discount is
seeded: a sale is something an operator starts with a real end time.
"""

from __future__ import annotations

from sqlmodel import select

from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.shop import ShopProduct
from casino_app.services.games.roulette import TICKET_ITEM_ID
from casino_app.services.shop.catalog import ProductInput, create_product

DEMO_PRODUCTS = (
    ProductInput("STARTER", "스타터 골드", "Starter gold", 1_100, 1_000, sort_order=10),
    ProductInput("VALUE", "알뜰 골드", "Value gold", 5_500, 5_000, bonus_gold=500, sort_order=20),
    ProductInput(
        "PREMIUM",
        "프리미엄 골드",
        "Premium gold",
        11_000,
        10_000,
        bonus_gold=1_500,
        items={TICKET_ITEM_ID: 1},
        sort_order=30,
    ),
    ProductInput(
        "VIP",
        "VIP 골드",
        "VIP gold",
        33_000,
        30_000,
        bonus_gold=6_000,
        items={TICKET_ITEM_ID: 3},
        required_rank="VIP",
        sort_order=40,
    ),
)


def seed_products(admin_site_id: str) -> str:
    """Create the demo packages that are missing, as the demo admin (audited like any catalog change)."""
    with session_scope() as db:
        existing = set(db.exec(select(ShopProduct.sku)).all())
        admin_id = db.exec(select(User.id).where(User.site_id == admin_site_id)).first()
    if admin_id is None:
        return "shop: no demo admin"
    created = 0
    for product in DEMO_PRODUCTS:
        if product.sku not in existing:
            create_product(product, actor_id=admin_id)
            created += 1
    return f"shop: {created} demo products"
