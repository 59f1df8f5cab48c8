"""The "odds" button and dialog every game page offers before play."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import tr


def odds_dialog(trigger_id: str, title_key: str, *body: rx.Component) -> rx.Component:
    """A ghost button that opens the published odds of a game (``body`` is the table and rules)."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.el.button(
                rx.icon("scale", size=16, aria_hidden="true"),
                tr("games.odds"),
                type="button",
                class_name="cc-btn cc-btn--ghost cc-btn--small",
                id=trigger_id,
            )
        ),
        rx.dialog.content(
            rx.dialog.title(tr(title_key), class_name="cc-glow-heading"),
            *body,
            rx.hstack(
                rx.dialog.close(rx.el.button(tr("daily.close"), type="button", class_name="cc-btn cc-btn--ghost")),
                justify="end",
                margin_top="16px",
            ),
            class_name="cc-card",
            max_width="640px",
        ),
    )
