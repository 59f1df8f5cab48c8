"""The profile's email section: show, set or change, and remove the player's own address."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, field_message
from casino_app.services.accounts import email_address
from casino_app.state.auth import AuthState, bilingual_error, require_settled_user


class ProfileEmailState(rx.State):
    """The player's address (re-read from the database; the user is re-checked on every call)."""

    email: str = ""
    saved: str = ""  # "" | "saved" | "removed"
    error: dict[str, str] = {}
    form_nonce: int = 0  # remounts the input with the stored value

    def _apply(self, stored: str | None, saved: str) -> None:
        self.email = stored or ""
        self.saved, self.error = saved, {}
        self.form_nonce += 1

    def _fail(self, exc: AppError) -> None:
        fields = exc.details.get("fields")
        if isinstance(fields, list) and fields:
            self.error = {loc: field_message(fields[0]["code"], loc) for loc in LOCALES}
        else:
            self.error = bilingual_error(exc)
        self.saved = ""

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The stored address."""
        user = await require_settled_user(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect("expired")
        self._apply(await asyncio.to_thread(email_address.get_email, user.id), "")
        return None

    @rx.event
    async def save(self, form: dict) -> rx.event.EventSpec | None:
        """Set or change the address (blank removes it)."""
        user = await require_settled_user(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect("expired")
        raw = str(form.get("email", "") if isinstance(form, dict) else "")[: email_address.MAX_LENGTH * 4]
        try:
            stored = await asyncio.to_thread(email_address.set_email, user.id, raw)
        except AppError as exc:
            self._fail(exc)
            return None
        self._apply(stored, "saved" if stored else "removed")
        return None

    @rx.event
    async def remove(self) -> rx.event.EventSpec | None:
        """Remove the address."""
        user = await require_settled_user(self)
        if user is None:
            return (await self.get_state(AuthState))._login_redirect("expired")
        try:
            await asyncio.to_thread(email_address.set_email, user.id, None)
        except AppError as exc:
            self._fail(exc)
            return None
        self._apply(None, "removed")
        return None
