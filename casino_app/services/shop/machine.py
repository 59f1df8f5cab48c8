"""The order state machine and the gold credit.

States: ``created → pending → paid | failed | voided`` and ``paid → refunded``.
``created`` may also go straight to ``failed`` (refused at the till, or the
gateway could not open the payment), ``voided`` (never paid) or ``paid`` (the
provider's approval arrived before the order was marked pending). Every
transition is one conditional ``UPDATE … WHERE id = :id AND status = :from``
plus one ``shop_order_events`` row, inside the caller's transaction; callers
hold the order's row lock (``lock``), so a transition that finds another status
is a bug and raises.

Gold moves only on ``→ paid``, in the same transaction, through one ledger
transfer ``shop:sales → user`` of ``gold + bonus_gold`` with the key
``shop:order:<id>``: nothing is held while an order is pending, so the ledger
sums to zero at every instant, and replaying the credit can never post twice.

Limited-package orders (``limited_package_id``) go through the same machine;
``transition`` — the one place an order changes status — calls
``limited_stock.on_order_status`` in the same transaction, which confirms the
held stock on ``paid`` and releases it (and the promo code use) on ``failed``
or ``voided``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock, metrics
from casino_app.core.db import after_commit
from casino_app.models.limited import LimitedPackage
from casino_app.models.shop import ShopOrder, ShopOrderEvent, ShopProduct
from casino_app.services import ledger, outbox
from casino_app.services.battlepass import premium as battlepass_premium
from casino_app.services.games import inventory
from casino_app.services.shop import funnel, limited_stock, receipts

ALLOWED: dict[str, frozenset[str]] = {
    "created": frozenset({"pending", "paid", "failed", "voided"}),
    "pending": frozenset({"paid", "failed", "voided"}),
    "paid": frozenset({"refunded"}),
}
OPEN = ("created", "pending")
PURCHASE_KIND = "PURCHASE"
REFUND_KIND = "REFUND"


class IllegalTransition(RuntimeError):
    """A transition the state machine does not allow, or one that lost its ``WHERE status`` check."""


def lock(
    db: Session, *, code: str | None = None, order_id: int | None = None, skip_locked: bool = False
) -> ShopOrder | None:
    """The order by code or id, locked for this transaction and freshly read (``skip_locked``: None if busy)."""
    query = sa.select(ShopOrder).with_for_update(skip_locked=skip_locked).execution_options(populate_existing=True)
    query = query.where(ShopOrder.code == code) if code is not None else query.where(ShopOrder.id == order_id)
    return db.execute(query).scalar_one_or_none()


def order_kind(order: ShopOrder) -> str:
    """The ``kind`` label of the order metrics: ``limited`` for a limited package, else ``standard``."""
    return "limited" if order.limited_package_id is not None else "standard"


def transition(
    db: Session,
    order: ShopOrder,
    to: str,
    *,
    reason: str | None,
    actor: str,
    details: dict[str, Any] | None = None,
    **values: Any,
) -> None:
    """Move ``order`` to ``to`` (conditional on its current status) and append the event."""
    before = order.status
    if to not in ALLOWED.get(before, frozenset()):
        raise IllegalTransition(f"order {order.code}: {before} → {to} is not allowed")
    now = clock.now()
    moved = db.execute(
        sa.update(ShopOrder)
        .where(ShopOrder.id == order.id, ShopOrder.status == before)
        .values(status=to, reason=reason, updated_at=now, **values)
        .returning(ShopOrder.id)
        .execution_options(synchronize_session=False)
    ).first()
    if moved is None:
        raise IllegalTransition(f"order {order.code} was no longer {before}")
    order.status, order.reason, order.updated_at = to, reason, now
    for name, value in values.items():
        setattr(order, name, value)
    db.add(
        ShopOrderEvent(
            order_id=order.id or 0,
            from_status=before,
            to_status=to,
            reason=reason,
            actor=actor[:40],
            details=details or {},
            created_at=now,
        )
    )
    db.flush()
    counted = metrics.SHOP_ORDERS.labels(order_kind(order), to)
    after_commit(db, counted.inc)
    if order.limited_package_id is not None:
        limited_stock.on_order_status(db, order, to)
    if to in ("paid", "refunded"):
        battlepass_premium.on_order_status(db, order, to)  # a premium pass product turns premium on / off
    if to in ("failed", "voided"):
        funnel.emit(db, "buy_fail", order.user_id, order=order.code, reason=reason, status=to)
        after_commit(db, lambda r=reason or to: metrics.SHOP_PURCHASE_FAILURES.labels(r).inc())


def note(db: Session, order: ShopOrder, *, reason: str, actor: str, details: dict[str, Any] | None = None) -> None:
    """Append an event that changes no status (e.g. a late approval refunded at the provider)."""
    db.add(
        ShopOrderEvent(
            order_id=order.id or 0,
            from_status=order.status,
            to_status=order.status,
            reason=reason,
            actor=actor[:40],
            details=details or {},
            created_at=clock.now(),
        )
    )
    db.flush()


def mark_paid(
    db: Session, order: ShopOrder, *, actor: str, payment_ref: str | None, card_fingerprint: str | None
) -> None:
    """``→ paid``: credit ``gold + bonus_gold`` (and the items) and sign the receipt, all in this transaction."""
    account = ledger.user_account(order.user_id)
    ledger.ensure_user_account(db, order.user_id)
    posting = ledger.post(
        db,
        key=f"shop:order:{order.id}",
        kind=PURCHASE_KIND,
        legs=[ledger.Leg("shop:sales", account, order.gold + order.bonus_gold, PURCHASE_KIND)],
        reference=f"shop:{order.code}",
        memo={"order": order.code, "amount_krw": order.amount_krw},
    )
    for item_id, quantity in sorted((order.items or {}).items()):
        inventory.grant(db, order.user_id, item_id, quantity)
    now = clock.now()
    order.paid_at, order.receipt_code = now, receipts.new_code()
    order.payment_ref = payment_ref or order.payment_ref
    signature = receipts.sign(order)
    transition(
        db,
        order,
        "paid",
        reason=None,
        actor=actor,
        details={"transfer_id": posting.transfer_id},
        transfer_id=posting.transfer_id,
        paid_at=now,
        receipt_code=order.receipt_code,
        receipt_signature=signature,
        payment_ref=order.payment_ref,
        card_fingerprint=(card_fingerprint or order.card_fingerprint or None),
    )
    payload = order_event(order, "paid")
    outbox.emit(db, outbox.SHOP_ORDERS, order.user_id, {**payload, "transfer_id": posting.transfer_id})
    funnel.emit(db, "buy_success", order.user_id, order=order.code, amount_krw=order.amount_krw)
    after_commit(db, metrics.SHOP_PURCHASE_SUCCESSES.inc)


def order_event(order: ShopOrder, event: str) -> dict[str, Any]:
    """The outbox payload of a paid or refunded order."""
    return {
        "event": event,
        "order": order.code,
        "user_id": order.user_id,
        "product_id": order.product_id,
        "limited_package_id": order.limited_package_id,
        "amount_krw": order.amount_krw,
        "discount_krw": order.discount_krw,
        "gold": order.gold,
        "bonus_gold": order.bonus_gold,
        "provider": order.provider,
        "receipt_code": order.receipt_code,
    }


@dataclass(frozen=True)
class OrderView:
    """An order as its owner (and staff) see it."""

    id: int
    code: str
    user_id: int
    status: str
    reason: str | None
    product_id: int | None
    sku: str
    name_ko: str
    name_en: str
    amount_krw: int
    gold: int
    bonus_gold: int
    items: dict[str, int]
    provider: str
    payment_ref: str | None
    checkout_url: str | None
    receipt_code: str | None
    refunded_gold: int | None
    refund_shortfall: int | None
    created_at: datetime
    paid_at: datetime | None
    refunded_at: datetime | None
    limited_package_id: int | None = None
    discount_krw: int = 0


@dataclass(frozen=True)
class Sold:
    """What an order sells, as named to people: a product's SKU or a limited package's code, and its names."""

    sku: str
    name_ko: str
    name_en: str


def describe(db: Session, order: ShopOrder) -> Sold:
    """The product or limited package ``order`` sells."""
    item: ShopProduct | LimitedPackage | None
    if order.product_id is not None:
        item = db.get(ShopProduct, order.product_id)
        assert item is not None
        return Sold(item.sku, item.name_ko, item.name_en)
    item = db.get(LimitedPackage, order.limited_package_id)
    assert item is not None
    return Sold(item.code, item.name_ko, item.name_en)


def view(db: Session, order: ShopOrder, product: ShopProduct | None = None) -> OrderView:
    """The view of ``order`` (what it sells looked up unless its product is given)."""
    sold = Sold(product.sku, product.name_ko, product.name_en) if product is not None else describe(db, order)
    assert order.id is not None
    return OrderView(
        id=order.id,
        code=order.code,
        user_id=order.user_id,
        status=order.status,
        reason=order.reason,
        product_id=order.product_id,
        sku=sold.sku,
        name_ko=sold.name_ko,
        name_en=sold.name_en,
        amount_krw=order.amount_krw,
        gold=order.gold,
        bonus_gold=order.bonus_gold,
        items=dict(order.items or {}),
        provider=order.provider,
        payment_ref=order.payment_ref,
        checkout_url=order.checkout_url if order.status in OPEN else None,
        receipt_code=order.receipt_code,
        refunded_gold=order.refunded_gold,
        refund_shortfall=order.refund_shortfall,
        created_at=order.created_at,
        paid_at=order.paid_at,
        refunded_at=order.refunded_at,
        limited_package_id=order.limited_package_id,
        discount_krw=order.discount_krw,
    )
