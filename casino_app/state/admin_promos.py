"""The console's promo codes: list (kind, value, window, uses, once per player, active) and create/edit via the
upsert (writes need an admin, checked on every call; every change audited by the service)."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core.errors import ValidationFailed
from casino_app.services.shop import limited_views
from casino_app.state.admin_editing import AdminEditingState
from casino_app.state.admin_limited import checked, form_int, form_time, local

KINDS = ("percent", "fixed")
ERROR = "PROMO_CODE_INVALID"


def promo_row(p: limited_views.PromoAdmin) -> dict[str, str]:
    """A promo code as the console lists it (``input_*``: the edit form's values)."""
    value = p.percent_off if p.kind == "percent" else p.amount_off_krw
    return {
        "id": str(p.id),
        "code": p.code,
        "kind": p.kind,
        "value": "" if value is None else f"{value:,}",
        "package": "" if p.package_id is None else str(p.package_id),
        "starts": local(p.starts_at).replace("T", " "),
        "ends": local(p.ends_at).replace("T", " "),
        "max_uses": "" if p.max_uses is None else f"{p.max_uses:,}",
        "used": f"{p.used_count:,}",
        "once": "1" if p.once_per_player else "",
        "active": "1" if p.is_active else "",
        "input_value": "" if value is None else str(value),
        "input_starts_at": local(p.starts_at),
        "input_ends_at": local(p.ends_at),
        "input_max_uses": "" if p.max_uses is None else str(p.max_uses),
    }


def parse_promo_form(form: dict[str, Any]) -> dict[str, Any]:
    """Every editable field of a promo code from the console form (the service validates the values);
    a malformed field raises ``PROMO_CODE_INVALID`` naming it."""
    kind = str(form.get("kind", ""))
    if kind not in KINDS:
        raise ValidationFailed(code=ERROR, details={"field": "kind"})
    value = form_int(form, "value", ERROR)
    return {
        "kind": kind,
        "percent_off": value if kind == "percent" else None,
        "amount_off_krw": value if kind == "fixed" else None,
        "package_id": form_int(form, "package_id", ERROR, optional=True),
        "starts_at": form_time(form, "starts_at", ERROR),
        "ends_at": form_time(form, "ends_at", ERROR),
        "max_uses": form_int(form, "max_uses", ERROR, optional=True),
        "once_per_player": checked(form, "once_per_player"),
        "is_active": checked(form, "is_active"),
    }


class AdminPromosState(AdminEditingState, rx.State):
    """Promo codes as staff see them, and the create/edit form."""

    async def _reload(self) -> None:
        codes = await asyncio.to_thread(limited_views.admin_promos)
        self.items = [promo_row(p) for p in codes]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Every promo code (operators and admins: codes are redeemable, so support does not read them)."""
        return await self._load("operator")

    @rx.event
    def edit(self, promo_id: str) -> None:
        """Fill the form with a listed code ("" for a new one)."""
        self._edit(promo_id)

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Create the code, or update the one being edited (admins; the code itself stays)."""
        await self._upsert(form, 32, parse_promo_form, limited_views.upsert_promo)
        return None
