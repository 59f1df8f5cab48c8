"""Player and staff login forms.

The password check (argon2, deliberately slow) runs in a background task, so the
tab's state lock is never held while it hashes. A success hands the browser a
one-time ticket; the page trades it for the HttpOnly session cookie and reloads.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.accounts import sessions
from casino_app.state.auth import AuthState, bilingual_code, bilingual_error, client_of
from casino_app.state.form_waits import wait_of


def attempts_text(left: object) -> dict[str, str]:
    """ "n more attempts before the lockout" in every locale (nothing unless the server counted some left)."""
    if isinstance(left, bool) or not isinstance(left, int) or left <= 0:
        return {}
    if left == 1:
        return {locale: t("forms.attempts_last", locale) for locale in LOCALES}
    return {locale: t("forms.attempts_left", locale, n=left) for locale in LOCALES}


class LoginState(rx.State):
    """The login form: error messages in both languages, attempts left, a wait to count down, a busy flag."""

    error: dict[str, str] = {}
    notice: dict[str, str] = {}
    attempts: dict[str, str] = {}
    wait_message: dict[str, str] = {}
    wait_seconds: int = 0
    wait_stamp: int = 0
    show_password: bool = False
    busy: bool = False

    @rx.event
    def toggle_password(self) -> None:
        """Show or hide the password as typed."""
        self.show_password = not self.show_password

    def _refused(self, exc: AppError) -> None:
        wait = wait_of(exc)
        if wait is None:
            self.error, self.wait_message, self.wait_seconds = bilingual_error(exc), {}, 0
        else:
            self.error, (self.wait_message, self.wait_seconds) = {}, wait
            self.wait_stamp += 1
        self.attempts = attempts_text(exc.details.get("attempts_left"))

    @rx.event
    async def on_open(self) -> None:
        """Show why the player landed here (session expired) and clear stale errors and tickets."""
        (await self.get_state(AuthState)).handoff = ""
        self.error, self.attempts, self.wait_message, self.wait_seconds = {}, {}, {}, 0
        self.busy, self.show_password = False, False
        reason = self.router.url.query_parameters.get("reason", "")
        self.notice = bilingual_code("SESSION_EXPIRED") if reason == "expired" else {}

    async def _login(self, form: dict, portal: str, default_next: str) -> None:
        site_id = str(form.get("site_id", ""))[:80]
        password = str(form.get("password", ""))[:512]
        async with self:
            if self.busy:
                return  # a double submit while the first check runs
            self.notice = {}
            if not site_id or not password:
                self.error, self.attempts = bilingual_code("INVALID_CREDENTIALS"), {}
                return
            self.busy = True
            client = client_of(self)
            target = self.router.url.query_parameters.get("next", default_next)
        try:
            pair = await asyncio.to_thread(
                sessions.login, site_id, password, portal=portal, client=client, channel=sessions.WEB
            )
        except AppError as exc:
            async with self:
                self._refused(exc)
                self.busy = False
            return
        async with self:
            self.error, self.attempts, self.wait_seconds = {}, {}, 0
            auth = await self.get_state(AuthState)
            auth._start_handoff(pair, target)

    @rx.event(background=True)
    async def submit(self, form: dict) -> None:
        """Player login."""
        await self._login(form, sessions.PLAYER, "/")

    @rx.event(background=True)
    async def submit_staff(self, form: dict) -> None:
        """Staff login for the admin console."""
        await self._login(form, sessions.STAFF, "/admin/dashboard")
