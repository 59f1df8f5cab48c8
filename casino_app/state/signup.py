"""The signup form: live invite-code check and field-level errors from the same rules as the API."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, field_message
from casino_app.services.accounts import invites, sessions, users
from casino_app.services.accounts.validation import FieldError, validate_invite_code
from casino_app.state.auth import AuthState, bilingual_error, client_of


def _field(code: str) -> dict[str, str]:
    return {locale: field_message(code, locale) for locale in LOCALES}


class SignupState(rx.State):
    """Signup form state; ``invite_status`` drives the neon success/failure feedback."""

    invite_code: str = ""
    invite_status: str = ""  # "" | "checking" | "valid" | "invalid"
    invite_message: dict[str, str] = {}
    field_errors: dict[str, dict[str, str]] = {}
    error: dict[str, str] = {}
    busy: bool = False

    @rx.event
    def on_open(self) -> None:
        """Reset the form when the page opens; a code in ``?invite=`` (or a referral link's ``?ref=``) is
        pre-filled and checked."""
        self.field_errors, self.error, self.busy = {}, {}, False
        params = self.router.url.query_parameters
        code = str(params.get("invite", "") or params.get("ref", ""))
        self.invite_code = code[:32]
        self.invite_status, self.invite_message = "", {}
        if code:
            return SignupState.check_invite
        return None

    @rx.event
    def set_invite_code(self, value: str) -> rx.event.EventSpec | None:
        """Typing in the invite field (debounced); checks the code live."""
        self.invite_code = value[:64]
        return SignupState.check_invite

    @rx.event
    async def check_invite(self) -> None:
        """Ask the service whether the code admits a signup right now."""
        code = self.invite_code.strip()
        if not code:
            self.invite_status, self.invite_message = "", {}
            return
        try:
            validate_invite_code(code)
        except FieldError as exc:
            self.invite_status, self.invite_message = "invalid", _field(exc.code)
            return
        result = await asyncio.to_thread(invites.check, code)
        if result.is_valid:
            self.invite_status = "valid"
            self.invite_message = {}
        else:
            self.invite_status = "invalid"
            self.invite_message = bilingual_error(AppError(code=result.error_code or "INVITE_UNKNOWN"))

    @rx.event(background=True)
    async def submit(self, form: dict) -> None:
        """Create the account; on success the browser is logged in (password hashing runs off the state lock)."""
        errors: dict[str, dict[str, str]] = {}
        if str(form.get("password", "")) != str(form.get("password_confirm", "")):
            errors["password_confirm"] = _field("PASSWORD_MISMATCH")
        phone = str(form.get("phone_number", "")).strip() or None
        async with self:
            if self.busy:
                return
            self.error = {}
            invite_code = self.invite_code or str(form.get("invite_code", ""))
            client = client_of(self)
        data = users.SignupInput(
            site_id=str(form.get("site_id", ""))[:200],
            nickname=str(form.get("nickname", ""))[:200],
            password=str(form.get("password", ""))[:600],
            invite_code=invite_code,
            phone_number=phone[:40] if phone else None,
        )
        for field, value in (("site_id", data.site_id), ("nickname", data.nickname), ("password", data.password)):
            if not value:
                errors[field] = _field("REQUIRED")
        if not data.invite_code:
            errors["invite_code"] = _field("REQUIRED")
        if errors:
            async with self:
                self.field_errors = errors
            return
        async with self:
            self.busy = True
        try:
            pair = await asyncio.to_thread(users.signup, data, client, channel=sessions.WEB)
        except AppError as exc:
            async with self:
                self._show(exc)
                self.busy = False
            return
        async with self:
            self.field_errors = {}
            auth = await self.get_state(AuthState)
            auth._start_handoff(pair, "/?welcome=1")

    def _show(self, exc: AppError) -> None:
        fields = exc.details.get("fields")
        if isinstance(fields, list):
            self.field_errors = {f["field"]: _field(f["code"]) for f in fields}
            return
        field = exc.details.get("field")
        if isinstance(field, str):
            self.field_errors = {field: bilingual_error(exc)}
            if field == "invite_code":
                self.invite_status, self.invite_message = "invalid", bilingual_error(exc)
            return
        self.field_errors = {}
        self.error = bilingual_error(exc)
