"""The page the provider sends the player back to (``orders.return_url``): processing, receipt, or why it failed.

Only the server's order status decides what shows: the receipt appears once
the order is ``paid``; while it is open the page asks again every
``POLL_SECONDS`` (``orders.get_order`` refreshes it from the gateway) at most
``POLL_MAX`` times, then offers a manual check.
"""

from __future__ import annotations

import asyncio
import re

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError, NotFound
from casino_app.i18n import CATALOGS
from casino_app.services import ledger
from casino_app.services.games.roulette_table import TICKET_ITEM_ID
from casino_app.services.shop import orders, receipts
from casino_app.services.shop.machine import OPEN, OrderView
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.shop import ShopState
from casino_app.state.shop_limited import PACKAGE_QUERY
from casino_app.state.wallet import WalletState

ORDER_CODE = re.compile(r"^CC[0-9]{8}-[A-Z2-9]{10}$")
PAYMENT_KEY = re.compile(r"^[A-Za-z0-9_\-.:]{1,200}$")
POLL_SECONDS = 2.0
POLL_MAX = 30


def reason_key(view: OrderView) -> str:
    """The catalog key explaining a failed or voided order (its reason if known, else its status)."""
    key = f"shop.reason.{view.reason}"
    if view.reason and key in CATALOGS["ko"]:
        return key
    if view.reason and f"error.{view.reason}" in CATALOGS["ko"]:
        return f"error.{view.reason}"
    return f"shop.result.{view.status}" if view.status in ("failed", "voided", "refunded") else "shop.result.failed"


class ShopReturnState(rx.State):
    """One order as its owner sees it after the checkout."""

    code: str = ""
    status: str = ""
    message: dict[str, str] = {}  # why a closed order was not paid, in each language (empty otherwise)
    name_ko: str = ""
    name_en: str = ""
    amount: str = ""
    gold: str = ""
    bonus: str = ""
    total: str = ""
    tickets: str = ""
    receipt_code: str = ""
    paid_at: str = ""
    verified: bool = False
    polls: int = 0
    polling: bool = False
    not_found: bool = False
    error: dict[str, str] = {}
    _product_id: int = 0
    _limited_id: int = 0

    def _show(self, view: OrderView) -> None:
        tz = clock.business_tz()
        self.code, self.status, self._product_id = view.code, view.status, view.product_id or 0
        self._limited_id = view.limited_package_id or 0
        self.name_ko, self.name_en = view.name_ko, view.name_en
        self.amount, self.gold, self.bonus = f"{view.amount_krw:,}", f"{view.gold:,}", f"{view.bonus_gold:,}"
        self.total = f"{view.gold + view.bonus_gold:,}"
        tickets = int(view.items.get(TICKET_ITEM_ID, 0))
        self.tickets = str(tickets) if tickets else ""
        self.receipt_code = view.receipt_code or ""
        self.paid_at = view.paid_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S") if view.paid_at else ""
        key = "" if view.status in (*OPEN, "paid") else reason_key(view)
        self.message = {locale: texts[key] for locale, texts in CATALOGS.items()} if key else {}

    async def _settled(self, user_id: int, view: OrderView) -> None:
        """A closed order: check the receipt's signature (paid) and show the balance the ledger holds now."""
        self.verified = False
        if view.status == "paid" and view.receipt_code:
            receipt = await asyncio.to_thread(receipts.receipt, view.receipt_code, user_id)
            self.verified = receipt.verified
        wallet = await asyncio.to_thread(ledger.wallet_snapshot, user_id)
        (await self.get_state(WalletState))._apply_balance(user_id, wallet.gold, wallet.version)

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Read ``?order=`` (and a provider's ``paymentKey``), then show the order or start asking again."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        (await self.get_state(ShopState)).checkout_url = ""
        params = self.router.url.query_parameters
        code, payment_key = str(params.get("order", "")), str(params.get("paymentKey", ""))
        self.error, self.not_found, self.polls, self.verified = {}, False, 0, False
        if not ORDER_CODE.fullmatch(code):
            self.code, self.status, self.not_found = "", "", True
            return None
        try:
            if PAYMENT_KEY.fullmatch(payment_key):  # a provider that wants the server to confirm (Toss-style)
                view = await asyncio.to_thread(orders.confirm_return, user.id, code, payment_key)
            else:
                view = await asyncio.to_thread(orders.get_order, user.id, code)
        except NotFound:
            self.code, self.status, self.not_found = "", "", True
            return None
        except AppError as exc:  # the provider cannot answer now: keep asking
            self.code, self.status, self.error = code, "pending", bilingual_error(exc)
            return ShopReturnState.poll
        self._show(view)
        if view.status in OPEN:
            return ShopReturnState.poll
        await self._settled(user.id, view)
        return None

    @rx.event(background=True)
    async def poll(self) -> None:
        """Ask about the open order every ``POLL_SECONDS``, at most ``POLL_MAX`` times, until it closes."""
        async with self:
            user = await require_player(self)
            if user is None or self.polling or not self.code:
                return
            self.polling, code = True, self.code
        try:
            for _ in range(POLL_MAX):
                await asyncio.sleep(POLL_SECONDS)
                try:
                    view = await asyncio.to_thread(orders.get_order, user.id, code)
                except AppError as exc:
                    async with self:
                        self.polls += 1
                        self.error = bilingual_error(exc)
                    continue
                async with self:
                    if self.code != code:
                        return  # the tab moved on to another order
                    self.polls += 1
                    self.error = {}
                    self._show(view)
                    if view.status not in OPEN:
                        await self._settled(user.id, view)
                        return
        finally:
            async with self:
                self.polling = False

    @rx.event
    async def check_again(self) -> rx.event.EventSpec | None:
        """After the automatic checks ran out: ask again (the same bounded number of times)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.polling or not self.code or self.status not in OPEN:
            return None
        self.polls = 0
        return ShopReturnState.poll

    @rx.event
    async def retry(self, request_key: str) -> rx.event.EventSpec | None:
        """Try again after a decline: the same product (a new order with this click's key), or for a limited package
        its modal on the shop (stock, allowance and any promo code are decided again there)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        if self.status not in ("failed", "voided"):
            return None
        if self._limited_id:
            return rx.redirect(f"/shop?{PACKAGE_QUERY}={self._limited_id}")
        if not self._product_id:
            return rx.redirect("/shop")
        shop = await self.get_state(ShopState)
        if shop.busy or shop.checkout_url:
            return None
        spec = await shop._purchase(user, self._product_id, request_key)
        self.error = dict(shop.error)
        return spec
