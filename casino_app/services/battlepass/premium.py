"""The premium pass is a shop product: paying for it turns premium on, refunding it turns premium off.

A season names its product (``premium_product_id``). The shop's state machine calls ``on_order_status``
whenever an order of a product becomes ``paid`` or ``refunded``, in that transaction:

- ``paid``: if the product is the premium pass of the season live at that moment, the buyer owns that
  season's premium track from now on (``premium_order_id`` remembers the order). Every premium reward of a
  tier already reached becomes claimable at once — the pass is the same whenever it is bought. An order paid
  when no such season is live (or by a player who already owns premium) changes nothing here: the purchase
  stays unused and can be withdrawn like any other.
- ``refunded``: premium bought with that order is taken away. A player's 7-day withdrawal is allowed only
  while no premium reward was claimed (``used_by``, called by the shop's "unused" rule, which makes it
  409 ``PURCHASE_USED`` otherwise); a staff refund takes premium away in any case and, like gold already
  spent, leaves rewards already claimed with the player.

``check_purchasable`` is called by ``shop.orders.purchase`` before an order is written (so before any payment):
a product that is some season's premium pass (any season naming it, draft or published) is refused with 409
``BATTLEPASS_PREMIUM_UNAVAILABLE`` unless the live season names it, and with 409 ``BATTLEPASS_PREMIUM_OWNED``
when the buyer already owns that season's premium. Two checkouts opened before either is paid can still both be
paid; the second then changes nothing and stays withdrawable, as described above.

``used_by`` locks the progress row, the same row a claim locks, so a claim and a withdrawal never interleave.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import Sql, run
from casino_app.models.battlepass import BattlePassClaim, BattlePassProgress, BattlePassSeason
from casino_app.models.shop import ShopOrder
from casino_app.services.battlepass import errors, seasons

_GRANT = """
    INSERT INTO battlepass_progress AS p (season_id, user_id, xp, premium, premium_order_id, premium_at, updated_at)
    SELECT s.id, %(user_id)s, 0, true, %(order_id)s, %(now)s, %(now)s
      FROM battlepass_seasons s
     WHERE s.premium_product_id = %(product_id)s AND s.status = 'published'
       AND s.starts_at <= %(now)s AND s.ends_at > %(now)s
    ON CONFLICT (season_id, user_id) DO UPDATE
       SET premium = true, premium_order_id = EXCLUDED.premium_order_id,
           premium_at = EXCLUDED.premium_at, updated_at = EXCLUDED.updated_at
     WHERE NOT p.premium
    RETURNING season_id
"""


def check_purchasable(db: Session, user_id: int, product_id: int, now: datetime) -> None:
    """Refuse buying a premium pass that would do nothing (409, see the module docstring); other products pass."""
    named = db.execute(
        sa.select(BattlePassSeason.id).where(BattlePassSeason.premium_product_id == product_id).limit(1)
    ).first()
    if named is None:
        return
    season = seasons.live(db, now)
    if season is None or season.id is None or season.premium_product_id != product_id:
        raise errors.PremiumUnavailable(details={"product_id": product_id})
    progress = db.get(BattlePassProgress, (season.id, user_id))
    if progress is not None and progress.premium:
        raise errors.PremiumOwned(details={"season_key": season.key})


def on_order_status(db: Session, order: ShopOrder, status: str) -> None:
    """The hook ``shop.machine.transition`` calls when a product order becomes ``paid`` or ``refunded``."""
    if order.product_id is None or order.id is None:
        return
    now = clock.now()
    if status == "paid":
        params = {"user_id": order.user_id, "order_id": order.id, "product_id": order.product_id, "now": now}
        run(db, Sql(_GRANT, params))
    elif status == "refunded":
        table = BattlePassProgress.__table__
        db.execute(
            sa.update(table)
            .where(table.c.premium_order_id == order.id)
            .values(premium=False, premium_order_id=None, premium_at=None, updated_at=now)
        )


def used_by(db: Session, order: ShopOrder) -> dict[str, Any] | None:
    """Why the premium bought with ``order`` counts as used (a premium reward was claimed), else None.

    Locks the progress row the order gave premium to (until the transaction ends).
    """
    progress = BattlePassProgress.__table__
    row = db.execute(
        sa.select(progress.c.season_id, progress.c.user_id)
        .where(progress.c.premium_order_id == order.id)
        .with_for_update()
    ).first()
    if row is None:
        return None
    claims = BattlePassClaim.__table__
    claimed = db.execute(
        sa.select(claims.c.id)
        .where(claims.c.season_id == row.season_id, claims.c.user_id == row.user_id, claims.c.track == "premium")
        .limit(1)
    ).first()
    return {"battlepass_premium_claimed": True, "season_id": int(row.season_id)} if claimed is not None else None
