"""A live toast for the newest pushed notification (restarts its animation on every new one)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import localized
from casino_app.state.notifications import NotificationState


def live_toast() -> rx.Component:
    """Fixed neon toast; ``key`` changes with each notification so the CSS animation replays."""
    return rx.cond(
        NotificationState.toast_id > 0,
        rx.el.div(
            rx.icon("bell-ring", size=18, aria_hidden="true"),
            rx.el.span(localized(NotificationState.toast)),
            key=NotificationState.toast_id,
            class_name="cc-toast",
            role="status",
            aria_live="polite",
            id="cc-toast",
        ),
    )
