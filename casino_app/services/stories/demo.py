"""The demo shop's content pack: one "스토리 팩" product (idempotent by SKU; never in production).

Products exist only as catalog rows made by staff (audited); there is no migration for them. This seeds the one
content pack of a demo install through the catalog like any staff change: 2,200 won for 1,000 gold (the catalog
requires gold in every product; the starter package sells the same gold for 1,100 won) plus the
``story_pack_1`` inventory item, which opens stage 3 of the stories that list it (``catalog``). Paying for the
order grants the item through the shop's fulfilment (``shop.machine``: ``order.items`` into the inventory).
"""

from __future__ import annotations

from sqlmodel import select

from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.shop import ShopProduct
from casino_app.services.shop.catalog import ProductInput, create_product
from casino_app.services.stories.catalog import STORY_PACK

STORY_PACK_PRODUCT = ProductInput(
    "STORY_PACK", "스토리 팩", "Story pack", 2_200, 1_000, items={STORY_PACK: 1}, sort_order=50
)


def seed_story_pack(admin_site_id: str) -> str:
    """Create the story pack product when its SKU is missing, as the demo admin (audited ``shop.product.create``)."""
    with session_scope() as db:
        exists = db.exec(select(ShopProduct.id).where(ShopProduct.sku == STORY_PACK_PRODUCT.sku)).first()
        admin_id = db.exec(select(User.id).where(User.site_id == admin_site_id)).first()
    if exists is not None:
        return "stories: 0 demo products"
    if admin_id is None:
        return "stories: no demo admin"
    create_product(STORY_PACK_PRODUCT, actor_id=admin_id)
    return "stories: 1 demo product"
