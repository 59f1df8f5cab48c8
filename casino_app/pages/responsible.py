"""``/responsible-play``: the player-protection principles and tools."""

from __future__ import annotations

import reflex as rx

from casino_app.components.cards import card_grid, feature_card
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.ui import tr

_TOPICS = (
    ("no_cash", "ban", "pink"),
    ("age", "id-card", "gold"),
    ("limits", "wallet", "cyan"),
    ("reality", "timer", "violet"),
    ("help", "phone", "pink"),
)


def responsible_page() -> rx.Component:
    """Principles and tools for healthy play."""
    return shell(
        rx.el.section(
            rx.heading(tr("responsible.title"), as_="h1", size="8", id="responsible-title", margin_bottom="12px"),
            rx.text(tr("responsible.lead"), size="4", color="var(--cc-muted)", margin_bottom="28px", line_height="1.7"),
            card_grid(
                *[
                    feature_card(icon, f"responsible.{key}.title", f"responsible.{key}.body", accent)
                    for key, icon, accent in _TOPICS
                ]
            ),
            aria_labelledby="responsible-title",
            padding_top="24px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/responsible-play``."""
    app.add_page(
        responsible_page,
        route="/responsible-play",
        title=tr("page.responsible_title"),
        description=tr("responsible.lead"),
        on_load=page_events.PUBLIC,
    )
