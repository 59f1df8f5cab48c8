"""Refunds: the player's 7-day withdrawal and the staff refund. Never a negative balance.

A refund is one transaction: a reversing ledger transfer ``user → shop:sales``
(a conditional debit, key ``shop:refund:<order id>``, so an order is reversed
at most once), the extra items taken back, the provider's ``refund`` of the
whole payment, and the order ``paid → refunded`` with its event. If the
provider refuses, everything rolls back and the order stays paid.

**Withdrawal** (청약철회, the Korean e-commerce rule for digital content): the
owner may withdraw a paid order within 7 days of its payment while the
purchase is unused — the wallet still holds at least the order's whole gold
(``gold + bonus_gold``), **no gold has left the wallet since the order was
credited** (no debit entry after the credit), and the inventory still holds
every extra item granted. Then all of it is taken back and the payment is
refunded in full. Otherwise 409 ``PURCHASE_USED`` (after 7 days 409
``WITHDRAWAL_WINDOW_CLOSED``).

**Staff refund** (console, with a reason; audited): at any time. The wallet is
debited what it holds, up to the order's gold (``refunded_gold``); the rest is
recorded as ``refund_shortfall`` (gold already spent is not clawed back into
a negative balance); items are taken back as far as they are held. The
payment is refunded in full. A refund the provider reports on its own (a
``refunded`` status for a paid order) follows the same rule.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock, metrics
from casino_app.core.db import after_commit, session_scope
from casino_app.core.errors import ServiceUnavailable, ValidationFailed
from casino_app.models.games import InventoryItem
from casino_app.models.ledger import LedgerAccount, LedgerEntry
from casino_app.models.shop import ShopOrder
from casino_app.services import audit, ledger, outbox, payments
from casino_app.services.accounts import validation
from casino_app.services.battlepass import premium as battlepass_premium
from casino_app.services.games import inventory
from casino_app.services.payments.port import PaymentStatus
from casino_app.services.shop import errors, machine
from casino_app.services.shop.machine import OrderView

WITHDRAWAL_WINDOW = timedelta(days=7)


def _wallet(db: Session, user_id: int) -> tuple[int, int]:
    """The player's wallet (account id, balance), locked for this transaction."""
    ledger.ensure_user_account(db, user_id)
    table = LedgerAccount.__table__
    row = db.execute(
        sa.select(table.c.id, table.c.balance).where(table.c.code == ledger.user_account(user_id)).with_for_update()
    ).one()
    return int(row.id), int(row.balance)


def _unused(db: Session, order: ShopOrder) -> dict[str, Any] | None:
    """Why the purchase counts as used (details for ``PURCHASE_USED``), or None when it is intact."""
    account_id, balance = _wallet(db, order.user_id)
    premium = battlepass_premium.used_by(db, order)  # a premium pass whose premium reward was claimed
    if premium is not None:
        return premium
    total = order.gold + order.bonus_gold
    if balance < total:
        return {"balance": balance, "order_gold": total}
    entries = LedgerEntry.__table__
    credit = db.execute(
        sa.select(sa.func.min(entries.c.id)).where(
            entries.c.transfer_id == order.transfer_id, entries.c.account_id == account_id
        )
    ).scalar_one()
    spent_since = db.execute(  # another purchase's withdrawal or refund is not spending this one's gold
        sa.select(entries.c.id)
        .where(
            entries.c.account_id == account_id,
            entries.c.id > credit,
            entries.c.amount < 0,
            entries.c.kind != machine.REFUND_KIND,
        )
        .limit(1)
    ).first()
    if spent_since is not None:
        return {"gold_spent_since_purchase": True}
    for item_id, quantity in (order.items or {}).items():
        # locked: a spin cannot use the item between this check and taking it back
        held = inventory.quantity(db, order.user_id, item_id, lock=True)
        if held < quantity:
            return {"item": item_id, "held": held, "granted": quantity}
    return None


def in_withdrawal_window(paid_at: datetime | None, now: datetime | None = None) -> bool:
    """Whether a purchase paid at ``paid_at`` is still inside the 7-day withdrawal window."""
    return paid_at is not None and (now or clock.now()) - paid_at <= WITHDRAWAL_WINDOW


def withdraw(user_id: int, order_code: str) -> OrderView:
    """The owner withdraws a paid, unused order within 7 days (see the module docstring)."""
    with session_scope() as db:
        order = machine.lock(db, code=order_code)
        if order is None or order.user_id != user_id:
            raise errors.OrderNotFound()
        if order.status != "paid" or order.paid_at is None:
            raise errors.OrderNotRefundable(details={"status": order.status})
        if not in_withdrawal_window(order.paid_at):
            raise errors.WithdrawalWindowClosed(details={"paid_at": order.paid_at.isoformat(), "days": 7})
        used = _unused(db, order)
        if used is not None:
            raise errors.PurchaseUsed(details=used)
        reverse(db, order, kind="withdrawal", reason="WITHDRAWAL", actor=f"player:{user_id}", full_only=True)
        return machine.view(db, order)


def staff_refund(order_code: str, note: str, *, actor_id: int, ip: str = "") -> OrderView:
    """Refund a paid order from the console (reason required; audited ``shop.order.refund``)."""
    try:
        note = validation.clean_text(note, "reason", max_length=200)
    except validation.FieldError as exc:
        raise ValidationFailed(code="REASON_REQUIRED", details={"field": "reason", "rule": exc.code}) from None
    if not note:
        raise ValidationFailed(code="REASON_REQUIRED", details={"field": "reason"})
    with session_scope() as db:
        order = machine.lock(db, code=order_code)
        if order is None:
            raise errors.OrderNotFound()
        if order.status != "paid":
            raise errors.OrderNotRefundable(details={"status": order.status})
        before = {"status": order.status, "refunded_gold": order.refunded_gold}
        reverse(db, order, kind="staff", reason="STAFF_REFUND", actor=f"staff:{actor_id}", full_only=False, note=note)
        audit.record(
            db,
            actor_id=actor_id,
            action="shop.order.refund",
            target_type="shop_order",
            target_id=order.code,
            details={"amount_krw": order.amount_krw, "shortfall": order.refund_shortfall},
            before=before,
            after={"status": order.status, "refunded_gold": order.refunded_gold},
            reason=note,
            ip=ip,
        )
        return machine.view(db, order)


def _take_items(db: Session, order: ShopOrder, *, full_only: bool) -> dict[str, int]:
    """Take back the order's items (all of them, or as many as are held); returns what was taken."""
    table = InventoryItem.__table__
    taken: dict[str, int] = {}
    for item_id, quantity in sorted((order.items or {}).items()):
        held = inventory.quantity(db, order.user_id, item_id, lock=True)
        take = quantity if full_only else min(held, quantity)
        if take > 0:
            moved = db.execute(
                sa.update(table)
                .where(table.c.user_id == order.user_id, table.c.item_id == item_id, table.c.quantity >= take)
                .values(quantity=table.c.quantity - take)
                .returning(table.c.quantity)
            ).first()
            if moved is None:  # a withdrawal takes back every item or nothing
                raise errors.PurchaseUsed(details={"item": item_id, "held": held, "granted": quantity})
            taken[item_id] = take
    return taken


def reverse(
    db: Session,
    order: ShopOrder,
    *,
    kind: str,
    reason: str,
    actor: str,
    full_only: bool,
    note: str | None = None,
) -> None:
    """Reverse a paid order in the caller's transaction: debit, items, provider refund (unless the provider
    reported it), ``→ refunded``. ``full_only``: the whole gold or nothing (withdrawal)."""
    _, balance = _wallet(db, order.user_id)
    total = order.gold + order.bonus_gold
    take = total if full_only else min(balance, total)
    transfer_id: int | None = None
    if take > 0:
        posting = ledger.post(
            db,
            key=f"shop:refund:{order.id}",
            kind=machine.REFUND_KIND,
            legs=[ledger.Leg(ledger.user_account(order.user_id), "shop:sales", take, machine.REFUND_KIND)],
            reference=f"shop:{order.code}",
            memo={"order": order.code, "reason": reason},
        )
        transfer_id = posting.transfer_id
    items = _take_items(db, order, full_only=full_only)
    if kind != "provider":
        if not order.payment_ref:
            raise errors.OrderNotRefundable(details={"status": order.status, "payment_ref": None})
        result = payments.gateway(order.provider).refund(
            order_code=order.code, payment_ref=order.payment_ref, amount_krw=order.amount_krw, reason=reason
        )
        if result.status is not PaymentStatus.REFUNDED:
            raise ServiceUnavailable(code="PAYMENT_GATEWAY_ERROR", details={"provider_status": result.status.value})
    details: dict[str, Any] = {"refunded_gold": take, "shortfall": total - take, "items": items}
    if note:
        details["note"] = note
    machine.transition(
        db,
        order,
        "refunded",
        reason=reason,
        actor=actor,
        details=details,
        refund_transfer_id=transfer_id,
        refunded_gold=take,
        refund_shortfall=total - take,
        refunded_at=clock.now(),
    )
    payload = {**machine.order_event(order, "refunded"), "refunded_gold": take, "shortfall": total - take}
    outbox.emit(db, outbox.SHOP_ORDERS, order.user_id, {**payload, "kind": kind, "transfer_id": transfer_id})
    after_commit(db, lambda: metrics.SHOP_REFUNDS.labels(kind).inc())
