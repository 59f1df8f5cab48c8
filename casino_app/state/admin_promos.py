"""The console's promo codes: list (kind, value, window, uses, once per player, active) and create/edit via the
upsert (writes need an admin, checked on every call; every change audited by the service)."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core.errors import AppError, ValidationFailed
from casino_app.services.accounts import identity
from casino_app.services.shop import limited_views
from casino_app.state.admin_limited import checked, console_user, form_int, form_time, local
from casino_app.state.auth import bilingual_error, client_of

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


class AdminPromosState(rx.State):
    """Promo codes as staff see them, and the create/edit form."""

    items: list[dict[str, str]] = []
    editing: dict[str, str] = {}  # the code in the form ({} for a new one)
    form_nonce: int = 0  # remounts the form with the edited code's values
    error: dict[str, str] = {}
    saved: str = ""

    async def _reload(self) -> None:
        codes = await asyncio.to_thread(limited_views.admin_promos)
        self.items = [promo_row(p) for p in codes]

    async def _admin(self) -> identity.AuthUser | None:
        staff, self.error = await console_user(self, "admin")
        return staff

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Every promo code (staff only)."""
        staff, self.error = await console_user(self, "operator")
        if staff is None:
            return rx.redirect("/admin/login")
        self.saved, self.editing = "", {}
        await self._reload()
        return None

    @rx.event
    def edit(self, promo_id: str) -> None:
        """Fill the form with a listed code ("" for a new one)."""
        wanted = str(promo_id)[:20]
        self.editing = next((p for p in self.items if p["id"] == wanted), {})
        self.form_nonce += 1
        self.error, self.saved = {}, ""

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Create the code, or update the one being edited (admins; the code itself stays)."""
        staff = await self._admin()
        if staff is None:
            return None
        code = self.editing.get("code") or str(form.get("code", "")).strip()[:32]
        try:
            values = parse_promo_form(form)
            promo = await asyncio.to_thread(
                limited_views.upsert_promo, code, values, actor_id=staff.id, ip=client_of(self).ip
            )
        except AppError as exc:
            self.error, self.saved = bilingual_error(exc), ""
            return None
        self.error, self.saved, self.editing = {}, promo.code, {}
        self.form_nonce += 1
        await self._reload()
        return None
