"""The console's limited packages: list (stock, window, per-player limit), create/edit via the upsert, and the kill
switch with a confirmation (writes need an admin, checked on every call; every change audited by the service)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError, ValidationFailed
from casino_app.services.games.roulette_table import TICKET_ITEM_ID
from casino_app.services.shop import limited_views
from casino_app.state.admin_editing import AdminEditingState
from casino_app.state.auth import bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int

LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">, read as KST


def local(value: datetime | None) -> str:
    """A time as the console shows and edits it (KST), "" for none."""
    return value.astimezone(clock.business_tz()).strftime(LOCAL_INPUT) if value else ""


def form_time(form: dict[str, Any], name: str, error: str) -> datetime | None:
    """A ``datetime-local`` field read as KST (None when empty); malformed raises ``error`` naming the field."""
    raw = str(form.get(name, "")).strip()[:16]
    try:
        return datetime.strptime(raw, LOCAL_INPUT).replace(tzinfo=clock.business_tz()) if raw else None
    except ValueError:
        raise ValidationFailed(code=error, details={"field": name}) from None


def form_int(form: dict[str, Any], name: str, error: str, *, optional: bool = False) -> int | None:
    """A whole number field ("1,000" allowed, "-5" for the sort order); empty is None when ``optional``."""
    raw = str(form.get(name, "")).replace(",", "").strip()
    if not raw and optional:
        return None
    negative = raw.startswith("-")
    number = as_int(raw.lstrip("-") if negative else raw, maximum=BIGINT_MAX)
    if number is None:
        raise ValidationFailed(code=error, details={"field": name})
    return -number if negative else number


def checked(form: dict[str, Any], name: str) -> bool:
    """A checkbox of the form."""
    return str(form.get(name, "")) in ("on", "true", "1")


def package_status(p: limited_views.PackageAdmin, now: datetime) -> str:
    """``on_sale``, ``upcoming``, ``ended`` or ``inactive`` (switched off)."""
    if not p.is_active:
        return "inactive"
    if now < p.starts_at:
        return "upcoming"
    return "ended" if now >= p.ends_at else "on_sale"


def package_row(p: limited_views.PackageAdmin, now: datetime) -> dict[str, str]:
    """A package as the console lists it (``input_*``: the edit form's values)."""
    tickets = p.items.get(TICKET_ITEM_ID)
    return {
        "id": str(p.id),
        "code": p.code,
        "name_ko": p.name_ko,
        "name_en": p.name_en,
        "price": f"{p.price_krw:,}",
        "gold": f"{p.gold:,}",
        "bonus": f"{p.bonus_gold:,}",
        "window": f"{local(p.starts_at).replace('T', ' ')} ~ {local(p.ends_at).replace('T', ' ')}",
        "total": "" if p.total_stock is None else f"{p.total_stock:,}",
        "sold": f"{p.sold:,}",
        "held": f"{p.held:,}",
        "left": "" if p.remaining_stock is None else f"{p.remaining_stock:,}",
        "per_user": "" if p.per_user_limit is None else str(p.per_user_limit),
        "active": "1" if p.is_active else "",
        "status": package_status(p, now),
        "input_price_krw": str(p.price_krw),
        "input_gold": str(p.gold),
        "input_bonus_gold": str(p.bonus_gold),
        "input_tickets": str(tickets) if tickets else "",
        "input_starts_at": local(p.starts_at),
        "input_ends_at": local(p.ends_at),
        "input_total_stock": "" if p.total_stock is None else str(p.total_stock),
        "input_per_user_limit": "" if p.per_user_limit is None else str(p.per_user_limit),
        "input_sort_order": str(p.sort_order),
    }


def parse_package_form(form: dict[str, Any]) -> dict[str, Any]:
    """Every editable field of a package from the console form (the service validates the values);
    a malformed field raises ``LIMITED_PACKAGE_INVALID`` naming it."""
    error = "LIMITED_PACKAGE_INVALID"
    values: dict[str, Any] = {
        "name_ko": str(form.get("name_ko", ""))[:80],
        "name_en": str(form.get("name_en", ""))[:80],
        "price_krw": form_int(form, "price_krw", error),
        "gold": form_int(form, "gold", error),
        "bonus_gold": form_int(form, "bonus_gold", error, optional=True) or 0,
        "total_stock": form_int(form, "total_stock", error, optional=True),
        "per_user_limit": form_int(form, "per_user_limit", error, optional=True),
        "sort_order": form_int(form, "sort_order", error, optional=True) or 0,
        "is_active": checked(form, "is_active"),
    }
    tickets = form_int(form, "tickets", error, optional=True)
    if tickets is not None and tickets < 0:
        raise ValidationFailed(code=error, details={"field": "items"})
    values["items"] = {TICKET_ITEM_ID: tickets} if tickets else {}
    for name in ("starts_at", "ends_at"):
        values[name] = form_time(form, name, error)
        if values[name] is None:
            raise ValidationFailed(code=error, details={"field": name})
    return values


class AdminLimitedState(AdminEditingState, rx.State):
    """Limited packages as staff see them, the create/edit form and the kill switch's confirmation."""

    confirm_id: str = ""  # the package whose kill switch waits for confirmation
    confirm_code: str = ""
    stopped: str = ""

    async def _reload(self) -> None:
        packages = await asyncio.to_thread(limited_views.admin_packages)
        now = clock.now()
        self.items = [package_row(p, now) for p in packages]

    def _clear(self) -> None:
        self.error, self.saved, self.stopped = {}, "", ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Every limited package (staff only)."""
        redirect = await self._load()
        if redirect is None:
            self.confirm_id, self.confirm_code = "", ""
        return redirect

    @rx.event
    def edit(self, package_id: str) -> None:
        """Fill the form with a listed package ("" for a new one)."""
        self._edit(package_id)

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Create the package, or update the one being edited (admins; the code of an edited one stays)."""
        await self._upsert(form, 40, parse_package_form, limited_views.upsert_package)
        return None

    @rx.event
    def ask_disable(self, package_id: str) -> None:
        """Show the kill switch's confirmation for one listed, active package ("" closes it)."""
        wanted = str(package_id)[:20]
        self._clear()
        row = next((p for p in self.items if p["id"] == wanted and p["active"]), {})
        self.confirm_id, self.confirm_code = row.get("id", ""), row.get("code", "")

    @rx.event
    async def disable(self) -> rx.event.EventSpec | None:
        """The kill switch for the confirmed package: stop selling it now (admins; audited)."""
        staff = await self._admin()
        target = as_int(self.confirm_id, maximum=BIGINT_MAX)
        self.confirm_id, self.confirm_code = "", ""
        if staff is None or target is None:
            return None
        try:
            package = await asyncio.to_thread(
                limited_views.disable_package, target, actor_id=staff.id, ip=client_of(self).ip
            )
        except AppError as exc:
            self.error = bilingual_error(exc)
        else:
            self.stopped = package.code
        await self._reload()
        return None
