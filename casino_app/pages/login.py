"""``/login`` (players) and ``/admin/login`` (staff)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert, auth_card, field, submit_button
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.login import LoginState
from casino_app.state.ui import tr


def _form(on_submit: rx.event.EventHandler, form_id: str) -> rx.Component:
    return rx.form(
        alert(LoginState.notice, tone="info", alert_id="cc-login-notice"),
        alert(LoginState.error, alert_id="cc-login-error"),
        field("login.site_id", "site_id", auto_complete="username", required=True, max_length=20),
        field("login.password", "password", input_type="password", auto_complete="current-password", required=True),
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
