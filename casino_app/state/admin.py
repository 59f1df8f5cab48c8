"""The admin console: invite codes (create, list, deactivate) and their daily usage."""

from __future__ import annotations

import asyncio
from datetime import datetime, time

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.services.accounts import identity, invites
from casino_app.state.admin_editing import console_user, refused
from casino_app.state.auth import AuthState, bilingual_error, client_of
from casino_app.state.inputs import BIGINT_MAX, as_int


class AdminInvitesState(rx.State):
    """Invite codes as staff see them."""

    items: list[dict[str, str]] = []
    usage: list[dict[str, str]] = []
    error: dict[str, str] = {}
    created: str = ""

    async def _staff(self) -> identity.AuthUser | None:
        """Operators and admins (invite codes are credentials: support neither reads nor makes them)."""
        staff, self.error = await console_user(self, "operator")
        return staff

    async def _reload(self) -> None:
        views = await asyncio.to_thread(invites.list_all)
        self.items = [
            {
                "id": str(v.id),
                "code": v.code,
                "used": f"{v.used_count:,}",
                "max": "∞" if v.max_uses is None else f"{v.max_uses:,}",
                "remaining": "∞" if v.remaining_uses is None else f"{v.remaining_uses:,}",
                "expires": clock.kst_text(v.expires_at) if v.expires_at else "-",
                "active": "1" if v.is_active else "",
                "note": v.note,
            }
            for v in views
        ]
        rows = await asyncio.to_thread(invites.usage_by_day, 14)
        self.usage = [{"code": str(r["code"]), "day": str(r["day"]), "signups": str(r["signups"])} for r in rows]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Load codes and usage (staff only)."""
        if await self._staff() is None:
            self.items, self.usage = [], []
            # support's console starts on the dashboard; anyone else goes to the staff login
            return rx.redirect("/admin/dashboard") if self.error else rx.redirect("/admin/login")
        self.error, self.created = {}, ""
        await self._reload()
        return None

    @rx.event
    async def create(self, form: dict) -> rx.event.EventSpec | None:
        """Create a code from the form (code, max uses, expiry date, note)."""
        staff = await self._staff()
        if staff is None:
            return refused(self.error)
        try:
            raw_uses = str(form.get("max_uses", "")).strip()
            max_uses = as_int(raw_uses) if raw_uses else None
            if raw_uses and max_uses is None:
                raise ValueError(raw_uses)
            expires = str(form.get("expires", "")).strip()
            expires_at = (
                datetime.combine(datetime.fromisoformat(expires).date(), time(23, 59, 59), clock.business_tz())
                if expires
                else None
            )
            view = await asyncio.to_thread(
                invites.create,
                actor_id=staff.id,
                code=str(form.get("code", "")).strip() or None,
                expires_at=expires_at,
                max_uses=max_uses,
                note=str(form.get("note", ""))[:100],
                ip=client_of(self).ip,
            )
        except (ValueError, KeyError):
            self.error = bilingual_error(AppError(code="VALIDATION_ERROR"))
            return None
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self.error, self.created = {}, view.code
        await self._reload()
        return None

    @rx.event
    async def deactivate(self, invite_id: str) -> rx.event.EventSpec | None:
        """Stop a code from admitting new players."""
        staff = await self._staff()
        if staff is None:
            return refused(self.error)
        target = as_int(invite_id, maximum=BIGINT_MAX)
        try:
            if target is None:
                raise AppError(code="VALIDATION_ERROR")
            await asyncio.to_thread(invites.deactivate, target, actor_id=staff.id, ip=client_of(self).ip)
        except AppError as exc:
            self.error = bilingual_error(exc)
        await self._reload()
        return None


__all__ = ["AdminInvitesState", "AuthState"]
