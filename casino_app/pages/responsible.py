"""``/responsible-play``: the player-protection principles and the tools that exist, with the way to set them."""

from __future__ import annotations

import reflex as rx

from casino_app.components.cards import card_grid, feature_card
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.ui import tr

HELPLINE_SITE = "https://www.kcgp.or.kr"

_TOPICS = (
    ("no_cash", "ban", "pink"),
    ("reality", "timer", "violet"),
    ("daily", "hourglass", "cyan"),
    ("cool_off", "moon", "violet"),
    ("exclusion", "pause", "pink"),
    ("limits", "wallet", "cyan"),
    ("age", "id-card", "gold"),
    ("export", "download", "gold"),
    ("help", "phone", "pink"),
)


def responsible_page() -> rx.Component:
    """Principles and tools for healthy play, a link to the settings and to the helpline's site."""
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
            rx.hstack(
                rx.link(
                    tr("responsible.cta"), href="/care", class_name="cc-btn cc-btn--primary", id="cc-responsible-care"
                ),
                rx.link(
                    tr("responsible.site"),
                    href=HELPLINE_SITE,
                    is_external=True,
                    rel="noopener noreferrer",
                    class_name="cc-btn cc-btn--ghost",
                    id="cc-responsible-helpline-site",
                ),
                spacing="3",
                wrap="wrap",
                margin_top="24px",
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
