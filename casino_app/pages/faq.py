"""``/faq``: the questions players ask most (answers about games and tools list what exists)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.faq import faq_accordion
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.ui import tr


def faq_page() -> rx.Component:
    """Full-page FAQ."""
    return shell(
        rx.el.section(
            rx.heading(tr("landing.faq_title"), as_="h1", size="7", id="faq-title", class_name="cc-glow-heading"),
            faq_accordion(level="h2"),
            aria_labelledby="faq-title",
            padding_top="24px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/faq``."""
    app.add_page(
        faq_page,
        route="/faq",
        title=tr("landing.faq_title"),
        description=tr("meta.description"),
        on_load=page_events.PUBLIC,
    )
