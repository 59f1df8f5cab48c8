"""``/signup``: join with an invite code; every field is checked as it is typed (the ID and nickname against
the accounts that exist), inputs are limited to what the server keeps, and a wait is a live countdown."""

from __future__ import annotations

import reflex as rx

from casino_app.components.form_help import live_field, live_message, password_input, wait_alert
from casino_app.components.forms import alert, auth_card, localized, submit_button
from casino_app.components.layout import shell
from casino_app.services.accounts.validation import (
    INVITE_CODE_MAX,
    NICKNAME_MAX,
    PASSWORD_MAX,
    PHONE_MAX,
    SITE_ID_MAX,
)
from casino_app.state import page_events
from casino_app.state.signup import SignupState
from casino_app.state.ui import tr

DEBOUNCE_MS = 400
# The other password field's current value, read in the browser: only "do they match" is sent to the server.
_PASSWORD_NOW = rx.Var("(document.getElementById('field-password')?.value ?? '')", _var_type=str)
_CONFIRM_NOW = rx.Var("(document.getElementById('field-password_confirm')?.value ?? '')", _var_type=str)


def invite_field() -> rx.Component:
    """The invite code with neon success/failure feedback as the player types."""
    status = SignupState.invite_status
    return rx.el.div(
        rx.el.label(tr("signup.invite_code"), html_for="field-invite_code", class_name="cc-label"),
        rx.el.p(tr("friends.signup_hint"), class_name="cc-field-hint", id="field-invite_code-hint"),
        rx.debounce_input(
            rx.input(
                id="field-invite_code",
                name="invite_code",
                value=SignupState.invite_code,
                on_change=SignupState.set_invite_code,
                size="3",
                auto_complete="off",
                max_length=INVITE_CODE_MAX,
                aria_invalid=rx.cond(status == "invalid", "true", "false"),
                aria_describedby="field-invite_code-hint field-invite_code-msg",
                class_name=rx.match(
                    status, ("valid", "cc-input cc-input--ok"), ("invalid", "cc-input cc-input--bad"), "cc-input"
                ),
            ),
            debounce_timeout=350,
        ),
        rx.el.div(
            rx.match(
                status,
                (
                    "valid",
                    rx.el.p(
                        rx.icon("circle-check", size=16, aria_hidden="true"),
                        tr("signup.invite_valid"),
                        class_name="cc-invite-ok",
                    ),
                ),
                ("invalid", rx.el.p(localized(SignupState.invite_message), class_name="cc-field-error")),
                rx.cond(
                    SignupState.field_errors.contains("invite_code"),
                    rx.el.p(localized(SignupState.field_errors["invite_code"]), class_name="cc-field-error"),
                ),
            ),
            id="field-invite_code-msg",
            aria_live="polite",
        ),
        class_name="cc-field",
    )


def _checked_input(name: str, value: rx.Var, on_change: rx.EventHandler, **props: object) -> rx.Component:
    """A text input checked by the server as it is typed (debounced)."""
    errors, oks = SignupState.field_errors, SignupState.field_oks
    return rx.debounce_input(
        rx.input(
            id=f"field-{name}",
            name=name,
            value=value,
            on_change=on_change,
            size="3",
            aria_invalid=rx.cond(errors.contains(name), "true", "false"),
            aria_describedby=f"field-{name}-msg",
            class_name=rx.cond(
                errors.contains(name),
                "cc-input cc-input--bad",
                rx.cond(oks.contains(name), "cc-input cc-input--ok", "cc-input"),
            ),
            **props,
        ),
        debounce_timeout=DEBOUNCE_MS,
    )


def _password_field(label_key: str, name: str, hint_key: str | None, on_change: object) -> rx.Component:
    errors = SignupState.field_errors
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=f"field-{name}", class_name="cc-label"),
        password_input(
            name,
            shown=SignupState.show_password,
            on_toggle=SignupState.toggle_password,
            described_by=f"field-{name}-msg",
            invalid=errors.contains(name),
            auto_complete="new-password",
            max_length=PASSWORD_MAX,
            on_change=on_change,
        ),
        live_message(name, errors, SignupState.field_oks, hint_key),
        class_name="cc-field",
    )


def signup_form() -> rx.Component:
    """Every field, its live message and the submit button."""
    errors, oks = SignupState.field_errors, SignupState.field_oks
    return rx.form(
        rx.cond(
            SignupState.wait_seconds > 0,
            wait_alert(
                SignupState.wait_message, SignupState.wait_seconds, SignupState.wait_stamp, alert_id="cc-signup-error"
            ),
            alert(SignupState.error, alert_id="cc-signup-error"),
        ),
        invite_field(),
        live_field(
            "signup.site_id",
            "site_id",
            errors=errors,
            oks=oks,
            hint_key="signup.site_id_hint",
            control=_checked_input(
                "site_id",
                SignupState.site_id,
                SignupState.set_site_id,
                max_length=SITE_ID_MAX,
                auto_complete="username",
                auto_capitalize="none",
                spell_check=False,
            ),
        ),
        live_field(
            "signup.nickname",
            "nickname",
            errors=errors,
            oks=oks,
            hint_key="signup.nickname_hint",
            control=_checked_input(
                "nickname",
                SignupState.nickname,
                SignupState.set_nickname,
                max_length=NICKNAME_MAX,
                auto_complete="nickname",
            ),
        ),
        _password_field(
            "signup.password",
            "password",
            "signup.password_hint",
            lambda value: SignupState.note_password(value.length(), value == _CONFIRM_NOW),
        ),
        _password_field(
            "signup.password_confirm",
            "password_confirm",
            None,
            lambda value: SignupState.note_confirm(value.length(), value == _PASSWORD_NOW),
        ),
        live_field(
            "signup.phone",
            "phone_number",
            errors=errors,
            hint_key="signup.phone_hint",
            control=_checked_input(
                "phone_number",
                SignupState.phone_number,
                SignupState.set_phone_number,
                max_length=PHONE_MAX,
                type="tel",
                auto_complete="tel",
                input_mode="tel",
            ),
        ),
        rx.text(tr("signup.notice"), size="1", color="var(--cc-muted)", margin_bottom="8px"),
        submit_button("signup.submit", SignupState.busy, "signup.busy", button_id="cc-signup-submit"),
        on_submit=SignupState.submit,
        reset_on_submit=False,
        id="cc-signup-form",
    )


def signup_page() -> rx.Component:
    """Signup form."""
    return shell(
        auth_card(
            signup_form(),
            rx.hstack(
                rx.text(tr("signup.have_account"), color="var(--cc-muted)"),
                rx.link(tr("signup.to_login"), href="/login", color="var(--cc-cyan)"),
                spacing="2",
                margin_top="16px",
            ),
            title_key="signup.title",
            subtitle_key="signup.subtitle",
            heading_id="signup-title",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/signup``."""
    app.add_page(
        signup_page,
        route="/signup",
        title=tr("page.signup_title"),
        on_load=[*page_events.PUBLIC, SignupState.on_open],
    )
