"""Purchase history: the player's orders (keyset pages, CSV export) and the staff's order search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from casino_app.core.db import session_scope
from casino_app.models.shop import ORDER_STATUSES, ShopOrder, ShopOrderEvent
from casino_app.services import cursors
from casino_app.services.shop import machine
from casino_app.services.shop.machine import OrderView

CURSOR_KIND = "o"
CSV_MAX_ROWS = 10_000
CSV_COLUMNS = (
    "created_at_kst",
    "order_code",
    "status",
    "reason",
    "sku",
    "product",
    "amount_krw",
    "gold",
    "bonus_gold",
    "receipt_code",
    "paid_at_kst",
    "refunded_at_kst",
    "refunded_gold",
)


@dataclass(frozen=True)
class OrderPage:
    """A page of orders, newest first."""

    items: list[OrderView]
    next_cursor: str | None


def _page(where: list[Any], limit: int, cursor: str | None) -> OrderPage:
    limit = max(1, min(limit, 100))
    query = (
        sa.select(ShopOrder)
        .where(*where)
        .order_by(ShopOrder.id.desc())  # type: ignore[union-attr]
        .limit(limit + 1)
    )
    if cursor:
        query = query.where(ShopOrder.id < cursors.decode(CURSOR_KIND, cursor))
    with session_scope() as db:
        rows = list(db.execute(query).scalars())  # a product or a limited package: ``machine.describe``
        items = [machine.view(db, order) for order in rows[:limit]]
    next_cursor = cursors.encode(CURSOR_KIND, items[-1].id) if len(rows) > limit and items else None
    return OrderPage(items, next_cursor)


def history(user_id: int, *, limit: int = 20, cursor: str | None = None) -> OrderPage:
    """The player's own orders, newest first."""
    return _page([ShopOrder.user_id == user_id], limit, cursor)


def order_record(order: ShopOrder, sold: machine.Sold) -> dict[str, Any]:
    """One order as an export row: ``CSV_COLUMNS`` with native values (integers, text, ``None``, aware times)."""
    values = (
        order.created_at,
        order.code,
        order.status,
        order.reason,
        sold.sku,
        sold.name_ko,
        order.amount_krw,
        order.gold,
        order.bonus_gold,
        order.receipt_code,
        order.paid_at,
        order.refunded_at,
        order.refunded_gold,
    )
    return dict(zip(CSV_COLUMNS, values, strict=True))


def export_csv(user_id: int) -> str:
    """The player's newest ``CSV_MAX_ROWS`` orders as CSV text (UTF-8 with BOM so spreadsheets read Hangul).

    The in-page download; it is the purchase export of ``history_export`` (times in KST
    ISO-8601), which also streams the whole history without a cap.
    """
    from casino_app.services import history_export  # it builds its purchase rows with ``order_record``

    chunks = history_export.export(user_id, "purchases", "csv", newest_first=True, limit=CSV_MAX_ROWS)
    return b"".join(chunks).decode("utf-8")


def search(
    *,
    code: str | None = None,
    user_id: int | None = None,
    status: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> OrderPage:
    """Staff search: by order or receipt code, player, status (any combination), newest first."""
    where: list[Any] = []
    if code:
        where.append(sa.or_(ShopOrder.code == code, ShopOrder.receipt_code == code))
    if user_id is not None:
        where.append(ShopOrder.user_id == user_id)
    if status is not None:
        if status not in ORDER_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        where.append(ShopOrder.status == status)
    return _page(where, limit, cursor)


@dataclass(frozen=True)
class OrderEventView:
    """One step of an order's history."""

    from_status: str | None
    to_status: str
    reason: str | None
    actor: str
    details: dict[str, Any]
    created_at: datetime


def events(order_code: str) -> list[OrderEventView]:
    """Every event of an order, oldest first (staff)."""
    with session_scope() as db:
        rows = db.execute(
            sa.select(ShopOrderEvent)
            .join(ShopOrder, ShopOrder.id == ShopOrderEvent.order_id)
            .where(ShopOrder.code == order_code)
            .order_by(ShopOrderEvent.id)  # type: ignore[arg-type]
        ).scalars()
        return [
            OrderEventView(e.from_status, e.to_status, e.reason, e.actor, dict(e.details), e.created_at) for e in rows
        ]
