"""The shop's periodic job (every minute): settle open orders from the gateway, void the stale ones.

For every order still ``created`` or ``pending`` (older than a short grace, so a
player in the middle of checkout is not raced), the job asks the gateway and
applies its answer — so an approval whose webhook never arrived, or whose
processing died between the provider's approval and the gold credit, is
credited on the next run (exactly once: the credit is part of the ``→ paid``
transition, and the ledger key ``shop:order:<id>`` can be posted only once).
An order still open after 5 minutes is voided with ``STALE_AUTO_VOID`` — after
asking the gateway first: an approved payment is settled as paid instead. When
the gateway cannot answer (other than "no such payment"), the order is left
for the next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError, NotFound
from casino_app.models.shop import ShopOrder
from casino_app.services import payments
from casino_app.services.shop import machine, orders

logger = logging.getLogger(__name__)

JOB_NAME = "shop-settle"
ACTOR = f"job:{JOB_NAME}"
STALE_AFTER = timedelta(minutes=5)
SETTLE_GRACE = timedelta(seconds=30)
BATCH = 200


@dataclass(frozen=True)
class SweepResult:
    """What one run did."""

    checked: int
    paid: int
    closed: int
    voided: int


def sweep(limit: int = BATCH) -> SweepResult:
    """Settle or void the open orders (oldest first, at most ``limit``); concurrent runs skip each other's rows."""
    now = clock.now()
    with session_scope() as db:
        codes = list(
            db.execute(
                sa.select(ShopOrder.code)
                .where(ShopOrder.status.in_(machine.OPEN), ShopOrder.created_at <= now - SETTLE_GRACE)  # type: ignore[attr-defined]
                .order_by(ShopOrder.id)
                .limit(limit)
            ).scalars()
        )
    outcomes = [_settle(code) for code in codes]
    return SweepResult(
        checked=len(codes),
        paid=outcomes.count("paid"),
        closed=outcomes.count("closed"),
        voided=outcomes.count("voided"),
    )


def _settle(code: str) -> str:
    """One order: ask, apply, void when stale. Returns ``paid``, ``closed``, ``voided``, ``open`` or ``skipped``."""
    with session_scope() as db:
        order = machine.lock(db, code=code, skip_locked=True)
        if order is None or order.status not in machine.OPEN:
            return "skipped"
        stale = clock.now() - order.created_at > STALE_AFTER
        try:
            result = payments.gateway(order.provider).query(order_code=order.code, payment_ref=order.payment_ref)
        except NotFound:  # the provider never opened this payment
            result = None
        except AppError:
            logger.warning("gateway %s could not report on %s; retried next run", order.provider, code, exc_info=True)
            return "open"
        if result is not None:
            orders.apply_locked(db, order, result, ACTOR)
        if order.status == "paid":
            return "paid"
        if order.status not in machine.OPEN:
            return "closed"
        if not stale:
            return "open"
        machine.transition(db, order, "voided", reason="STALE_AUTO_VOID", actor=ACTOR)
        return "voided"
