"""The console's shop catalog: list, create, edit, activate/deactivate and sunset products (admins; audited)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts import identity
from casino_app.services.games.roulette_table import TICKET_ITEM_ID
from casino_app.services.shop import catalog, errors
from casino_app.state.admin_editing import AdminEditingState, holds, refused
from casino_app.state.auth import bilingual_error, client_of, require_user
from casino_app.state.inputs import BIGINT_MAX, as_int

RANKS: tuple[str, ...] = tuple(catalog.RANKS)  # the player ranks, lowest first (from the catalog's rules)
ShopProduct = catalog.ShopProduct

INT_FIELDS = ("price_krw", "gold", "bonus_gold", "discount_percent", "sort_order")
TIME_FIELDS = ("discount_ends_at", "sunset_at")
LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">, read as KST


def _local(value: datetime | None) -> str:
    return value.astimezone(clock.business_tz()).strftime(LOCAL_INPUT) if value else ""


def product_row(p: ShopProduct, now: datetime) -> dict[str, str]:
    """A product as the console lists it (``input_*``: the edit form's values)."""
    on_sale = catalog.on_sale(p, now)
    return {
        "id": str(p.id),
        "sku": p.sku,
        "name_ko": p.name_ko,
        "name_en": p.name_en,
        "price": f"{p.price_krw:,}",
        "gold": f"{p.gold:,}",
        "bonus": f"{p.bonus_gold:,}",
        "discount": f"{p.discount_percent}% ~ {_local(p.discount_ends_at)}" if p.discount_percent else "",
        "rank": p.required_rank or "",
        "active": "1" if p.is_active else "",
        "on_sale": "1" if on_sale else "",
        "sunset": _local(p.sunset_at),
        "input_price_krw": str(p.price_krw),
        "input_gold": str(p.gold),
        "input_bonus_gold": str(p.bonus_gold),
        "input_discount_percent": str(p.discount_percent),
        "input_sort_order": str(p.sort_order),
        "input_discount_ends_at": _local(p.discount_ends_at),
        "input_sunset_at": _local(p.sunset_at),
        "input_tickets": str((p.items or {}).get(TICKET_ITEM_ID, "")),
        **{f"input_rd_{r}": str((p.rank_discounts or {}).get(r, "")) for r in RANKS},
    }


def parse_form(form: dict[str, Any]) -> dict[str, Any]:
    """The product fields from the console form; a malformed field raises ``PRODUCT_INVALID`` naming it."""

    def bad(name: str) -> errors.ProductInvalid:
        return errors.ProductInvalid(details={"field": name})

    values: dict[str, Any] = {
        "sku": str(form.get("sku", ""))[:40],
        "name_ko": str(form.get("name_ko", ""))[:80],
        "name_en": str(form.get("name_en", ""))[:80],
    }
    for name in INT_FIELDS:
        raw = str(form.get(name, "")).replace(",", "").strip()
        negative = name == "sort_order" and raw.startswith("-")
        number = as_int(raw.lstrip("-") if negative else (raw or "0"), maximum=BIGINT_MAX)
        if number is None:
            raise bad(name)
        values[name] = -number if negative else number
    for name in TIME_FIELDS:
        raw = str(form.get(name, "")).strip()[:16]
        try:
            values[name] = datetime.strptime(raw, LOCAL_INPUT).replace(tzinfo=clock.business_tz()) if raw else None
        except ValueError:
            raise bad(name) from None
    tickets = as_int(str(form.get("tickets", "")).strip() or "0")
    if tickets is None:
        raise bad("items")
    values["items"] = {TICKET_ITEM_ID: tickets} if tickets else {}
    rank = str(form.get("required_rank", ""))
    values["required_rank"] = rank if rank in RANKS else None
    discounts: dict[str, int] = {}
    for r in RANKS:
        percent = as_int(str(form.get(f"rd_{r}", "")).strip() or "0")
        if percent is None:
            raise bad("rank_discounts")
        if percent:
            discounts[r] = percent
    values["rank_discounts"] = discounts
    values["is_active"] = str(form.get("is_active", "")) in ("on", "true", "1")
    return values


class AdminCatalogState(AdminEditingState, rx.State):
    """Products as staff see them, and the create/edit form."""

    async def _staff(self, role: str = "support") -> identity.AuthUser | None:
        user = await require_user(self)
        if user is None or user.staff_role is None:
            return None
        try:
            return identity.require_staff(user, role)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None

    async def _reload(self) -> None:
        products = await asyncio.to_thread(catalog.list_products)
        now = clock.now()
        self.items = [product_row(p, now) for p in products]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Every product (staff only)."""
        staff = await self._staff()
        if staff is None:
            self.items, self.editing = [], {}
            return refused(self.error)
        self.error, self.saved, self.editing = {}, "", {}
        self.can_edit = holds(staff, "admin")
        await self._reload()
        return None

    @rx.event
    def edit(self, product_id: str) -> None:
        """Fill the form with a listed product ("" for a new one)."""
        self._edit(product_id)

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Create the product, or update the one being edited (admins)."""
        staff = await self._staff("admin")
        if staff is None:
            return None
        ip = client_of(self).ip
        try:
            values = parse_form(form)
            target = as_int(self.editing.get("id", ""), maximum=BIGINT_MAX)
            if target is None:
                product = await asyncio.to_thread(
                    catalog.create_product, catalog.ProductInput(**values), actor_id=staff.id, ip=ip
                )
            else:
                product = await asyncio.to_thread(catalog.update_product, target, values, actor_id=staff.id, ip=ip)
        except AppError as exc:
            self.error, self.saved = bilingual_error(exc), ""
            return None
        await self._saved(product.sku)
        return None

    @rx.event
    async def set_active(self, product_id: str, active: bool) -> rx.event.EventSpec | None:
        """Put a product on sale or take it off (admins; audited as activate/deactivate)."""
        staff = await self._staff("admin")
        target = as_int(product_id, maximum=BIGINT_MAX)
        if staff is None or target is None or not isinstance(active, bool):
            return None
        try:
            await asyncio.to_thread(
                catalog.update_product, target, {"is_active": active}, actor_id=staff.id, ip=client_of(self).ip
            )
        except AppError as exc:
            self.error = bilingual_error(exc)
        await self._reload()
        return None
