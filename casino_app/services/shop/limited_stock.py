"""Stock of limited packages: held while an order is open, confirmed when it is paid, released when it ends unpaid.

**Why PostgreSQL, not Redis** (the seed kept stock, holds and per-player
counters in Redis): the hold is taken in the *same transaction* that writes
the order, and confirmed or released in the same transaction as the order's
status change. A crash can therefore never leave a hold without its order, an
order without its hold, or a paid order whose unit went back on sale — with
Redis beside the database each of those needs compensating work. Stock is two
counters on the package row (``held``, ``sold``) changed only by conditional
updates::

    UPDATE limited_packages SET held = held + :q
     WHERE id = :id AND (total_stock IS NULL OR sold + held + :q <= total_stock)

Under READ COMMITTED, concurrent buyers of the last unit queue on the row lock
and each re-evaluates the ``WHERE`` against the committed row, so exactly one
of them gets it; ``CHECK (sold + held <= total_stock)`` is the last line of
defence. The per-player limit counts the player's ``held`` and ``confirmed``
holds under the player's purchase lock (``orders.lock_player``).

**Invariant**: a hold is ``held`` exactly while its order is open (``created``
or ``pending``). ``on_order_status`` is called by ``machine.transition`` — the
one place any order changes status — in that transaction: ``paid`` confirms
the hold, ``failed``/``voided`` release it (and give back the promo code use).
A hold past ``expires_at`` (``LIMITED_HOLD_TTL_SECONDS``) is ended by
``limited.sweep_holds``, which settles or voids its order. A refund keeps the
unit sold (the sale happened; the stock is not resold).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.models.limited import LimitedPackage, LimitedStockHold
from casino_app.models.shop import ShopOrder
from casino_app.services.shop import promos
from casino_app.settings import get_settings

logger = logging.getLogger(__name__)

TAKEN = ("held", "confirmed")


def hold_ttl() -> timedelta:
    """How long a unit stays held for an open order."""
    return timedelta(seconds=get_settings().limited_hold_ttl_seconds)


def hold(db: Session, order: ShopOrder, quantity: int = 1) -> bool:
    """Take ``quantity`` units of the order's package for it (in the order's transaction); False when sold out."""
    packages = LimitedPackage.__table__
    package_id = order.limited_package_id
    taken = db.execute(
        sa.update(packages)
        .where(
            packages.c.id == package_id,
            sa.or_(
                packages.c.total_stock.is_(None),
                packages.c.sold + packages.c.held + quantity <= packages.c.total_stock,
            ),
        )
        .values(held=packages.c.held + quantity)
        .returning(packages.c.id)
    ).first()
    if taken is None:
        return False
    now = clock.now()
    db.execute(
        sa.insert(LimitedStockHold.__table__).values(
            order_id=order.id,
            package_id=package_id,
            user_id=order.user_id,
            quantity=quantity,
            state="held",
            expires_at=now + hold_ttl(),
            created_at=now,
        )
    )
    return True


def _settle(db: Session, order_id: int, state: str, now: datetime) -> bool:
    """Move the order's ``held`` hold to ``state`` and the package counters with it (once)."""
    holds, packages = LimitedStockHold.__table__, LimitedPackage.__table__
    row = db.execute(
        sa.update(holds)
        .where(holds.c.order_id == order_id, holds.c.state == "held")
        .values(state=state, settled_at=now)
        .returning(holds.c.package_id, holds.c.quantity)
    ).first()
    if row is None:
        return False
    values = {"held": packages.c.held - row.quantity}
    if state == "confirmed":
        values["sold"] = packages.c.sold + row.quantity
    db.execute(sa.update(packages).where(packages.c.id == row.package_id).values(**values))
    return True


def confirm(db: Session, order_id: int) -> bool:
    """The order was paid: its held units become sold."""
    return _settle(db, order_id, "confirmed", clock.now())


def release(db: Session, order_id: int) -> bool:
    """The order ended unpaid: its held units go back on sale."""
    return _settle(db, order_id, "released", clock.now())


def on_order_status(db: Session, order: ShopOrder, status: str) -> None:
    """The hook ``machine.transition`` calls for a limited-package order entering ``status`` (same transaction)."""
    assert order.id is not None
    if status == "paid":
        if not confirm(db, order.id):
            logger.error("limited order %s paid without a held unit", order.code)
    elif status in ("failed", "voided"):
        release(db, order.id)
        promos.release_use(db, order.id)


def taken_by(db: Session, user_id: int, package_ids: list[int]) -> dict[int, int]:
    """Units of each package the player holds or bought (what the per-player limit counts)."""
    if not package_ids:
        return {}
    holds = LimitedStockHold.__table__
    rows = db.execute(
        sa.select(holds.c.package_id, sa.func.sum(holds.c.quantity))
        .where(holds.c.user_id == user_id, holds.c.package_id.in_(package_ids), holds.c.state.in_(TAKEN))
        .group_by(holds.c.package_id)
    ).all()
    return {int(package_id): int(total) for package_id, total in rows}


def remaining(package: LimitedPackage) -> int | None:
    """Units still on sale (held units excluded); None when the package has no stock cap."""
    if package.total_stock is None:
        return None
    return max(0, package.total_stock - package.sold - package.held)


def expired_holds(now: datetime, limit: int) -> sa.Select:
    """The query for order ids whose hold ran out (oldest first)."""
    holds = LimitedStockHold.__table__
    return (
        sa.select(holds.c.order_id)
        .where(holds.c.state == "held", holds.c.expires_at <= now)
        .order_by(holds.c.expires_at)
        .limit(limit)
    )
