"""The "set a new password" form: a player replaces their password (required after a staff reset).

The rule and the session handling are ``services.accounts.password_change``; the password check (argon2,
deliberately slow) runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import uuid

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.accounts import password_change
from casino_app.state.auth import AuthState, bilingual_code, bilingual_error, require_user
from casino_app.state.form_waits import wait_of


class PasswordChangeState(rx.State):
    """Whether the change is required, the outcome and messages in both languages."""

    required: bool = False
    changed: bool = False
    error: dict[str, str] = {}
    wait_message: dict[str, str] = {}  # a refusal that asks to wait, counted down on the page
    wait_seconds: int = 0
    wait_stamp: int = 0
    busy: bool = False
    form_nonce: int = 0

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Players only: guests go to login, staff to the console."""
        self.error, self.changed, self.busy, self.wait_seconds = {}, False, False, 0
        user = await require_user(self)
        auth = await self.get_state(AuthState)
        if user is None:
            return auth._login_redirect()
        if user.is_staff:
            return rx.redirect("/admin/dashboard")
        self.required = user.must_change_password
        self.form_nonce += 1
        return None

    @rx.event
    async def submit(self, form: dict) -> rx.event.EventSpec | None:
        """Check the current password and set the new one (typed twice); the player then goes home."""
        form = form if isinstance(form, dict) else {}
        current, new, again = (str(form.get(name, ""))[:512] for name in ("current", "new", "again"))
        user = await require_user(self)
        auth = await self.get_state(AuthState)
        if user is None:
            return auth._login_redirect("expired")
        if user.is_staff:
            return rx.redirect("/admin/dashboard")
        if new != again:
            self.error = bilingual_code("PASSWORD_CONFIRM_MISMATCH")
            return None
        self.busy = True
        try:
            await asyncio.to_thread(
                password_change.change, user.id, current, new, keep_session=uuid.UUID(auth._session_id)
            )
        except AppError as exc:
            wait = wait_of(exc)
            if wait is None:
                self.error, self.wait_seconds = bilingual_error(exc), 0
            else:
                self.error, (self.wait_message, self.wait_seconds) = {}, wait
                self.wait_stamp += 1
            return None
        finally:
            self.busy = False
        self.error, self.changed, self.required, self.wait_seconds = {}, True, False, 0
        auth.must_change_password = False
        self.form_nonce += 1
        return None
