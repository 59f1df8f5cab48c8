"""``/login`` (players) and ``/admin/login`` (staff)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.form_help import password_input, wait_alert
from casino_app.components.forms import alert, auth_card, field, localized, submit_button
from casino_app.components.layout import shell
from casino_app.services.accounts.validation import PASSWORD_MAX, SITE_ID_MAX
from casino_app.state import page_events
from casino_app.state.login import LoginState
from casino_app.state.ui import tr


def _refusal() -> rx.Component:
    """Why the last try failed (a lockout as a live countdown), and how many tries are left before one."""
    return rx.fragment(
        rx.cond(
            LoginState.wait_seconds > 0,
            wait_alert(
                LoginState.wait_message, LoginState.wait_seconds, LoginState.wait_stamp, alert_id="cc-login-error"
            ),
            alert(LoginState.error, alert_id="cc-login-error"),
        ),
        rx.cond(
            LoginState.attempts.length() > 0,
            rx.el.p(
                rx.icon("triangle-alert", size=16, aria_hidden="true"),
                localized(LoginState.attempts),
                class_name="cc-attempts",
                role="status",
                id="cc-login-attempts",
            ),
        ),
    )


def _password() -> rx.Component:
    return rx.el.div(
        rx.el.label(tr("login.password"), html_for="field-password", class_name="cc-label"),
        password_input(
            "password",
            shown=LoginState.show_password,
            on_toggle=LoginState.toggle_password,
            described_by="cc-login-attempts",
            invalid=LoginState.attempts.length() > 0,
            auto_complete="current-password",
            required=True,
            max_length=PASSWORD_MAX,
        ),
        class_name="cc-field",
    )


def _form(on_submit: rx.event.EventHandler, form_id: str) -> rx.Component:
    return rx.form(
        alert(LoginState.notice, tone="info", alert_id="cc-login-notice"),
        _refusal(),
        field("login.site_id", "site_id", auto_complete="username", required=True, max_length=SITE_ID_MAX),
        _password(),
        submit_button("login.submit", LoginState.busy, "login.busy", button_id=f"{form_id}-submit"),
        on_submit=on_submit,
        reset_on_submit=False,
        id=form_id,
    )


def login_page() -> rx.Component:
    """Player login."""
    return shell(
        auth_card(
            _form(LoginState.submit, "cc-login-form"),
            rx.hstack(
                rx.text(tr("login.no_account"), color="var(--cc-muted)"),
                rx.link(tr("login.to_signup"), href="/signup", color="var(--cc-cyan)"),
                spacing="2",
                margin_top="16px",
                wrap="wrap",
            ),
            title_key="login.title",
            subtitle_key="login.subtitle",
            heading_id="login-title",
        )
    )


def admin_login_page() -> rx.Component:
    """Staff login for the admin console."""
    return shell(
        auth_card(
            _form(LoginState.submit_staff, "cc-admin-login-form"),
            title_key="admin.login_title",
            subtitle_key="admin.login_subtitle",
            heading_id="admin-login-title",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/login`` and ``/admin/login``."""
    app.add_page(
        login_page,
        route="/login",
        title=tr("page.login_title"),
        on_load=[*page_events.PUBLIC, LoginState.on_open],
    )
    app.add_page(
        admin_login_page,
        route="/admin/login",
        title=tr("page.admin_login_title"),
        on_load=[*page_events.PUBLIC, LoginState.on_open],
    )
