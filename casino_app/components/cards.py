"""Neon cards and section headings."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import tr


def section_heading(key: str, heading_id: str) -> rx.Component:
    """An h2 with a neon underline, addressable by ``heading_id``."""
    return rx.heading(
        tr(key),
        as_="h2",
        size="7",
        id=heading_id,
        margin_bottom="20px",
        style={"text_shadow": "var(--cc-glow-violet)"},
    )


def feature_card(icon: str, title_key: str, body_key: str, accent: str = "pink") -> rx.Component:
    """An icon, a title and a paragraph in a glowing card."""
    return rx.el.article(
        rx.box(
            rx.icon(icon, size=26, aria_hidden="true"),
            color=f"var(--cc-{accent})",
            style={"filter": f"drop-shadow(0 0 8px var(--cc-{accent}))"},
            margin_bottom="12px",
        ),
        rx.heading(tr(title_key), as_="h3", size="4", margin_bottom="6px"),
        rx.text(tr(body_key), color="var(--cc-muted)", size="2", line_height="1.7"),
        class_name="cc-card cc-card--glow",
    )


def card_grid(*cards: rx.Component, min_width: str = "240px") -> rx.Component:
    """A responsive grid of cards."""
    return rx.box(
        *cards,
        display="grid",
        grid_template_columns=f"repeat(auto-fill, minmax({min_width}, 1fr))",
        gap="16px",
    )
