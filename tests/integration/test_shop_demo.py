"""The demo install has a real catalog: four packages, seeded once, audited, the VIP one locked for others."""

from __future__ import annotations

from sqlmodel import select

from casino_app.core.db import session_scope
from casino_app.models.audit import AuditLog
from casino_app.models.shop import ShopProduct
from casino_app.services import seed
from casino_app.services.shop import catalog
from tests.support.accounts import new_player


def test_demo_products_are_seeded_once_and_priced_honestly() -> None:
    first = seed.seed_demo_data()
    again = seed.seed_demo_data()
    assert "shop: 4 demo products" in first
    assert "shop: 0 demo products" in again
    with session_scope() as db:
        skus = db.exec(select(ShopProduct.sku).order_by(ShopProduct.sort_order)).all()
        audited = db.exec(select(AuditLog.action).where(AuditLog.action == "shop.product.create")).all()
    # the demo season's premium pass and the story pack (services/stories/demo.py) are the other two
    shop_skus = [sku for sku in skus if not sku.startswith("BP_") and sku != "STORY_PACK"]
    assert shop_skus == ["STARTER", "VALUE", "PREMIUM", "VIP"]
    assert len(skus) == 6
    assert len(audited) == 6
    player = new_player()
    items = {item.sku: item for item in catalog.catalog(player.user.id)}
    assert all(item.price.final_krw == item.price.list_krw for item in items.values())  # no seeded sale
    assert items["VIP"].locked
    assert not items["STARTER"].locked
    assert items["VALUE"].gold + items["VALUE"].bonus_gold == 5_500
