"""The profile's email card: the current address, a field to set or change it, and a remove button."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.state.profile_email import ProfileEmailState
from casino_app.state.ui import tr

E = ProfileEmailState


def email_section() -> rx.Component:
    """Set, change or remove the player's email address."""
    return rx.el.section(
        rx.heading(tr("profile_email.title"), as_="h2", size="5", id="profile-email-title", margin_bottom="8px"),
        rx.text(tr("profile_email.lead"), color="var(--cc-muted)", margin_bottom="12px"),
        rx.form(
            alert(E.error, alert_id="cc-email-error"),
            rx.cond(
                E.saved != "",
                rx.el.div(
                    rx.cond(E.saved == "removed", tr("profile_email.removed"), tr("profile_email.saved")),
                    class_name="cc-alert cc-alert--success",
                    role="status",
                    id="cc-email-saved",
                ),
            ),
            rx.cond(
                E.email != "",
                rx.text(tr("profile_email.current"), " ", rx.el.strong(E.email, id="cc-email-current")),
                rx.text(tr("profile_email.none"), color="var(--cc-muted)", id="cc-email-none"),
            ),
            rx.el.label(tr("profile_email.label"), html_for="field-email", class_name="cc-label"),
            rx.input(
                id="field-email",
                name="email",
                type="email",
                auto_complete="email",
                default_value=E.email,
                max_length=254,
                size="3",
                key=E.form_nonce.to_string(),
            ),
            rx.hstack(
                rx.el.button(
                    tr("profile_email.save"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-email-save"
                ),
                rx.cond(
                    E.email != "",
                    rx.el.button(
                        tr("profile_email.remove"),
                        type="button",
                        class_name="cc-btn cc-btn--ghost",
                        on_click=E.remove,
                        id="cc-email-remove",
                    ),
                ),
                spacing="3",
                margin_top="12px",
            ),
            on_submit=E.save,
            reset_on_submit=False,
        ),
        class_name="cc-card",
        aria_labelledby="profile-email-title",
    )
