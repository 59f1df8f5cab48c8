"""Player and staff login forms."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.services.accounts import sessions
from casino_app.state.auth import AuthState, bilingual_code, bilingual_error, client_of

_SAFE_NEXT_PREFIXES = ("/",)


def _safe_next(value: str) -> str:
    """Only same-site paths (no ``//host`` or schemes) may be redirect targets."""
    if value.startswith(_SAFE_NEXT_PREFIXES) and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


class LoginState(rx.State):
    """The login form: error messages in both languages, a busy flag."""

    error: dict[str, str] = {}
    notice: dict[str, str] = {}
    busy: bool = False

    @rx.event
    def on_open(self) -> None:
        """Show why the player landed here (session expired) and clear stale errors."""
        self.error = {}
        reason = self.router.url.query_parameters.get("reason", "")
        self.notice = bilingual_code("SESSION_EXPIRED") if reason == "expired" else {}

    async def _login(self, form: dict, portal: str, default_next: str) -> rx.event.EventSpec | None:
        site_id = str(form.get("site_id", ""))[:80]
        password = str(form.get("password", ""))[:512]
        self.notice = {}
        if not site_id or not password:
            self.error = bilingual_code("INVALID_CREDENTIALS")
            return None
        self.busy = True
        try:
            pair = await asyncio.to_thread(
                sessions.login, site_id, password, portal=portal, client=client_of(self), channel="web"
            )
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        finally:
            self.busy = False
        self.error = {}
        auth = await self.get_state(AuthState)
        auth._bind(pair)
        target = _safe_next(self.router.url.query_parameters.get("next", default_next))
        return rx.redirect(target)

    @rx.event
    async def submit(self, form: dict) -> rx.event.EventSpec | None:
        """Player login."""
        return await self._login(form, sessions.PLAYER, "/")

    @rx.event
    async def submit_staff(self, form: dict) -> rx.event.EventSpec | None:
        """Staff login for the admin console."""
        return await self._login(form, sessions.STAFF, "/admin")
