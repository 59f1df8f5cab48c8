"""The shop screen: products with the player's price, the product modal and the buy click.

The price, the discount and its end time all come from the server
(``services.shop.catalog``); the page only counts down to the real end time.
Buying calls ``orders.purchase`` with the click's idempotency key and sends the
browser to the provider's checkout page; nothing here decides a charge.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.games.roulette_table import TICKET_ITEM_ID
from casino_app.services.shop import catalog, orders
from casino_app.services.shop.machine import OrderView
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int
from casino_app.state.round_keys import valid_key


def epoch_ms(value: datetime | None) -> str:
    """A server timestamp as epoch milliseconds for the browser's countdown ("" for none)."""
    return str(int(value.timestamp() * 1000)) if value is not None else ""


def product_row(item: catalog.CatalogItem) -> dict[str, str]:
    """A catalog item as the page shows it (every value a display string)."""
    price = item.price
    tickets = int(item.items.get(TICKET_ITEM_ID, 0))
    return {
        "id": str(item.id),
        "sku": item.sku,
        "name_ko": item.name_ko,
        "name_en": item.name_en,
        "price": f"{price.final_krw:,}",
        "list_price": f"{price.list_krw:,}",
        "discount": str(price.discount_percent),
        "discounted": "1" if price.final_krw < price.list_krw else "",
        "source": price.discount_source or "",
        "ends_ms": epoch_ms(price.discount_ends_at) if price.discount_percent else "",
        "gold": f"{item.gold:,}",
        "bonus": f"{item.bonus_gold:,}",
        "has_bonus": "1" if item.bonus_gold > 0 else "",
        "total": f"{item.gold + item.bonus_gold:,}",
        "tickets": str(tickets) if tickets else "",
        "required_rank": item.required_rank or "",
        "locked": "1" if item.locked else "",
    }


class ShopState(rx.State):
    """Products, the open product and the checkout hand-off (``checkout_url`` drives a one-shot page effect)."""

    products: list[dict[str, str]] = []
    server_now_ms: str = ""
    loaded: bool = False
    age_verified: bool = False
    selected: dict[str, str] = {}
    modal_open: bool = False
    busy: bool = False
    error: dict[str, str] = {}
    checkout_url: str = ""
    checkout_key: str = ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The products on sale with this player's price (guarded)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        items = await asyncio.to_thread(catalog.catalog, user.id)
        self.products = [product_row(i) for i in items]
        self.server_now_ms = epoch_ms(clock.now())
        self.age_verified, self.loaded = user.age_verified, True
        self.error, self.busy, self.checkout_url = {}, False, ""
        if self.selected and not any(p["id"] == self.selected.get("id") for p in self.products):
            self.selected, self.modal_open = {}, False
        return None

    @rx.event
    def open_product(self, product_id: str) -> None:
        """Show one listed product in the modal (only a product of the loaded list)."""
        wanted = str(product_id)[:20]
        for product in self.products:
            if product["id"] == wanted:
                self.selected, self.modal_open, self.error = product, True, {}
                return

    @rx.event
    def set_modal_open(self, value: bool) -> None:
        """Open or close the product modal."""
        self.modal_open = value is True
        if not self.modal_open:
            self.error = {}

    def _go_to_checkout(self, view: OrderView) -> rx.event.EventSpec | None:
        """Send the browser on: the provider's page while the order waits, else straight to its result page."""
        if view.status in ("created", "pending") and view.checkout_url:
            self.checkout_url, self.checkout_key = view.checkout_url, view.code
            return None
        return rx.redirect(orders.return_url(view.code))

    async def _purchase(self, user: AuthUser, product_id: int, request_key: str) -> rx.event.EventSpec | None:
        """``orders.purchase`` for this click; refusals become the modal's message."""
        self.busy, self.error = True, {}
        try:
            view = await asyncio.to_thread(orders.purchase, user.id, product_id, valid_key(request_key))
        except AppError as exc:
            self.busy, self.error = False, bilingual_error(exc)
            return None
        except Exception:
            self.busy = False
            raise
        self.busy = False
        return self._go_to_checkout(view)

    @rx.event
    async def buy(self, request_key: str) -> rx.event.EventSpec | None:
        """Buy the product shown in the modal (the click's key makes a double click one order)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        product_id = as_int(self.selected.get("id", ""), maximum=BIGINT_MAX)
        if self.busy or self.checkout_url or product_id is None:
            return None  # a checkout is already under way in this tab
        return await self._purchase(user, product_id, request_key)
