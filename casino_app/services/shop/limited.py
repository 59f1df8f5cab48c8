"""Limited packages: a sale window, a finite stock held during payment, a per-player limit, promo codes.

A limited buy is an ordinary shop order (``limited_package_id`` instead of a
product) opened by ``orders.open_order`` and paid through ``orders.start``, so
it shares the state machine, the gateway and its webhooks, receipts, refunds,
the age gate, purchase limits and the velocity rule. What is particular to it:

- **Blocked buys** (the seed's ``200 {success: false, reason}``): the package
  is unknown (``PACKAGE_NOT_FOUND``), switched off (``PACKAGE_INACTIVE``, the
  kill switch), outside its window (``SALE_NOT_STARTED`` / ``SALE_ENDED``), sold
  out (``OUT_OF_STOCK``), the player's limit is reached (``PER_PLAYER_LIMIT``),
  the promo code does not apply (``PROMO_*``, see ``promos``), or the till's
  ``PURCHASE_LIMIT`` / ``PAYMENT_VELOCITY``. Each leaves a ``failed`` order
  with the reason (except an unknown package: there is nothing to attach it
  to), nothing is charged, and a replay with the same key answers the same.
  The age gate stays a 403 ``AGE_VERIFICATION_REQUIRED`` as on every shop
  route: it is about the account, not this purchase.
- **Stock** is held when the order opens (``limited_stock.hold``, in the
  order's transaction), confirmed when it is paid and released when it fails
  or is voided (``limited_stock.on_order_status``, called by the state
  machine). ``sweep_holds`` (every 15 s) ends holds older than
  ``LIMITED_HOLD_TTL_SECONDS``: it asks the gateway first (an approved payment
  is settled as paid), otherwise voids the order with ``LIMITED_HOLD_EXPIRED``
  — a payment approved later is refunded at the provider, never credited.
- **Idempotency**: one order per player and ``Idempotency-Key``; the same key
  for another package or another promo code is 409 ``IDEMPOTENCY_KEY_REUSED``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock, metrics
from casino_app.core.db import session_scope
from casino_app.core.errors import AppError, Conflict, NotFound
from casino_app.models.limited import LimitedPackage
from casino_app.models.shop import ShopOrder
from casino_app.services import payments
from casino_app.services.shop import errors, limited_stock, machine, offers, orders, promos
from casino_app.services.shop.errors import LimitedBlocked
from casino_app.services.shop.machine import OPEN, OrderView

logger = logging.getLogger(__name__)

JOB_NAME = "limited-holds"
ACTOR = f"job:{JOB_NAME}"
BATCH = 200
# Refusals a limited buy answers as ``200 {success: false, reason}`` (besides every ``LimitedBlocked`` code).
TILL_BLOCKS: tuple[type[AppError], ...] = (errors.PurchaseLimitReached, errors.PaymentVelocity)
BLOCK_REASONS = frozenset(
    {
        "PACKAGE_NOT_FOUND",
        "PACKAGE_INACTIVE",
        "SALE_NOT_STARTED",
        "SALE_ENDED",
        "OUT_OF_STOCK",
        "PER_PLAYER_LIMIT",
        "PROMO_INVALID",
        "PROMO_EXPIRED",
        "PROMO_NOT_APPLICABLE",
        "PROMO_USED_UP",
        "PROMO_ALREADY_USED",
        "PURCHASE_LIMIT",
        "PAYMENT_VELOCITY",
    }
)


# --- the catalog ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LimitedItem:
    """A package on sale as the player sees it (``None``: no stock cap / no per-player limit)."""

    id: int
    code: str
    name_ko: str
    name_en: str
    price_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    starts_at: datetime
    ends_at: datetime
    total_stock: int | None
    remaining_stock: int | None
    per_user_limit: int | None
    remaining_for_you: int | None
    sold_out: bool


def _on_sale(now: datetime) -> Any:
    table = LimitedPackage.__table__
    return sa.and_(table.c.is_active, table.c.starts_at <= now, table.c.ends_at > now)


def catalog(user_id: int) -> list[LimitedItem]:
    """Active packages inside their window, with the stock left and what the player may still buy."""
    now = clock.now()
    with session_scope() as db:
        packages = list(
            db.execute(
                sa.select(LimitedPackage).where(_on_sale(now)).order_by(LimitedPackage.sort_order, LimitedPackage.id)
            ).scalars()
        )
        taken = limited_stock.taken_by(db, user_id, [p.id for p in packages if p.id is not None])
    items = []
    for p in packages:
        assert p.id is not None
        left = limited_stock.remaining(p)
        allowance = None if p.per_user_limit is None else max(0, p.per_user_limit - taken.get(p.id, 0))
        items.append(
            LimitedItem(
                id=p.id,
                code=p.code,
                name_ko=p.name_ko,
                name_en=p.name_en,
                price_krw=p.price_krw,
                gold=p.gold,
                bonus_gold=p.bonus_gold,
                items=dict(p.items or {}),
                starts_at=p.starts_at,
                ends_at=p.ends_at,
                total_stock=p.total_stock,
                remaining_stock=left,
                per_user_limit=p.per_user_limit,
                remaining_for_you=allowance,
                sold_out=left == 0,
            )
        )
    return items


# --- buying --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuyOutcome:
    """A limited buy: ``success`` with the order (pending with its checkout URL, or settled on a replay), or
    not, with the ``reason`` code and its details (``order`` is the failed order when there is one)."""

    order: OrderView | None
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        """The order stands (open or paid): neither blocked nor failed."""
        return self.reason is None


def _check_package(db: Session, package: LimitedPackage, user_id: int, now: datetime) -> None:
    """Raise ``LimitedBlocked`` when the package cannot be bought by ``user_id`` now (stock aside)."""
    assert package.id is not None
    if not package.is_active:
        raise LimitedBlocked(code="PACKAGE_INACTIVE", details={"package_id": package.id})
    if now < package.starts_at:
        raise LimitedBlocked(code="SALE_NOT_STARTED", details={"starts_at": package.starts_at.isoformat()})
    if now >= package.ends_at:
        raise LimitedBlocked(code="SALE_ENDED", details={"ends_at": package.ends_at.isoformat()})
    if package.per_user_limit is not None:
        bought = limited_stock.taken_by(db, user_id, [package.id]).get(package.id, 0)
        if bought >= package.per_user_limit:
            raise LimitedBlocked(code="PER_PLAYER_LIMIT", details={"limit": package.per_user_limit, "bought": bought})


def _open(
    db: Session, user_id: int, package: LimitedPackage, promo: str | None, key: str, now: datetime
) -> tuple[ShopOrder, AppError | None]:
    """Check the package and the promo code, then open the order through the shop (holding the stock)."""
    assert package.id is not None
    package_id = package.id
    user = orders.player(db, user_id)
    blocked: LimitedBlocked | None = None
    applied: promos.Quote | None = None
    try:
        _check_package(db, package, user_id, now)
        if promo is not None:
            applied = promos.quote(db, promo, package, user_id, now)
    except LimitedBlocked as exc:
        blocked = exc
    discount = applied.discount_krw if applied is not None else 0
    offer = offers.Offer(
        amount_krw=package.price_krw - discount,
        gold=package.gold,
        bonus_gold=package.bonus_gold,
        items=dict(package.items or {}),
        details={"list_krw": package.price_krw, "promo_code": promo, "discount_krw": discount},
        limited_package_id=package_id,
        promo_code_id=applied.promo_id if applied is not None else None,
        discount_krw=discount,
    )

    def reserve(db: Session, order: ShopOrder) -> AppError | None:
        if not limited_stock.hold(db, order):
            return LimitedBlocked(code="OUT_OF_STOCK", details={"package_id": package_id})
        if applied is None:
            return None
        return promos.record_use(db, applied, order_id=order.id or 0, user_id=user_id, package_id=package_id)

    return orders.open_order(db, user, offer, key, now, blocked=blocked, reserve=reserve)


def _refused(error: AppError, view: OrderView | None) -> BuyOutcome:
    """A refusal as a blocked outcome; the age gate (and anything else) is raised as it is."""
    if isinstance(error, (LimitedBlocked, *TILL_BLOCKS)):
        return BuyOutcome(view, error.error_code, dict(error.details))
    raise error


def _view(order: ShopOrder) -> OrderView:
    with session_scope() as db:
        return machine.view(db, order)


def buy(user_id: int, package_id: int, key: str, promo_code: str | None = None) -> BuyOutcome:
    """Buy one unit of ``package_id`` once per ``key`` (with ``promo_code`` if given); see the module docstring.

    Raises 403 ``AGE_VERIFICATION_REQUIRED`` / ``PLAYERS_ONLY``, 409 ``IDEMPOTENCY_KEY_REUSED`` and the
    gateway's error when it cannot open the payment; every other refusal is a blocked ``BuyOutcome``.
    """
    now = clock.now()
    promo = promos.normalize(promo_code)
    refusal: AppError | None = None
    with session_scope() as db:
        orders.lock_player(db, user_id)
        order = orders.find_by_key(db, user_id, key)
        if order is None:
            package = db.get(LimitedPackage, package_id)
            if package is None:
                orders.player(db, user_id)
                return BuyOutcome(None, "PACKAGE_NOT_FOUND", {"package_id": package_id})
            order, refusal = _open(db, user_id, package, promo, key, now)
        elif order.limited_package_id != package_id:
            raise Conflict(code="IDEMPOTENCY_KEY_REUSED", details={"idempotency_key": key})
        else:
            return _replay(order, promo, key)
    if refusal is not None:
        return _refused(refusal, _view(order))
    return _outcome(orders.start(order))


def _outcome(view: OrderView) -> BuyOutcome:
    if view.status in ("failed", "voided"):
        return BuyOutcome(view, view.reason or view.status.upper(), {})
    return BuyOutcome(view)


def _replay(order: ShopOrder, promo: str | None, key: str) -> BuyOutcome:
    """The same key again: the same order (refreshed while open), or the same refusal."""
    assert order.id is not None
    if orders.event_details(order.id, "created").get("promo_code") != promo:
        raise Conflict(code="IDEMPOTENCY_KEY_REUSED", details={"idempotency_key": key})
    metrics.SHOP_IDEMPOTENT_HITS.labels(order.status).inc()
    if order.status == "failed" and order.reason in BLOCK_REASONS:
        return BuyOutcome(_view(order), order.reason, orders.event_details(order.id, "failed"))
    try:
        return _outcome(orders.replay_order(order))
    except TILL_BLOCKS as exc:
        return _refused(exc, _view(order))


# --- expired holds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoldSweep:
    """What one run did: holds looked at, orders settled as paid, orders voided (stock released)."""

    checked: int
    paid: int
    released: int


def sweep_holds(limit: int = BATCH) -> HoldSweep:
    """End the holds past their TTL (oldest first); concurrent runs skip each other's orders."""
    with session_scope() as db:
        order_ids = list(db.execute(limited_stock.expired_holds(clock.now(), limit)).scalars())
    outcomes = [_expire(order_id) for order_id in order_ids]
    return HoldSweep(len(order_ids), outcomes.count("paid"), outcomes.count("released"))


def _expire(order_id: int) -> str:
    """One expired hold: settle its order if the provider approved it, else void it (releasing the stock)."""
    with session_scope() as db:
        order = machine.lock(db, order_id=order_id, skip_locked=True)
        if order is None:
            return "skipped"
        if order.status not in OPEN:  # never expected (the hold follows the order): repair it
            logger.error("limited order %s is %s with a held unit", order.code, order.status)
            if order.status in ("paid", "refunded"):
                limited_stock.confirm(db, order_id)
            else:
                limited_stock.release(db, order_id)
            return "repaired"
        try:
            result = payments.gateway(order.provider).query(order_code=order.code, payment_ref=order.payment_ref)
        except NotFound:
            result = None  # the provider never opened this payment
        except AppError:  # cannot ask now: the hold's time is up anyway; a later approval is refunded
            logger.warning("gateway %s could not report on %s", order.provider, order.code, exc_info=True)
            result = None
        if result is not None:
            orders.apply_locked(db, order, result, ACTOR)
        if order.status == "paid":
            return "paid"
        if order.status in OPEN:
            machine.transition(db, order, "voided", reason="LIMITED_HOLD_EXPIRED", actor=ACTOR)
        return "released"
