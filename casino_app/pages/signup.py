"""``/signup``: join with an invite code (checked live)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert, auth_card, field, localized, submit_button
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.signup import SignupState
from casino_app.state.ui import tr


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
                max_length=32,
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


def signup_page() -> rx.Component:
    """Signup form."""
    errors = SignupState.field_errors
    return shell(
        auth_card(
            rx.form(
                alert(SignupState.error, alert_id="cc-signup-error"),
                invite_field(),
                field(
                    "signup.site_id", "site_id", errors=errors, hint_key="signup.site_id_hint", auto_complete="username"
                ),
                field(
                    "signup.nickname",
                    "nickname",
                    errors=errors,
                    hint_key="signup.nickname_hint",
                    auto_complete="nickname",
                ),
                field(
                    "signup.password",
                    "password",
                    errors=errors,
                    hint_key="signup.password_hint",
                    input_type="password",
                    auto_complete="new-password",
                ),
                field(
                    "signup.password_confirm",
                    "password_confirm",
                    errors=errors,
                    input_type="password",
                    auto_complete="new-password",
                ),
                field(
                    "signup.phone",
                    "phone_number",
                    errors=errors,
                    hint_key="signup.phone_hint",
                    input_type="tel",
                    auto_complete="tel",
                    input_mode="tel",
                ),
                rx.text(tr("signup.notice"), size="1", color="var(--cc-muted)", margin_bottom="8px"),
                submit_button("signup.submit", SignupState.busy, "signup.busy", button_id="cc-signup-submit"),
                on_submit=SignupState.submit,
                reset_on_submit=False,
                id="cc-signup-form",
            ),
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
