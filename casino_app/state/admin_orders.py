"""The console's orders: search by code, player and status; an order's history; staff refund with a reason."""

from __future__ import annotations

import asyncio
import json

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts import identity
from casino_app.services.shop import history, refunds
from casino_app.services.shop.machine import OrderView
from casino_app.state.admin_editing import console_user, holds, refused
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int
from casino_app.state.shop_return import ORDER_CODE

PAGE_SIZE = 50
ORDER_STATUSES: tuple[str, ...] = tuple(history.ORDER_STATUSES)


def _kst(value: object) -> str:
    return value.astimezone(clock.business_tz()).strftime("%Y-%m-%d %H:%M:%S") if value else ""  # type: ignore[attr-defined]


def order_row(view: OrderView) -> dict[str, str]:
    """An order as staff see it."""
    return {
        "code": view.code,
        "user_id": str(view.user_id),
        "status": view.status,
        "reason": view.reason or "",
        "sku": view.sku,
        "name_ko": view.name_ko,
        "name_en": view.name_en,
        "amount": f"{view.amount_krw:,}",
        "gold": f"{view.gold + view.bonus_gold:,}",
        "provider": view.provider,
        "receipt_code": view.receipt_code or "",
        "created_at": _kst(view.created_at),
        "paid_at": _kst(view.paid_at),
        "refunded": f"{view.refunded_gold:,} / {view.refund_shortfall or 0:,}"
        if view.refunded_gold is not None
        else "",
    }


class AdminOrdersState(rx.State):
    """Order search, one order's detail and the refund form."""

    items: list[dict[str, str]] = []
    next_cursor: str = ""
    statuses: list[str] = list(ORDER_STATUSES)
    detail: dict[str, str] = {}
    events: list[dict[str, str]] = []
    error: dict[str, str] = {}
    refunded: str = ""
    can_refund: bool = False  # display only: the refund form is shown to operators and admins
    _query: dict[str, str] = {}

    async def _staff(self, role: str = "support") -> identity.AuthUser | None:
        """Staff holding ``role``: support and up read orders, operators and admins refund."""
        staff, error = await console_user(self, role)
        if staff is None:
            self.error = error
            return None
        self.can_refund = holds(staff, "operator")
        return staff

    async def _search(self, cursor: str | None) -> None:
        q = self._query
        user_id = as_int(q.get("user_id", ""), maximum=BIGINT_MAX) if q.get("user_id") else None
        status = q.get("status") if q.get("status") in ORDER_STATUSES else None
        page = await asyncio.to_thread(
            history.search, code=q.get("code") or None, user_id=user_id, status=status, limit=PAGE_SIZE, cursor=cursor
        )
        rows = [order_row(v) for v in page.items]
        self.items = rows if cursor is None else [*self.items, *rows]
        self.next_cursor = page.next_cursor or ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The newest orders (staff only)."""
        if await self._staff() is None:
            return rx.redirect("/admin/login")
        self._query, self.detail, self.events, self.error, self.refunded = {}, {}, [], {}, ""
        await self._search(None)
        return None

    @rx.event
    async def search(self, form: dict) -> rx.event.EventSpec | None:
        """Filter by order or receipt code, player id and status (any combination)."""
        if await self._staff() is None:
            return rx.redirect("/admin/login")
        code = str(form.get("code", "")).strip().upper()[:32]
        user_id = str(form.get("user_id", "")).strip()[:19]
        status = str(form.get("status", ""))
        if user_id and as_int(user_id, maximum=BIGINT_MAX) is None:
            self.error = bilingual_error(AppError(code="VALIDATION_ERROR"))
            return None
        self._query = {"code": code, "user_id": user_id, "status": status if status in ORDER_STATUSES else ""}
        self.error, self.detail, self.events = {}, {}, []
        await self._search(None)
        return None

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """The next page of results."""
        if await self._staff() is None:
            return rx.redirect("/admin/login")
        if self.next_cursor:
            await self._search(self.next_cursor)
        return None

    async def _open(self, code: str) -> None:
        page = await asyncio.to_thread(history.search, code=code, limit=1)
        if not page.items:
            self.detail, self.events = {}, []
            return
        self.detail = order_row(page.items[0])
        events = await asyncio.to_thread(history.events, code)
        self.events = [
            {
                "at": _kst(e.created_at),
                "from": e.from_status or "",
                "to": e.to_status,
                "reason": e.reason or "",
                "actor": e.actor,
                "details": json.dumps(e.details, ensure_ascii=False, sort_keys=True)[:300] if e.details else "",
            }
            for e in events
        ]

    @rx.event
    async def open_order(self, code: str) -> rx.event.EventSpec | None:
        """One order with every transition."""
        if await self._staff() is None:
            return rx.redirect("/admin/login")
        wanted = str(code)[:32]
        self.error, self.refunded = {}, ""
        if ORDER_CODE.fullmatch(wanted):
            await self._open(wanted)
        return None

    @rx.event
    async def refund(self, form: dict) -> rx.event.EventSpec | None:
        """Refund the open (paid) order with the reason given (audited; never a negative balance)."""
        staff = await self._staff("operator")
        if staff is None:
            return refused(self.error)
        code = self.detail.get("code", "")
        if not ORDER_CODE.fullmatch(code):
            return None
        try:
            await asyncio.to_thread(
                refunds.staff_refund, code, str(form.get("reason", ""))[:800], actor_id=staff.id, ip=client_of(self).ip
            )
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            self.error, self.refunded = {}, code
        await self._open(code)
        await self._search(None)
        return None
