"""The 404 page."""

from __future__ import annotations

import reflex as rx

from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.ui import tr


def not_found_page() -> rx.Component:
    """Shown for any unknown route."""
    return shell(
        rx.el.section(
            rx.el.p("404", class_name="cc-neon-title", aria_hidden="true"),
            rx.heading(tr("notfound.title"), as_="h1", size="7", id="notfound-title"),
            rx.text(tr("notfound.body"), color="var(--cc-muted)", size="3"),
            rx.link(tr("notfound.home"), href="/", class_name="cc-btn cc-btn--primary", underline="none"),
            display="flex",
            flex_direction="column",
            align_items="flex-start",
            gap="18px",
            padding="64px 0",
            aria_labelledby="notfound-title",
        )
    )


def register(app: rx.App) -> None:
    """Add the custom 404."""
    app.add_page(not_found_page, route="404", title=tr("page.notfound_title"), on_load=page_events.PUBLIC)
