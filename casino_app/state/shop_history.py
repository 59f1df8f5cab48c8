"""Purchase history: the player's orders (paged), the 7-day withdrawal, and the CSV export."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services import ledger
from casino_app.services.shop import history, refunds
from casino_app.services.shop.machine import OrderView
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.shop_return import ORDER_CODE
from casino_app.state.wallet import WalletState

PAGE_SIZE = 20


def order_row(view: OrderView) -> dict[str, str]:
    """An order as the history table shows it; ``withdrawable`` only hints (the server decides)."""
    return {
        "code": view.code,
        "status": view.status,
        "name_ko": view.name_ko,
        "name_en": view.name_en,
        "amount": f"{view.amount_krw:,}",
        "total": f"{view.gold + view.bonus_gold:,}",
        "receipt_code": view.receipt_code or "",
        "created_at": clock.kst_text(view.created_at),
        "withdrawable": "1" if view.status == "paid" and refunds.in_withdrawal_window(view.paid_at) else "",
        "refunded_gold": f"{view.refunded_gold:,}" if view.refunded_gold is not None else "",
    }


class ShopHistoryState(rx.State):
    """The purchase history page."""

    items: list[dict[str, str]] = []
    next_cursor: str = ""
    loading: bool = False
    confirm_code: str = ""
    busy: bool = False
    error: dict[str, str] = {}
    done_code: str = ""

    async def _page(self, user_id: int, cursor: str | None) -> None:
        self.loading = True
        try:
            page = await asyncio.to_thread(history.history, user_id, limit=PAGE_SIZE, cursor=cursor)
        finally:
            self.loading = False
        rows = [order_row(v) for v in page.items]
        self.items = rows if cursor is None else [*self.items, *rows]
        self.next_cursor = page.next_cursor or ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The newest orders (guarded)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.error, self.confirm_code, self.done_code, self.busy = {}, "", "", False
        await self._page(user.id, None)
        return None

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """The next page."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.next_cursor:
            await self._page(user.id, self.next_cursor)
        return None

    @rx.event
    def ask_withdraw(self, code: str) -> None:
        """Show the confirmation for withdrawing one listed order ("" closes it)."""
        wanted = str(code)[:32]
        self.error, self.done_code = {}, ""
        self.confirm_code = wanted if any(i["code"] == wanted for i in self.items) else ""

    @rx.event
    async def withdraw(self) -> rx.event.EventSpec | None:
        """Withdraw the confirmed order (the service checks the 7 days and that nothing was used)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        code = self.confirm_code
        if self.busy or not ORDER_CODE.fullmatch(code):
            return None
        self.busy = True
        try:
            await asyncio.to_thread(refunds.withdraw, user.id, code)
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            self.done_code = code
        finally:
            self.busy, self.confirm_code = False, ""
        wallet = await asyncio.to_thread(ledger.wallet_snapshot, user.id)
        (await self.get_state(WalletState))._apply_balance(user.id, wallet.gold, wallet.version)
        await self._page(user.id, None)
        return None

    @rx.event
    async def download_csv(self) -> rx.event.EventSpec | None:
        """The whole purchase history as CSV (the same file as ``GET /api/shop/orders.csv``)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        text = await asyncio.to_thread(history.export_csv, user.id)
        return rx.download(data=text, filename="purchases.csv", mime_type="text/csv;charset=utf-8")
