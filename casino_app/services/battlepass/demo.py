"""Demo battle pass for a fresh install: a 30-day season of 30 tiers and its premium pass product (never in
production; idempotent: nothing is created while a published season is live or about to start).

Pass XP per action follows the economy card's pace (a day of play is about 50 rounds and a check-in, so
roughly one tier a day); rewards are modest gold, XP and roulette tickets. The premium product is an ordinary
shop product (its gold, the shop's age check and purchase limits apply) sold until the season ends.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import select

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.battlepass import BattlePassSeason
from casino_app.models.shop import ShopProduct
from casino_app.services.battlepass import admin
from casino_app.services.battlepass.rewards import Reward
from casino_app.services.games.roulette_table import TICKET_ITEM_ID
from casino_app.services.shop import catalog

DAYS = 30
TIERS = 30
XP_PER_TIER = 500


def demo_tiers() -> list[admin.TierInput]:
    """Tier n at ``XP_PER_TIER * (n - 1)`` pass XP; a free reward on every tier, a larger premium one."""
    tiers = []
    for level in range(1, TIERS + 1):
        if level % 5 == 0:
            free, premium = Reward("item", 1, TICKET_ITEM_ID), Reward("item", 2, TICKET_ITEM_ID)
        elif level % 2 == 0:
            free, premium = Reward("xp", 50), Reward("gold", 600)
        else:
            free, premium = Reward("gold", 200), Reward("xp", 100)
        if level % 10 == 0:
            premium = Reward("gold", 2_000)
        tiers.append(admin.TierInput(level, XP_PER_TIER * (level - 1), free, premium))
    return tiers


def seed_season(admin_site_id: str) -> str:
    """Create and publish a demo season starting today (KST) with its premium product, as the demo admin."""
    now = clock.now()
    with session_scope() as db:
        admin_id = db.exec(select(User.id).where(User.site_id == admin_site_id)).first()
        running = db.execute(
            sa.select(BattlePassSeason.key).where(
                BattlePassSeason.status == "published", BattlePassSeason.ends_at > now
            )
        ).scalar()
    if admin_id is None:
        return "battlepass: no demo admin"
    if running is not None:
        return f"battlepass: season {running} already published"
    starts = clock.start_of_business_day(clock.business_date(now))
    ends = starts + timedelta(days=DAYS)
    key = f"demo-{clock.business_date(now):%Y%m%d}"
    product_id = _product(f"BP_{key.upper()}", ends, admin_id)
    with session_scope() as db:
        found = db.execute(sa.select(BattlePassSeason).where(BattlePassSeason.key == key)).scalar_one_or_none()
    if found is None:  # a seed interrupted earlier left its draft: finish that one
        found = admin.create_season(
            admin.SeasonInput(
                key=key,
                name_ko="시즌 패스",
                name_en="Season pass",
                starts_at=starts,
                ends_at=ends,
                premium_product_id=product_id,
            ),
            actor_id=admin_id,
        )
    assert found.id is not None
    if found.status == "draft":
        admin.set_tiers(found.id, demo_tiers(), actor_id=admin_id)
        admin.publish(found.id, actor_id=admin_id)
    return f"battlepass: season {key} with {TIERS} tiers"


def _product(sku: str, ends: datetime, admin_id: int) -> int:
    """The premium pass product ``sku`` (created, on sale until ``ends``, if missing)."""
    with session_scope() as db:
        existing = db.execute(sa.select(ShopProduct.id).where(ShopProduct.sku == sku)).scalar()
    if existing is not None:
        return int(existing)
    product = catalog.create_product(
        catalog.ProductInput(
            sku=sku,
            name_ko="배틀패스 프리미엄",
            name_en="Battle pass premium",
            price_krw=5_500,
            gold=1_000,
            sort_order=5,
            sunset_at=ends,
        ),
        actor_id=admin_id,
    )
    assert product.id is not None
    return product.id
