"""``/account/password``: "set a new password" — a player sets a new password (required after a staff reset)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.form_help import wait_alert
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.state.account_password import PasswordChangeState
from casino_app.state.auth import AuthState
from casino_app.state.ui import tr

S = PasswordChangeState


def _password(label_key: str, name: str, autocomplete: str) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=f"cc-password-{name}", class_name="cc-label"),
        rx.input(
            id=f"cc-password-{name}",
            name=name,
            type="password",
            auto_complete=autocomplete,
            max_length=128,
            required=True,
            size="3",
            class_name="cc-input",
        ),
        class_name="cc-field",
    )


def password_form() -> rx.Component:
    """Current (or temporary) password, the new one twice."""
    return rx.form(
        _password("password_page.current", "current", "current-password"),
        _password("password_page.new", "new", "new-password"),
        _password("password_page.again", "again", "new-password"),
        rx.text(tr("password_page.rules"), size="2", color="var(--cc-muted)"),
        rx.el.button(
            tr("password_page.submit"),
            type="submit",
            class_name="cc-btn cc-btn--primary",
            disabled=S.busy,
            id="cc-password-submit",
        ),
        on_submit=S.submit,
        key=S.form_nonce.to_string(),
        display="grid",
        gap="12px",
        class_name="cc-card",
    )


def account_password_page() -> rx.Component:
    """The form, or the confirmation once the password is changed."""
    return shell(
        rx.vstack(
            rx.heading(tr("password_page.title"), as_="h1", size="7", class_name="cc-glow-heading"),
            rx.cond(
                S.required,
                rx.el.div(tr("password_page.required"), class_name="cc-alert cc-alert--info", role="status"),
                rx.text(tr("password_page.lead")),
            ),
            rx.cond(
                S.wait_seconds > 0,
                wait_alert(S.wait_message, S.wait_seconds, S.wait_stamp, alert_id="cc-password-error"),
                alert(S.error, alert_id="cc-password-error"),
            ),
            rx.cond(
                S.changed,
                rx.el.div(
                    rx.el.p(tr("password_page.changed"), id="cc-password-changed"),
                    rx.link(tr("password_page.home"), href="/", class_name="cc-btn cc-btn--primary"),
                    class_name="cc-alert cc-alert--success",
                    role="status",
                    display="grid",
                    gap="8px",
                ),
                password_form(),
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
            max_width="480px",
            margin_x="auto",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/account/password`` (players; guests are sent to login)."""
    app.add_page(
        account_password_page,
        route="/account/password",
        title=tr("page.account_password_title"),
        on_load=[AuthState.refresh_identity, S.load],
    )
