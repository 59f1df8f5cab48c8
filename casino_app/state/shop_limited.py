"""Limited packages on the shop screen: the cards, the package modal with a promo code, and the buy click.

Every number comes from the server: the price (``limited.catalog``), the price
with a promo code (``limited_views.preview``, the rule the buy applies — the
buy prices the order again), the real end of the sale, the stock left and what
this player may still buy. Buying calls ``limited.buy`` with the click's
idempotency key; a blocked buy (``BuyOutcome.reason``) becomes a message in
both languages, and a started order goes to the checkout like a product's
(``ShopState``'s hand-off).
"""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import CATALOGS, LOCALES, error_message, t
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.games.roulette_table import TICKET_ITEM_ID
from casino_app.services.shop import limited, limited_views
from casino_app.state.auth import AuthState, bilingual_error, require_player
from casino_app.state.inputs import BIGINT_MAX, as_int
from casino_app.state.round_keys import valid_key
from casino_app.state.shop import ShopState, epoch_ms

PROMO = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# Refusals that concern the package itself: the modal's buy button stays off until the list changes.
PACKAGE_BLOCKS = frozenset(
    {"PACKAGE_NOT_FOUND", "PACKAGE_INACTIVE", "SALE_NOT_STARTED", "SALE_ENDED", "OUT_OF_STOCK", "PER_PLAYER_LIMIT"}
)
PACKAGE_QUERY = "package"  # ``/shop?package=<id>`` opens that package's modal (the return page's retry)


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def package_row(item: limited.LimitedItem) -> dict[str, str]:
    """A package on sale as the page shows it (every value a display string; "" for "no cap")."""
    tickets = int(item.items.get(TICKET_ITEM_ID, 0))
    blocked = ""
    if item.sold_out:
        blocked = "OUT_OF_STOCK"
    elif item.remaining_for_you == 0:
        blocked = "PER_PLAYER_LIMIT"
    return {
        "id": str(item.id),
        "code": item.code,
        "name_ko": item.name_ko,
        "name_en": item.name_en,
        "price": f"{item.price_krw:,}",
        "gold": f"{item.gold:,}",
        "bonus": f"{item.bonus_gold:,}",
        "has_bonus": "1" if item.bonus_gold > 0 else "",
        "total": f"{item.gold + item.bonus_gold:,}",
        "tickets": str(tickets) if tickets else "",
        "ends_ms": epoch_ms(item.ends_at),
        "stock_left": _count(item.remaining_stock),
        "stock_total": _count(item.total_stock),
        "allowance": _count(item.remaining_for_you),
        "per_user_limit": _count(item.per_user_limit),
        "blocked": blocked,
    }


def _kst(value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return clock.kst_text(value)
    return value


def reason_message(reason: str, details: dict[str, Any]) -> dict[str, str]:
    """A refusal's message in every locale: the shop's error text (details filled in), else the payment's reason."""
    params = {name: _kst(value) if name.endswith("_at") else value for name, value in details.items()}
    if f"error.{reason}" in CATALOGS["ko"]:
        return {locale: error_message(reason, locale, **params) for locale in LOCALES}
    key = f"shop.reason.{reason}" if f"shop.reason.{reason}" in CATALOGS["ko"] else "error.LIMITED_BLOCKED"
    return {locale: t(key, locale) for locale in LOCALES}


class LimitedShopState(rx.State):
    """Limited packages, the open package with its promo quote, and the buy (the checkout goes via ``ShopState``)."""

    packages: list[dict[str, str]] = []
    loaded: bool = False
    selected: dict[str, str] = {}
    modal_open: bool = False
    busy: bool = False
    error: dict[str, str] = {}
    quote: dict[str, str] = {}  # the promo code's effect from the server: code, discount, final ({} for none)

    async def _reload(self, user: AuthUser) -> None:
        items = await asyncio.to_thread(limited.catalog, user.id)
        self.packages = [package_row(i) for i in items]
        self.loaded = True
        wanted = self.selected.get("id")
        fresh = next((p for p in self.packages if p["id"] == wanted), None)
        if fresh is not None:
            self.selected = fresh

    def _open(self, package_id: str) -> bool:
        wanted = str(package_id)[:20]
        for package in self.packages:
            if package["id"] == wanted:
                self.selected, self.modal_open, self.error, self.quote = package, True, {}, {}
                return True
        return False

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The packages on sale with the stock left and this player's allowance (guarded); ``?package=`` opens one."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.selected, self.modal_open, self.error, self.quote, self.busy = {}, False, {}, {}, False
        await self._reload(user)
        self._open(str(self.router.url.query_parameters.get(PACKAGE_QUERY, "")))
        return None

    @rx.event
    def open_package(self, package_id: str) -> None:
        """Show one listed package in the modal (only a package of the loaded list)."""
        self._open(package_id)

    @rx.event
    def set_modal_open(self, value: bool) -> None:
        """Open or close the package modal."""
        self.modal_open = value is True
        if not self.modal_open:
            self.error, self.quote = {}, {}

    def _target(self) -> int | None:
        return as_int(self.selected.get("id", ""), maximum=BIGINT_MAX)

    @rx.event
    async def preview_promo(self, code: str) -> rx.event.EventSpec | None:
        """The price with the typed promo code, as the server computes it ("" clears it)."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        package_id, text = self._target(), str(code).strip()[:40]
        self.error, self.quote = {}, {}
        if package_id is None or not text:
            return None
        if not PROMO.fullmatch(text):
            self.error = reason_message("PROMO_INVALID", {})
            return None
        view = await asyncio.to_thread(limited_views.preview, user.id, package_id, text)
        if view.reason is not None:
            self.error = reason_message(view.reason, view.details)
            return None
        self.quote = {"code": view.code or "", "discount": f"{view.discount_krw:,}", "final": f"{view.final_krw:,}"}
        return None

    async def _refused(self, user: AuthUser, reason: str, details: dict[str, Any]) -> None:
        """A blocked buy: say why, refresh the list, and keep the button off when the package itself is the reason."""
        self.error = reason_message(reason, details)
        if reason.startswith("PROMO_"):
            self.quote = {}
        await self._reload(user)
        if reason in PACKAGE_BLOCKS:
            self.selected = {**self.selected, "blocked": reason}

    @rx.event
    async def buy(self, request_key: str, form: dict) -> rx.event.EventSpec | None:
        """Buy one unit of the open package with the form's promo code (the click's key makes a double click one
        order); a started order goes to the checkout the way a product's does."""
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        shop = await self.get_state(ShopState)
        package_id = self._target()
        if self.busy or shop.checkout_url or package_id is None or self.selected.get("blocked"):
            return None  # a checkout is already under way in this tab, or the package cannot be bought
        text = str((form or {}).get("promo_code", "")).strip()[:40]
        if text and not PROMO.fullmatch(text):
            self.error, self.quote = reason_message("PROMO_INVALID", {}), {}
            return None
        self.busy, self.error = True, {}
        try:
            outcome = await asyncio.to_thread(limited.buy, user.id, package_id, valid_key(request_key), text or None)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        finally:
            self.busy = False
        if outcome.reason is not None or outcome.order is None:
            await self._refused(user, outcome.reason or "LIMITED_BLOCKED", outcome.details)
            return None
        return shop._go_to_checkout(outcome.order)
