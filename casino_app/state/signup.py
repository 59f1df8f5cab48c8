"""The signup form: live checks of every field (ID and nickname availability included) with the same rules as
the API, field-level errors, and waits shown as a countdown.

Passwords never enter the state: the browser sends only their length and whether the two fields match.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, field_message, t
from casino_app.services.accounts import availability, invites, sessions, users
from casino_app.services.accounts.validation import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    PHONE_MAX,
    FieldError,
    normalize_phone,
    validate_invite_code,
)
from casino_app.state.auth import AuthState, bilingual_error, client_of
from casino_app.state.form_waits import wait_of

_FREE = {"site_id": "forms.site_id_free", "nickname": "forms.nickname_free"}


def _field(code: str) -> dict[str, str]:
    return {locale: field_message(code, locale) for locale in LOCALES}


def _text(key: str) -> dict[str, str]:
    return {locale: t(key, locale) for locale in LOCALES}


class SignupState(rx.State):
    """Signup form state; ``invite_status`` drives the neon success/failure feedback, ``field_errors`` and
    ``field_oks`` the message under each field."""

    invite_code: str = ""
    invite_status: str = ""  # "" | "checking" | "valid" | "invalid"
    invite_message: dict[str, str] = {}
    site_id: str = ""
    nickname: str = ""
    phone_number: str = ""
    password_length: int = 0
    confirm_length: int = 0
    passwords_match: bool = True
    show_password: bool = False
    field_errors: dict[str, dict[str, str]] = {}
    field_oks: dict[str, dict[str, str]] = {}
    error: dict[str, str] = {}
    wait_message: dict[str, str] = {}
    wait_seconds: int = 0
    wait_stamp: int = 0
    busy: bool = False

    @rx.event
    def on_open(self) -> rx.event.EventSpec | None:
        """Reset the form when the page opens; a code in ``?invite=`` (or a referral link's ``?ref=``) is
        pre-filled and checked."""
        self.field_errors, self.field_oks, self.error, self.busy = {}, {}, {}, False
        self.site_id, self.nickname, self.phone_number = "", "", ""
        self.password_length, self.confirm_length, self.passwords_match = 0, 0, True
        self.show_password, self.wait_message, self.wait_seconds = False, {}, 0
        params = self.router.url.query_parameters
        code = str(params.get("invite", "") or params.get("ref", ""))
        self.invite_code = code[:32]
        self.invite_status, self.invite_message = "", {}
        if code:
            return SignupState.check_invite
        return None

    def _mark(self, field: str, error: dict[str, str] | None = None, ok: dict[str, str] | None = None) -> None:
        """Set (or clear) one field's error and confirmation."""
        errors, oks = dict(self.field_errors), dict(self.field_oks)
        errors.pop(field, None)
        oks.pop(field, None)
        if error:
            errors[field] = error
        if ok:
            oks[field] = ok
        self.field_errors, self.field_oks = errors, oks

    def _wait(self, exc: AppError) -> bool:
        wait = wait_of(exc)
        if wait is None:
            return False
        (self.wait_message, self.wait_seconds), self.error = wait, {}
        self.wait_stamp += 1
        return True

    @rx.event
    def set_invite_code(self, value: str) -> rx.event.EventSpec | None:
        """Typing in the invite field (debounced); checks the code live."""
        self.invite_code = str(value)[:64]
        return SignupState.check_invite

    @rx.event
    async def check_invite(self) -> None:
        """Ask the service whether the code admits a signup right now."""
        code = self.invite_code.strip()
        self._mark("invite_code")
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

    @rx.event
    def set_site_id(self, value: str) -> rx.event.EventSpec:
        """Typing the ID (debounced): checked live."""
        self.site_id = str(value)[:80]
        return SignupState.check_site_id

    @rx.event
    def set_nickname(self, value: str) -> rx.event.EventSpec:
        """Typing the nickname (debounced): checked live."""
        self.nickname = str(value)[:80]
        return SignupState.check_nickname

    @rx.event
    async def check_site_id(self) -> None:
        """Whether the ID follows the rules and is free (never counts toward the signup limit)."""
        await self._check_available("site_id", self.site_id)

    @rx.event
    async def check_nickname(self) -> None:
        """Whether the nickname follows the rules and is free (never counts toward the signup limit)."""
        await self._check_available("nickname", self.nickname)

    async def _check_available(self, field: str, value: str) -> None:
        if not value.strip():
            self._mark(field)
            return
        client = client_of(self)
        try:
            answers = await asyncio.to_thread(availability.check, client.ip, **{field: value})
        except AppError as exc:
            self._mark(field)
            if not self._wait(exc):
                self.error = bilingual_error(exc)
            return
        answer = answers[field]
        if answer.available:
            self._mark(field, ok=_text(_FREE[field]))
        else:
            code = answer.code or "VALIDATION_ERROR"
            self._mark(field, error=bilingual_error(AppError(code=code)) if code.endswith("_TAKEN") else _field(code))

    @rx.event
    def note_password(self, length: int, matches: bool) -> None:
        """The password field changed: its length (the rule is checked live) and whether the confirmation
        still matches. The password itself stays in the browser."""
        self.password_length = int(length) if isinstance(length, int) and not isinstance(length, bool) else 0
        self.passwords_match = bool(matches)
        self._judge_passwords()

    @rx.event
    def note_confirm(self, length: int, matches: bool) -> None:
        """The confirmation field changed: its length and whether it matches the password."""
        self.confirm_length = int(length) if isinstance(length, int) and not isinstance(length, bool) else 0
        self.passwords_match = bool(matches)
        self._judge_passwords()

    def _judge_passwords(self) -> None:
        length = self.password_length
        short = length > 0 and not PASSWORD_MIN <= length <= PASSWORD_MAX
        self._mark("password", error=_field("PASSWORD_LENGTH") if short else None)
        if self.confirm_length == 0:
            self._mark("password_confirm")
        elif not self.passwords_match:
            self._mark("password_confirm", error=_field("PASSWORD_MISMATCH"))
        else:
            self._mark("password_confirm", ok=_text("forms.passwords_match"))

    @rx.event
    def toggle_password(self) -> None:
        """Show or hide both password fields as typed."""
        self.show_password = not self.show_password

    @rx.event
    def set_phone_number(self, value: str) -> None:
        """Typing the phone number (debounced): checked live (blank is fine, it is optional)."""
        self.phone_number = str(value)[: PHONE_MAX * 2]
        try:
            normalize_phone(self.phone_number)
        except FieldError as exc:
            self._mark("phone_number", error=_field(exc.code))
            return
        self._mark("phone_number")

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
            async with self:  # with the live checks' verdicts on the other fields
                self.field_errors = {**self.field_errors, **errors}
                self.field_oks = {k: v for k, v in self.field_oks.items() if k not in errors}
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
            self.field_errors, self.wait_seconds = {}, 0
            auth = await self.get_state(AuthState)
            auth._start_handoff(pair, "/?welcome=1")

    def _show(self, exc: AppError) -> None:
        if self._wait(exc):
            return
        self.wait_seconds = 0
        fields = exc.details.get("fields")
        if isinstance(fields, list):
            self.field_errors = {f["field"]: _field(f["code"]) for f in fields}
            self.field_oks = {k: v for k, v in self.field_oks.items() if k not in self.field_errors}
            return
        field = exc.details.get("field")
        if isinstance(field, str):
            self._mark(field, error=bilingual_error(exc))
            if field == "invite_code":
                self.invite_status, self.invite_message = "invalid", bilingual_error(exc)
            return
        self.error = bilingual_error(exc)
